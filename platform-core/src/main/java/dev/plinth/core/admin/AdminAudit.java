package dev.plinth.core.admin;

import dev.plinth.core.db.SqlValues;
import dev.plinth.core.tenancy.ScopedTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The audit of admin actions, in {@code core.admin_audit}: written by {@link AdminAuditFilter}. */
@ApplicationScoped
public class AdminAudit {

  @Inject Clock clock;

  @Inject ScopedTransactions transactions;

  @PersistenceContext(unitName = "plinth-core")
  EntityManager em;

  /**
   * Records an action.
   *
   * @param actor {@code session:<short form>} or {@code token}
   * @param action the method and path template, such as {@code POST /api/admin/errors/{id}/resolve}
   * @param target the ids the path named, and the query's parameters
   * @param status the answer's status
   */
  public void record(String actor, String action, JsonObject target, int status) {
    transactions.inPlatform(
        () ->
            em.createNativeQuery(
                    "INSERT INTO core.admin_audit (at, actor, action, target, status)"
                        + " VALUES (?1, ?2, ?3, CAST(?4 AS jsonb), ?5)")
                .setParameter(1, Timestamp.from(clock.instant()))
                .setParameter(2, actor)
                .setParameter(3, action)
                .setParameter(4, target.toString())
                .setParameter(5, status)
                .executeUpdate());
  }

  /** The newest {@code limit} entries, newest first. */
  public JsonArrayBuilder list(int limit) {
    List<?> rows =
        transactions.inPlatform(
            () ->
                em.createNativeQuery(
                        "SELECT id, at, actor, action, CAST(target AS text), status"
                            + " FROM core.admin_audit ORDER BY id DESC LIMIT ?1")
                    .setParameter(1, limit)
                    .getResultList());
    JsonArrayBuilder out = Json.createArrayBuilder();
    for (Object row : rows) {
      Object[] r = (Object[]) row;
      try (JsonReader target = Json.createReader(new StringReader((String) r[4]))) {
        out.add(
            Json.createObjectBuilder()
                .add("id", ((Number) r[0]).longValue())
                .add("at", SqlValues.instant(r[1]).toString())
                .add("actor", (String) r[2])
                .add("action", (String) r[3])
                .add("target", target.readObject())
                .add("status", ((Number) r[5]).intValue()));
      }
    }
    return out;
  }

  /**
   * The path template the matched resource method declares, {@code
   * /api/admin/webhooks/{id}/replay}: its class's {@code @Path} (found above a proxy subclass) and
   * its own. Empty when the class declares none, as for a sub-resource.
   */
  static Optional<String> template(Class<?> resourceClass, Method method) {
    Class<?> type = resourceClass;
    while (type != null && !type.isAnnotationPresent(Path.class)) {
      type = type.getSuperclass();
    }
    if (type == null || method == null) {
      return Optional.empty();
    }
    Path own = method.getAnnotation(Path.class);
    return Optional.of(
        Stream.of(type.getAnnotation(Path.class).value(), own == null ? "" : own.value())
            .flatMap(p -> Stream.of(p.split("/")))
            .filter(segment -> !segment.isEmpty())
            .collect(Collectors.joining("/", "/api/", "")));
  }

  /**
   * For a request that no declared template names: the path (relative to {@code /api}) with each
   * segment that is a path parameter's value put back as its template, {@code {name}}.
   */
  static String template(String path, MultivaluedMap<String, String> pathParameters) {
    Map<String, String> names = new HashMap<>();
    pathParameters.forEach((name, values) -> values.forEach(v -> names.putIfAbsent(v, name)));
    return Stream.of(path.split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> names.containsKey(s) ? "{" + names.get(s) + "}" : s)
        .collect(Collectors.joining("/", "/api/", ""));
  }

  /** The path's parameters, then the query's (a path parameter wins a clash); first values only. */
  static JsonObject target(
      MultivaluedMap<String, String> pathParameters, MultivaluedMap<String, String> query) {
    JsonObjectBuilder target = Json.createObjectBuilder();
    query.forEach((name, values) -> target.add(name, values.isEmpty() ? "" : values.get(0)));
    pathParameters.forEach((name, values) -> target.add(name, values.get(0)));
    return target.build();
  }
}
