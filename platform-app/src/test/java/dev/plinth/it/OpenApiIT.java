package dev.plinth.it;

import static dev.plinth.it.TenantApiIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import dev.plinth.spi.web.Created;
import dev.plinth.spi.web.TenantArea;
import dev.plinth.testkit.PlinthClient.Reply;
import dev.plinth.testkit.PlinthClient.TestTenant;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponseSchema;
import org.junit.jupiter.api.Test;

/**
 * {@code /openapi} describes every endpoint of every installed vertical, found by reflection over
 * the resource classes marked {@link TenantArea}, with the fields of each request body and
 * response; the core's own endpoints stay described. Typed bodies keep the error contract.
 */
class OpenApiIT extends ItBase {

  @Test
  void everyVerticalEndpointIsDescribedWithTheFieldsOfItsBodies() {
    Reply r = client.get("openapi?format=JSON", null);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    JsonObject doc = r.json();
    JsonObject paths = doc.getJsonObject("paths");

    List<Class<?>> resources = verticalResources();
    List<String> installed =
        client.get("api/verticals", null).jsonArray().stream()
            .map(v -> v.asJsonObject().getString("id"))
            .toList();
    assertThat(resources.stream().map(OpenApiIT::verticalOf))
        .as("every installed vertical's resource is found")
        .containsExactlyInAnyOrderElementsOf(installed);

    int endpoints = 0;
    for (Class<?> resource : resources) {
      for (Method m : resource.getDeclaredMethods()) {
        Optional<String> http = httpMethod(m);
        if (http.isEmpty()) {
          continue;
        }
        String path = path(resource, m);
        String name = http.get() + " " + path;
        assertThat(paths.containsKey(path)).as(name + " is listed").isTrue();
        JsonObject op = paths.getJsonObject(path).getJsonObject(http.get().toLowerCase());
        assertThat(op).as(name + " is listed with its method").isNotNull();
        assertThat(pathParameters(paths.getJsonObject(path), op))
            .as(name + " declares its path parameters")
            .containsAll(templateParameters(path));

        Optional<Class<?>> body = entity(m);
        if (body.isPresent()) {
          assertFields(doc, schemaOf(op.getJsonObject("requestBody")), body.get(), name + " body");
        } else {
          assertThat(op.containsKey("requestBody")).as(name + " takes no body").isFalse();
        }
        JsonObject responses = op.getJsonObject("responses");
        assertThat(op.containsKey("operationId")).as(name + " names no Java method").isFalse();
        if (m.isAnnotationPresent(Created.class)) {
          assertThat(responses.keySet()).as(name + " answers 201, not 200").doesNotContain("200");
        }
        responses(m)
            .forEach(
                (status, type) -> {
                  String answer = name + " answer " + status;
                  assertThat(responses.containsKey(status)).as(answer).isTrue();
                  assertThat(responses.getJsonObject(status).getString("description", ""))
                      .as(answer + " is described")
                      .isNotBlank();
                  if (type == null) {
                    assertThat(responses.getJsonObject(status).containsKey("content"))
                        .as(answer + " has no body")
                        .isFalse();
                  } else {
                    assertFields(doc, schemaOf(responses.getJsonObject(status)), type, answer);
                  }
                });
        endpoints++;
      }
    }
    // campaigns 12, reservations 9, the tip jar 2, and the test verticals' own
    assertThat(endpoints).isGreaterThanOrEqualTo(23);

    // the core's endpoints are described as before, and stripe-java's classes are not
    assertThat(paths.keySet())
        .contains(
            "/api/tenants", "/api/verticals", "/api/t/{slug}/errors", "/api/t/{slug}/payments");
    assertThat(r.body()).doesNotContain("com.stripe");
  }

  /** The fields of a typed body, with an unknown one, a wrong type and a bad value refused. */
  /** The core's endpoints that answer 201 or 204 say so, rather than the default 200. */
  @Test
  void theCoresEndpointsDeclareTheStatusTheyAnswerWith() {
    JsonObject paths = client.get("openapi?format=JSON", null).json().getJsonObject("paths");
    assertThat(responses(paths, "/api/tenants", "post"))
        .containsKey("201")
        .doesNotContainKey("200");
    assertThat(responses(paths, "/api/tenants/{slug}/users/{userRef}", "put"))
        .containsKeys("200", "201");
    assertThat(responses(paths, "/api/tenants/{slug}/users/{userRef}", "delete"))
        .containsKey("204")
        .doesNotContainKey("200");
    assertThat(responses(paths, "/api/tenants/{slug}/user-sessions", "post")).containsKey("201");
    assertThat(responses(paths, "/api/admin/session", "post")).containsKey("201");
    assertThat(responses(paths, "/api/admin/session", "delete")).containsKey("204");
  }

  static JsonObject responses(JsonObject paths, String path, String method) {
    JsonObject item = paths.getJsonObject(path);
    assertThat(item).as(path + " in " + paths.keySet()).isNotNull();
    assertThat(item.getJsonObject(method)).as(method + " " + path).isNotNull();
    return item.getJsonObject(method).getJsonObject("responses");
  }

  @Test
  void typedBodiesKeepTheErrorContract() {
    TestTenant t = client.onboard(ADMIN, "echo");
    String greet = "api/t/" + t.slug() + "/echo/greet";
    Reply ok =
        client.post(
            greet, null, "{\"name\":\" Ann \",\"times\":2,\"at\":\"2026-12-01T15:00:00Z\"}");
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    JsonObject greeted = ok.json();
    assertThat(greeted.getString("tenant")).isEqualTo(t.slug());
    assertThat(greeted.getJsonArray("lines").getValuesAs(JsonString::getString))
        .containsExactly("hello, Ann", "hello, Ann");
    assertThat(greeted.getString("at")).isEqualTo("2026-12-01T15:00:00Z");

    for (String malformed : new String[] {"{\"name\":", "", "[]", "\"Ann\"", "nope"}) {
      assertError(client.post(greet, null, malformed), 400, "malformed_json", null);
    }
    assertError(client.post(greet, null, null), 400, "malformed_json", null);
    assertInvalid(greet, "{\"name\":\"A\",\"times\":1,\"colour\":\"red\"}", "colour");
    assertInvalid(greet, "{\"name\":7,\"times\":1}", "name");
    assertInvalid(greet, "{\"name\":\"A\",\"times\":\"1\"}", "times");
    assertInvalid(greet, "{\"name\":\"A\",\"times\":1.5}", "times");
    assertInvalid(greet, "{\"name\":\"A\",\"times\":1,\"loud\":\"yes\"}", "loud");
    assertInvalid(greet, "{\"name\":\"A\",\"times\":1,\"at\":\"soon\"}", "at");
    assertInvalid(greet, "{\"times\":1}", "name");
    assertInvalid(greet, "{\"name\":\"   \",\"times\":1}", "name");
    assertInvalid(greet, "{\"name\":\"A\",\"times\":9}", "times");

    // the tenant is resolved before the body is read
    assertError(client.post("api/t/no-such-tenant/echo/greet", null, "{"), 404, "not_found", null);
    // and the tenant's key is asked for before the body is read
    TestTenant shop = client.onboard(ADMIN, "reservations");
    assertError(
        client.post("api/t/" + shop.slug() + "/reservations/items", null, "{"),
        401,
        "unauthorized",
        null);
  }

  private void assertInvalid(String path, String body, String field) {
    assertError(client.post(path, null, body), 400, "invalid_request", field);
  }

  /**
   * Every resource class marked {@link TenantArea} on the classpath: the verticals' resources (the
   * core's filter carries the annotation too, to be bound to them).
   */
  static List<Class<?>> verticalResources() {
    return new ClassFileImporter()
        .importPackages("dev.plinth").stream()
            .filter(c -> c.isAnnotatedWith(TenantArea.class) && c.isAnnotatedWith(Path.class))
            .map(JavaClass::reflect)
            .<Class<?>>map(c -> c)
            .toList();
  }

  static String verticalOf(Class<?> resource) {
    String path = resource.getAnnotation(Path.class).value();
    assertThat(path).startsWith(TenantArea.PATH);
    return path.substring(TenantArea.PATH.length());
  }

  static Optional<String> httpMethod(Method m) {
    return Arrays.stream(m.getAnnotations())
        .map(a -> a.annotationType().getAnnotation(HttpMethod.class))
        .filter(h -> h != null)
        .map(HttpMethod::value)
        .findFirst();
  }

  /** The path as OpenAPI names it: under /api, with regular expressions left out. */
  static String path(Class<?> resource, Method m) {
    String path = "/api/" + resource.getAnnotation(Path.class).value();
    if (m.isAnnotationPresent(Path.class)) {
      path += "/" + m.getAnnotation(Path.class).value();
    }
    return path.replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
  }

  static List<String> templateParameters(String path) {
    return java.util.regex.Pattern.compile("\\{(\\w+)}")
        .matcher(path)
        .results()
        .map(m -> m.group(1))
        .toList();
  }

  static List<String> pathParameters(JsonObject pathItem, JsonObject op) {
    return java.util.stream.Stream.of(pathItem, op)
        .filter(o -> o.containsKey("parameters"))
        .flatMap(o -> o.getJsonArray("parameters").stream())
        .map(JsonValue::asJsonObject)
        .filter(p -> "path".equals(p.getString("in", "")))
        .map(p -> p.getString("name"))
        .toList();
  }

  /** The request body: the one parameter without a JAX-RS annotation. */
  static Optional<Class<?>> entity(Method m) {
    return Arrays.stream(m.getParameters())
        .filter(p -> Arrays.stream(p.getAnnotations()).noneMatch(OpenApiIT::isJaxRs))
        .<Class<?>>map(Parameter::getType)
        .findFirst();
  }

  static boolean isJaxRs(Annotation a) {
    return a.annotationType().getPackageName().startsWith("jakarta.ws.rs");
  }

  /**
   * The answers a method declares: its return type for 200 (201 for a {@link Created} one), or for
   * a method that answers with a {@link Response}, each {@link APIResponse} and its schema's class
   * (null for no body), and the {@link APIResponseSchema}'s.
   */
  static Map<String, Class<?>> responses(Method m) {
    Map<String, Class<?>> answers = new LinkedHashMap<>();
    if (m.getReturnType() != Response.class) {
      answers.put(m.isAnnotationPresent(Created.class) ? "201" : "200", m.getReturnType());
      return answers;
    }
    for (APIResponse a : m.getAnnotationsByType(APIResponse.class)) {
      Class<?> type = a.content().length == 0 ? null : a.content()[0].schema().implementation();
      answers.put(a.responseCode(), type);
    }
    APIResponseSchema schema = m.getAnnotation(APIResponseSchema.class);
    if (schema != null) {
      answers.put(schema.responseCode(), schema.value());
    }
    assertThat(answers).as(m + " declares the answers of its Response").isNotEmpty();
    return answers;
  }

  static JsonObject schemaOf(JsonObject bodyOrResponse) {
    JsonObject content = bodyOrResponse.getJsonObject("content");
    assertThat(content).as("content of " + bodyOrResponse).isNotNull();
    return content.getJsonObject("application/json").getJsonObject("schema");
  }

  /**
   * The schema lists the record's fields, and so on down through its nested records and lists of
   * records.
   */
  static void assertFields(JsonObject doc, JsonObject schema, Class<?> type, String what) {
    assertThat(type.isRecord()).as(what + ": " + type + " is a record").isTrue();
    JsonObject resolved = resolve(doc, schema);
    assertThat(resolved.containsKey("properties")).as(what + " has fields: " + schema).isTrue();
    JsonObject properties = resolved.getJsonObject("properties");
    assertThat(properties.keySet())
        .as(what + " lists the fields of " + type.getSimpleName())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    for (RecordComponent c : type.getRecordComponents()) {
      JsonObject property = resolve(doc, properties.getJsonObject(c.getName()));
      String field = what + "." + c.getName();
      if (c.getType().isRecord()) {
        assertFields(doc, property, c.getType(), field);
      } else if (c.getType() == List.class && elementType(c).isRecord()) {
        assertFields(doc, property.getJsonObject("items"), elementType(c), field + "[]");
      }
    }
  }

  static Class<?> elementType(RecordComponent c) {
    Type t = ((ParameterizedType) c.getGenericType()).getActualTypeArguments()[0];
    return t instanceof Class<?> k ? k : Object.class;
  }

  /** Follows a {@code $ref}, also one wrapped in {@code allOf}, to the schema it names. */
  static JsonObject resolve(JsonObject doc, JsonObject schema) {
    if (schema.containsKey("$ref")) {
      String name = schema.getString("$ref").substring("#/components/schemas/".length());
      return doc.getJsonObject("components").getJsonObject("schemas").getJsonObject(name);
    }
    if (schema.containsKey("allOf") && schema.getJsonArray("allOf").size() == 1) {
      return resolve(doc, schema.getJsonArray("allOf").getJsonObject(0));
    }
    return schema;
  }
}
