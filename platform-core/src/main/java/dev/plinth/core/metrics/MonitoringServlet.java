package dev.plinth.core.metrics;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * {@code GET /metrics} (Prometheus text; who may read it is {@link MetricsAccess}'s rule) and
 * {@code GET /health/*} (open, as Liberty answers them), relayed to Liberty's monitoring port by
 * {@link MonitoringRelay}. A refused scrape gets 401 with the contract's JSON error.
 */
@WebServlet({"/metrics", "/metrics/*", "/health", "/health/*"})
public class MonitoringServlet extends HttpServlet {

  /** What is relayed: the container's decoded path, nothing that could leave the two paths. */
  private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9/_.-]*");

  private static final Pattern SAFE_QUERY = Pattern.compile("[A-Za-z0-9_.=&-]*");

  @Inject MonitoringRelay relay;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (request.getServletPath().equals("/metrics")) {
      MetricsAccess.Verdict verdict = relay.access().judge(request.getHeader("Authorization"));
      if (!verdict.allowed()) {
        error(response, 401, "unauthorized", refusal(verdict));
        return;
      }
    }
    String path =
        request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
    if (!SAFE_PATH.matcher(path).matches() || path.contains("..")) {
      error(response, 404, "not_found", "no such resource");
      return;
    }
    String query = request.getQueryString();
    MonitoringRelay.Answer answer;
    try {
      answer =
          relay.get(
              path + (query == null || !SAFE_QUERY.matcher(query).matches() ? "" : "?" + query),
              request.getHeader("Accept"));
    } catch (IOException e) {
      error(response, 503, "unavailable", "the monitoring endpoint cannot be reached");
      return;
    }
    response.setStatus(answer.status());
    if (answer.contentType() != null) {
      response.setContentType(answer.contentType());
    }
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }

  private static String refusal(MetricsAccess.Verdict verdict) {
    return switch (verdict) {
      case CLOSED ->
          "metrics are closed: this server has no PLINTH_METRICS_TOKEN and is not public";
      case MISSING -> "use Authorization: Bearer <metrics token>";
      default -> "the token is not valid";
    };
  }

  private static void error(HttpServletResponse response, int status, String code, String message)
      throws IOException {
    byte[] body =
        Json.createObjectBuilder()
            .add("error", code)
            .add("message", message)
            .build()
            .toString()
            .getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    if (status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
