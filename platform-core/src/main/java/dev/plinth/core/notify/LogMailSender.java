package dev.plinth.core.notify;

import java.util.logging.Logger;

/**
 * The default {@link MailSender}, for local runs and for deployments without SMTP: one INFO line in
 * the server log per message, with its kind, tenant, recipient and subject. The body, which may
 * hold a secret such as a sign-in link, is logged only at FINE.
 */
public class LogMailSender implements MailSender {

  private static final Logger LOG = Logger.getLogger(LogMailSender.class.getName());

  @Override
  public void send(String to, String subject, String body) {
    LOG.info("notification to " + to + ": " + subject);
    LOG.fine(() -> "notification body:\n" + body);
  }

  @Override
  public void send(OutboxMessage m) {
    LOG.info(
        "notification "
            + m.kind()
            + " for tenant "
            + m.tenant()
            + " to "
            + m.recipient()
            + ": "
            + m.subject());
    LOG.fine(() -> "notification " + m.id() + " body:\n" + m.body());
  }
}
