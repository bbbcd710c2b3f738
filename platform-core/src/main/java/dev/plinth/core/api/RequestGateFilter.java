package dev.plinth.core.api;

import dev.plinth.core.config.PlinthConfig;
import dev.plinth.core.errorlog.RequestInfo;
import dev.plinth.core.migration.MigrationState;
import dev.plinth.spi.web.ApiException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Runs before anything else on every API request: records the method and path for the error log,
 * refuses requests until every module's migrations are complete (503, never a half-migrated
 * schema), and refuses bodies over the limit (413), whether declared or streamed.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 500)
public class RequestGateFilter implements ContainerRequestFilter {

  @Inject MigrationState migrations;

  @Inject PlinthConfig config;

  @Inject RequestInfo requestInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath(false);
    requestInfo.set(
        request.getMethod(), "/api/" + (path.startsWith("/") ? path.substring(1) : path));
    if (!migrations.isComplete()) {
      throw new ApiException(
          503, "unavailable", "Plinth is not ready: " + migrations.problem(), Map.of());
    }
    long max = config.maxBodyBytes();
    if (request.getLength() > max) {
      throw tooLarge(max);
    }
    if (request.hasEntity()) {
      request.setEntityStream(new LimitedStream(request.getEntityStream(), max));
    }
  }

  static ApiException tooLarge(long max) {
    return new ApiException(
        413, "payload_too_large", "the request body is larger than " + max + " bytes", Map.of());
  }

  /** Fails the read once more than {@code max} bytes have come. */
  static final class LimitedStream extends FilterInputStream {
    private final long max;
    private long count;

    LimitedStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > max) {
        throw tooLarge(max);
      }
    }
  }
}
