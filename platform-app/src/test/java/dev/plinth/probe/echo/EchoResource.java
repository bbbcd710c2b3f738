package dev.plinth.probe.echo;

import dev.plinth.spi.TenantContext;
import dev.plinth.spi.web.Fields;
import dev.plinth.spi.web.TenantArea;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Collections;
import java.util.List;

/** The echo vertical's endpoints, served under /api/t/{slug}/echo. */
@Path(TenantArea.PATH + EchoVertical.ID)
@TenantArea
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

  @Inject TenantContext tenant;

  public record Hello(String vertical, String tenant) {}

  public record Visited(boolean visited) {}

  /** A body with a field of every kind the host checks the JSON type of. */
  public record Greeting(String name, Long times, Boolean loud, Instant at) {
    public Greeting {
      name = Fields.text("name", name, 20);
      times = Fields.range("times", times, 1, 5);
    }
  }

  public record Greeted(String tenant, List<String> lines, Instant at) {}

  @GET
  @Path("hello")
  public Hello hello() {
    return new Hello("echo", tenant.slug());
  }

  /** Whether the {@code visit} job has run for this tenant. */
  @GET
  @Path("visited")
  public Visited visited() {
    return new Visited(EchoVertical.VISITED.contains(tenant.slug()));
  }

  /** Greets {@code name}, {@code times} times, loudly if asked, with {@code at} echoed. */
  @POST
  @Path("greet")
  @Consumes(MediaType.APPLICATION_JSON)
  public Greeted greet(Greeting g) {
    String name = Boolean.TRUE.equals(g.loud()) ? g.name().toUpperCase() : g.name();
    return new Greeted(
        tenant.slug(), Collections.nCopies(g.times().intValue(), "hello, " + name), g.at());
  }
}
