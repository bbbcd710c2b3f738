package dev.plinth.core.notify;

/**
 * How the outbox's messages leave Plinth: {@link LogMailSender} by default, {@link SmtpMailSender}
 * when {@code PLINTH_SMTP_HOST} is set (see {@link MailSenders}). A send that returns counts as
 * delivered; one that throws is tried again later.
 */
public interface MailSender {

  void send(String to, String subject, String body) throws Exception;

  /** Sends one outbox message; a sender that can use more of it than the address overrides this. */
  default void send(OutboxMessage message) throws Exception {
    send(message.recipient(), message.subject(), message.body());
  }
}
