package dev.plinth.core.notify;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/**
 * Sends plain-text mail over SMTP with Jakarta Mail (Liberty's {@code mail-2.1} feature), through a
 * {@link Session} built from {@link Settings}, not from JNDI. Timeouts are bounded so that a send
 * ends well within the transaction that holds the message's claim.
 */
public class SmtpMailSender implements MailSender {

  static final int CONNECT_TIMEOUT_MS = 10_000;
  static final int IO_TIMEOUT_MS = 30_000;

  /**
   * Where and how to send.
   *
   * @param user null for no authentication
   * @param startTls whether to require STARTTLS
   */
  public record Settings(
      String host, int port, String user, String password, String from, boolean startTls) {

    @Override
    public String toString() {
      return (user == null ? "" : user + "@") + host + ":" + port + (startTls ? " (STARTTLS)" : "");
    }
  }

  private final Settings settings;
  private Session session;

  public SmtpMailSender(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  @Override
  public void send(String to, String subject, String body) throws Exception {
    MimeMessage message = new MimeMessage(session());
    message.setFrom(new InternetAddress(settings.from(), true));
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
    message.setSubject(subject, "UTF-8");
    message.setText(body, "UTF-8");
    message.setSentDate(new Date());
    if (settings.user() != null) {
      Transport.send(message, settings.user(), settings.password());
    } else {
      Transport.send(message);
    }
  }

  /** The session's properties. */
  static Properties properties(Settings s) {
    Properties p = new Properties();
    p.setProperty("mail.transport.protocol", "smtp");
    p.setProperty("mail.smtp.host", s.host());
    p.setProperty("mail.smtp.port", Integer.toString(s.port()));
    p.setProperty("mail.smtp.from", s.from());
    p.setProperty("mail.smtp.auth", Boolean.toString(s.user() != null));
    p.setProperty("mail.smtp.starttls.enable", Boolean.toString(s.startTls()));
    p.setProperty("mail.smtp.starttls.required", Boolean.toString(s.startTls()));
    p.setProperty("mail.smtp.connectiontimeout", Integer.toString(CONNECT_TIMEOUT_MS));
    p.setProperty("mail.smtp.timeout", Integer.toString(IO_TIMEOUT_MS));
    p.setProperty("mail.smtp.writetimeout", Integer.toString(IO_TIMEOUT_MS));
    return p;
  }

  /** Built on first use: the mail implementation is there only inside Liberty. */
  private synchronized Session session() {
    if (session == null) {
      session = Session.getInstance(properties(settings));
    }
    return session;
  }
}
