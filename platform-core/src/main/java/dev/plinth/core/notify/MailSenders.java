package dev.plinth.core.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Picks the {@link MailSender} from the configuration: {@link SmtpMailSender} when {@code
 * PLINTH_SMTP_HOST} is set (with {@code PLINTH_SMTP_PORT}, default 25, {@code PLINTH_SMTP_USER},
 * {@code PLINTH_SMTP_PASSWORD}, {@code PLINTH_SMTP_FROM}, default {@code plinth@localhost}, and
 * {@code PLINTH_SMTP_STARTTLS}, default false), otherwise {@link LogMailSender}.
 */
@ApplicationScoped
public class MailSenders {

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_HOST")
  Optional<String> host;

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_PORT", defaultValue = "25")
  int port;

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_USER")
  Optional<String> user;

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_PASSWORD")
  Optional<String> password;

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_FROM", defaultValue = "plinth@localhost")
  String from;

  @Inject
  @ConfigProperty(name = "PLINTH_SMTP_STARTTLS", defaultValue = "false")
  boolean startTls;

  /** The sender the configuration asks for. */
  public MailSender configured() {
    return choose(
        host.orElse(null), port, user.orElse(null), password.orElse(null), from, startTls);
  }

  static MailSender choose(
      String host, int port, String user, String password, String from, boolean startTls) {
    if (blank(host)) {
      return new LogMailSender();
    }
    return new SmtpMailSender(
        new SmtpMailSender.Settings(
            host.trim(),
            port,
            blank(user) ? null : user.trim(),
            blank(user) ? null : password,
            from,
            startTls));
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
