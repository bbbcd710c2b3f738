package dev.plinth.core;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.migration.MigrationService;
import dev.plinth.core.security.PlatformSecrets;
import dev.plinth.core.vertical.VerticalRegistry;
import dev.plinth.core.webhook.SignatureVerifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Logger;

/**
 * Brings Plinth up: checks that a deployment sets its database passwords, admin token and secrets
 * key (or is a local run; see {@link dev.plinth.core.config.RequiredSettings}), resolves the
 * platform secrets, checks the webhook signature, retention, metrics and admin-session settings,
 * indexes the verticals (refusing duplicate ids), and starts the migrations in the background, so
 * that the server starts even while the database is down.
 */
@ApplicationScoped
public class Startup {

  private static final Logger LOG = Logger.getLogger(Startup.class.getName());

  @Inject PlatformSecrets secrets;

  @Inject VerticalRegistry verticals;

  @Inject SignatureVerifier signatures;

  @Inject MigrationService migrations;

  @Inject dev.plinth.core.webhook.WebhookWorker webhookWorker;

  @Inject dev.plinth.core.billing.ReconcileJob reconcileJob;

  @Inject dev.plinth.core.vertical.VerticalJobs verticalJobs;

  @Inject dev.plinth.core.notify.OutboxSender outboxSender;

  @Inject dev.plinth.core.retention.RetentionJob retentionJob;

  @Inject dev.plinth.core.metrics.MonitoringRelay monitoring;

  @Inject dev.plinth.core.metrics.BacklogGauges backlogGauges;

  @Inject dev.plinth.core.security.AdminSessions adminSessions;

  @Inject PlinthConfig config;

  private volatile boolean started;

  void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
    try {
      // first, before anything touches the datasources: a deployment without its passwords,
      // admin token or secrets key does not start (PlatformSecrets checks that before all else)
      secrets.initialise();
      signatures.checkConfiguration();
      verticals.initialise();
      retentionJob.configure();
      monitoring.initialise();
      adminSessions.configure();
    } catch (IllegalStateException e) {
      LOG.severe(e.getMessage());
      throw e;
    }
    migrations.start();
    webhookWorker.start();
    reconcileJob.start();
    verticalJobs.start();
    outboxSender.start();
    retentionJob.start();
    backlogGauges.start();
    started = true;
    StringBuilder banner =
        new StringBuilder("\n\n  Plinth is starting at ")
            .append(config.publicUrl())
            .append("\n  verticals: ")
            .append(verticals.ids().isEmpty() ? "(none)" : String.join(", ", verticals.ids()))
            .append("\n  readiness: ")
            .append(config.publicUrl())
            .append("/health/ready");
    secrets
        .generatedAdminToken()
        .ifPresent(
            t ->
                banner
                    .append("\n  admin token (generated for this local run): ")
                    .append(t)
                    .append("\n  kept in ")
                    .append(config.localDir().resolve("admin-token")));
    System.out.println(banner.append("\n").toString());
  }

  public boolean isStarted() {
    return started;
  }
}
