package dev.plinth.core.config;

import dev.plinth.core.tenant.TenantAccess;
import dev.plinth.spi.web.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Moves the platform clock, so that tests exercise retries, holds and launches without waiting.
 * Exists only where {@code PLINTH_TEST_CLOCK=true}; everywhere else it answers 404.
 */
@Path("admin/clock")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminClockResource {

  @Inject
  @ConfigProperty(name = "PLINTH_TEST_CLOCK", defaultValue = "false")
  boolean enabled;

  @Inject ClockProducer clocks;

  @Inject Clock clock;

  @Inject TenantAccess access;

  @GET
  public JsonObject now() {
    check();
    return state();
  }

  @POST
  @Path("advance")
  public JsonObject advance(@QueryParam("seconds") long seconds) {
    check();
    if (seconds <= 0) {
      throw ApiException.invalid("seconds", "seconds must be positive");
    }
    clocks.advance(Duration.ofSeconds(seconds));
    return state();
  }

  @POST
  @Path("reset")
  public JsonObject reset() {
    check();
    clocks.reset();
    return state();
  }

  private void check() {
    if (!enabled) {
      throw ApiException.notFound("no such resource");
    }
    access.requireAdmin();
  }

  private JsonObject state() {
    return Json.createObjectBuilder()
        .add("now", clock.instant().toString())
        .add("offsetSeconds", clocks.offset().toSeconds())
        .build();
  }
}
