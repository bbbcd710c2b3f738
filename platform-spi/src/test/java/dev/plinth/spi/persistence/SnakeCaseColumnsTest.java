package dev.plinth.spi.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.persistence.descriptors.RelationalDescriptor;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.DatabaseSession;
import org.eclipse.persistence.sessions.Project;
import org.junit.jupiter.api.Test;

class SnakeCaseColumnsTest {

  static class Row {
    String checkoutSessionId;
    String name;
    String from;
  }

  @Test
  void aColumnNamedAfterItsFieldIsNamedInSnakeCaseAndANamedColumnKeepsItsName() throws Exception {
    RelationalDescriptor d = new RelationalDescriptor();
    d.setJavaClass(Row.class);
    d.setTableName("rows");
    // as EclipseLink defaults a column's name: the field's, upper-cased
    DatabaseMapping session = d.addDirectMapping("checkoutSessionId", "CHECKOUTSESSIONID");
    DatabaseMapping name = d.addDirectMapping("name", "NAME");
    DatabaseMapping from = d.addDirectMapping("from", "from_account");
    Project project = new Project(new DatabaseLogin());
    project.addDescriptor(d);
    DatabaseSession db = project.createDatabaseSession();

    new SnakeCaseColumns().customize(db);

    assertThat(session.getField().getName()).isEqualTo("checkout_session_id");
    assertThat(name.getField().getName()).isEqualTo("NAME");
    assertThat(from.getField().getName()).isEqualTo("from_account");
  }

  @Test
  void snakeCase() {
    assertThat(SnakeCaseColumns.snakeCase("paidAt")).isEqualTo("paid_at");
    assertThat(SnakeCaseColumns.snakeCase("amount")).isEqualTo("amount");
    assertThat(SnakeCaseColumns.snakeCase("step2Done")).isEqualTo("step2_done");
  }
}
