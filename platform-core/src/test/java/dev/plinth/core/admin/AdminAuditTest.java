package dev.plinth.core.admin;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

class AdminAuditTest {

  static MultivaluedMap<String, String> map(String... namesAndValues) {
    MultivaluedMap<String, String> m = new MultivaluedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return m;
  }

  @Path("admin/tenants")
  static class Declared {
    @POST
    @Path("{slug}/reconcile")
    public void reconcile() {}

    @POST
    public void create() {}
  }

  /** As a CDI container subclasses a bean to intercept it: the subclass carries no @Path. */
  static class Proxy extends Declared {}

  @Test
  void theActionIsTheTemplateTheMatchedMethodDeclares() throws Exception {
    // a slug that is also a word of the path cannot confuse it
    assertThat(AdminAudit.template(Proxy.class, Declared.class.getMethod("reconcile")))
        .contains("/api/admin/tenants/{slug}/reconcile");
    assertThat(AdminAudit.template(Declared.class, Declared.class.getMethod("create")))
        .contains("/api/admin/tenants");
    assertThat(AdminAudit.template(Object.class, Object.class.getMethod("toString"))).isEmpty();
  }

  @Test
  void withoutADeclaredTemplateTheActionPutsTheParametersNamesBack() {
    assertThat(
            AdminAudit.template(
                "admin/webhooks/5d0c0e1a-0000-4000-8000-000000000001/replay",
                map("id", "5d0c0e1a-0000-4000-8000-000000000001")))
        .isEqualTo("/api/admin/webhooks/{id}/replay");
    assertThat(AdminAudit.template("/tenants/acme-co", map("slug", "acme-co")))
        .isEqualTo("/api/tenants/{slug}");
    assertThat(
            AdminAudit.template(
                "admin/jobs/campaigns/advance-campaigns",
                map("vertical", "campaigns", "name", "advance-campaigns")))
        .isEqualTo("/api/admin/jobs/{vertical}/{name}");
    assertThat(AdminAudit.template("admin/webhooks/replay", map()))
        .isEqualTo("/api/admin/webhooks/replay");
  }

  @Test
  void theTargetHasThePathsIdsAndTheQuery() {
    assertThat(AdminAudit.target(map("slug", "acme"), map("days", "3")).toString())
        .isEqualTo("{\"days\":\"3\",\"slug\":\"acme\"}");
    assertThat(
            AdminAudit.target(map(), map("status", "dead", "since", "2026-12-01T00:00:00Z"))
                .getString("since"))
        .isEqualTo("2026-12-01T00:00:00Z");
    // a path parameter wins a clash with the query
    assertThat(AdminAudit.target(map("id", "real"), map("id", "other")).getString("id"))
        .isEqualTo("real");
  }
}
