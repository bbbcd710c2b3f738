package dev.plinth.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class MailSendersTest {

  @Test
  void withoutAnSmtpHostNotificationsGoToTheLog() {
    assertThat(MailSenders.choose(null, 25, null, null, "plinth@localhost", false))
        .isInstanceOf(LogMailSender.class);
    assertThat(MailSenders.choose("  ", 25, "u", "p", "plinth@localhost", false))
        .isInstanceOf(LogMailSender.class);
  }

  @Test
  void anSmtpHostSelectsSmtp() {
    MailSender sender =
        MailSenders.choose("smtp.example.com", 587, "mailer", "s3cret", "app@example.com", true);
    assertThat(sender).isInstanceOf(SmtpMailSender.class);
    SmtpMailSender.Settings s = ((SmtpMailSender) sender).settings();
    assertThat(s.host()).isEqualTo("smtp.example.com");
    assertThat(s.user()).isEqualTo("mailer");
    assertThat(s.toString()).doesNotContain("s3cret");

    Properties p = SmtpMailSender.properties(s);
    assertThat(p.getProperty("mail.smtp.host")).isEqualTo("smtp.example.com");
    assertThat(p.getProperty("mail.smtp.port")).isEqualTo("587");
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
    assertThat(p.getProperty("mail.smtp.from")).isEqualTo("app@example.com");
    assertThat(p.getProperty("mail.smtp.timeout")).isNotNull();
    assertThat(p.values()).doesNotContain("s3cret");
  }

  @Test
  void withoutAUserSmtpDoesNotAuthenticate() {
    SmtpMailSender sender =
        (SmtpMailSender)
            MailSenders.choose("localhost", 25, null, "ignored", "plinth@localhost", false);
    assertThat(sender.settings().user()).isNull();
    assertThat(sender.settings().password()).isNull();
    Properties p = SmtpMailSender.properties(sender.settings());
    assertThat(p.getProperty("mail.smtp.auth")).isEqualTo("false");
    assertThat(p.getProperty("mail.smtp.starttls.enable")).isEqualTo("false");
  }
}
