package dev.plinth.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.plinth.core.migration.MigrationState;
import dev.plinth.core.tenancy.ScopedTransactions;
import dev.plinth.probe.ProbeNote;
import dev.plinth.probe.ProbeVertical;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import javax.naming.InitialContext;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs inside the server, as the application role, to show the database's own wall: native SQL with
 * no tenant filter sees only the bound tenant's rows, nothing without a tenant, and a tenant never
 * outlives its transaction on a pooled connection.
 */
@ExtendWith(ArquillianExtension.class)
class RowLevelSecurityIT {

  @Deployment
  static WebArchive deployment() {
    return PlinthDeployment.withProbe()
        .addClasses(RowLevelSecurityIT.class, PlinthDeployment.class);
  }

  @Inject ScopedTransactions transactions;

  @Inject ProbeVertical probe;

  @Inject MigrationState migrations;

  @BeforeEach
  void migrated() throws InterruptedException {
    for (int i = 0; i < 600 && !migrations.isComplete(); i++) {
      Thread.sleep(100);
    }
    assertTrue(migrations.isComplete(), "migrations did not complete: " + migrations.problem());
  }

  EntityManager em() {
    return probe.entityManager();
  }

  long count() {
    return ((Number) em().createNativeQuery("SELECT count(*) FROM probe.notes").getSingleResult())
        .longValue();
  }

  <T> T unscoped(Callable<T> work) throws Exception {
    UserTransaction tx = (UserTransaction) new InitialContext().lookup("java:comp/UserTransaction");
    tx.begin();
    try {
      return work.call();
    } finally {
      tx.rollback();
    }
  }

  void insert(UUID tenant, int n) {
    transactions.inTenant(
        tenant,
        "probe",
        () -> {
          for (int i = 0; i < n; i++) {
            em().persist(new ProbeNote(UUID.randomUUID(), "note " + i, Instant.now()));
          }
          return null;
        });
  }

  @Test
  void nativeSqlWithoutATenantFilterSeesOnlyTheBoundTenant() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    insert(a, 2);
    insert(b, 1);
    assertEquals(2L, transactions.inTenant(a, "probe", this::count));
    assertEquals(1L, transactions.inTenant(b, "probe", this::count));
    assertEquals(0L, unscoped(this::count), "no tenant: no rows at all");
    assertEquals(
        0L, transactions.inPlatform(this::count), "the platform scope admits no vertical rows");
  }

  @Test
  void aTenantCannotWriteRowsForAnother() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    assertThrows(
        Exception.class,
        () ->
            transactions.inTenant(
                a,
                "probe",
                () ->
                    em().createNativeQuery(
                            "INSERT INTO probe.notes (id, tenant_id, body, created_at)"
                                + " VALUES (gen_random_uuid(), CAST(?1 AS uuid), 'x', now())")
                        .setParameter(1, b.toString())
                        .executeUpdate()));
    assertEquals(0L, transactions.inTenant(b, "probe", this::count));
  }

  @Test
  void theTenantNeverLeaksToTheNextTransactionOnAPooledConnection() throws Exception {
    UUID a = UUID.randomUUID();
    insert(a, 1);
    int samePid = 0;
    for (int i = 0; i < 30; i++) {
      Object[] scoped =
          transactions.inTenant(
              a,
              "probe",
              () ->
                  (Object[])
                      em().createNativeQuery(
                              "SELECT pg_backend_pid(), current_setting('plinth.tenant_id', true)")
                          .getSingleResult());
      assertEquals(a.toString(), scoped[1]);
      Object[] next =
          unscoped(
              () ->
                  (Object[])
                      em().createNativeQuery(
                              "SELECT pg_backend_pid(),"
                                  + " coalesce(current_setting('plinth.tenant_id', true), ''),"
                                  + " (SELECT count(*) FROM probe.notes)")
                          .getSingleResult());
      assertEquals("", next[1], "the tenant setting outlived its transaction");
      assertEquals(0L, ((Number) next[2]).longValue());
      if (scoped[0].equals(next[0])) {
        samePid++;
      }
    }
    assertTrue(samePid > 0, "the pool never reused a connection, so the test proved nothing");
  }
}
