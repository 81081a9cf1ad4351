package io.paynotify.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code docs/openapi.yaml} against a running node: every route the router serves is documented, every
 * documented operation is served (except those the document itself marks {@code x-paynotify-pending}),
 * and real answers, errors included, validate against the document (vertx-openapi).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ApiContractIT {

  static final Path DOCUMENT = Path.of("docs/openapi.yaml");
  static final Set<String> METHODS = Set.of("get", "head", "post", "put", "delete", "patch");

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("apicontract").withInternalApi();
  static Vertx vertx;
  static ResponseValidator validator;
  static Map<String, Object> document;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void start(Vertx classVertx) throws Exception {
    vertx = classVertx;
    document = new Yaml().load(Files.readString(DOCUMENT));
    validator = ResponseValidator.create(vertx, OpenAPIContract.from(vertx, validatable(document)).await());
  }

  /**
   * The document as vertx-openapi 5.0.7 can validate it: JSON bodies only (it cannot load YAML or
   * JavaScript media types, and fails on text/plain string bodies), so the bodies of /metrics,
   * /openapi.yaml, /asyncapi.yaml and /paynotify.js are left out; their status codes are still
   * validated, and the test checks their content types itself.
   */
  static JsonObject validatable(Map<String, Object> yaml) {
    JsonObject json = new JsonObject(io.vertx.core.json.Json.encode(yaml));
    // nor a parameter inside a path segment (/paynotify-{version}.js, valid OpenAPI): checked by ClientEdgeIT
    json.getJsonObject("paths").fieldNames().removeIf(path -> path.matches(".*[^/]\\{.*|.*\\}[^/].*"));
    json.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(op -> {
      if (op.getValue() instanceof JsonObject operation && operation.containsKey("responses")) {
        operation.getJsonObject("responses").forEach(response -> {
          JsonObject content = ((JsonObject) response.getValue()).getJsonObject("content");
          if (content != null) {
            content.fieldNames().removeIf(type -> !type.startsWith("application/json"));
            if (content.isEmpty()) {
              ((JsonObject) response.getValue()).remove("content");
            }
          }
        });
      }
    }));
    return json;
  }

  /** "GET /payments/{paymentId}" for every operation of the document; {@code pending}: only those marked. */
  @SuppressWarnings("unchecked")
  static Set<String> documented(boolean pending) {
    Set<String> ops = new TreeSet<>();
    ((Map<String, Map<String, Object>>) document.get("paths")).forEach((path, item) -> item.forEach((method, op) -> {
      if (METHODS.contains(method) && ((Map<String, Object>) op).containsKey("x-paynotify-pending") == pending) {
        ops.add(method.toUpperCase() + " " + path);
      }
    }));
    return ops;
  }

  static Set<String> served() {
    Set<String> ops = new TreeSet<>();
    for (Route route : fx.running().routes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // route() handlers of every method: access log, query check, CORS, failure handler
      }
      String path = route.getPath().replaceAll(":(\\w+)", "{$1}");
      route.methods().forEach(m -> ops.add(m.name() + " " + path));
    }
    return ops;
  }

  @Test
  void everyServedRouteIsDocumentedAndEveryDocumentedOneServed() {
    Set<String> served = served();
    Set<String> all = new TreeSet<>(documented(false));
    all.addAll(documented(true));
    assertThat(all).containsAll(served);
    assertThat(served).containsAll(documented(false));
    // the probes of deploy/kubernetes/deployment.yaml (DeployFilesTest pins them to these)
    assertThat(served).contains("GET /ready", "GET /health");
  }

  private static void valid(String operationId, Http.Response response) {
    String type = response.headers().get("content-type");
    boolean validatableBody = type != null && type.startsWith("application/json");
    ValidatableResponse actual = !validatableBody || response.body().isEmpty()
        ? ValidatableResponse.create(response.status())
        : ValidatableResponse.create(response.status(), Buffer.buffer(response.body()), type.split(";")[0].trim());
    validator.validate(actual, operationId).await();
  }

  @Test
  void userEndpointsAnswerAsDocumentedErrorsIncluded() {
    String user = PaynotifyNode.user();
    String id = String.valueOf(8_000_000_000L + System.nanoTime() % 1_000_000);
    fx.notify(PaynotifyNode.payment(id, user, PaynotifyNode.ADDON_3, "approved", OffsetDateTime.now()));
    fx.awaitProcessed(id);
    String token = Tokens.valid(user);
    valid("getCredits", fx.http().get(fx.port(), "/users/me/credits", token));
    valid("getCredits", fx.http().get(fx.port(), "/users/me/credits", "not-a-token"));
    valid("listNotifications", fx.http().get(fx.port(), "/notifications?since=0", token));
    valid("listNotifications", fx.http().get(fx.port(), "/notifications?limit=0", token));
    valid("getPayment", fx.http().get(fx.port(), "/payments/" + id, token));
    valid("getPayment", fx.http().get(fx.port(), "/payments/1", token));
    valid("openSocket", fx.http().get(fx.port(), "/notifications/ws", null));
    // and the validator does refuse an answer that breaks the document
    assertThatThrownBy(() -> validator.validate(ValidatableResponse.create(200,
        Buffer.buffer("{\"totalCredits\":\"8\"}"), "application/json"), "getCredits").await())
        .hasMessageContaining("totalCredits").isNotNull();
  }

  @Test
  void integrationAndOperationsEndpointsAnswerAsDocumented() {
    valid("receiveWebhook", fx.http().rawWebhook(fx.port(), "?data.id=123&type=payment", "ts=1,v1=00", "r1", "{}"));
    valid("receiveWebhook", fx.http().rawWebhook(fx.port(), "?type=merchant_order", null, "r2", "{}"));
    valid("receiveWebhook", fx.http().rawWebhook(fx.port(), "?data.id=x&type=payment", null, "r3", "{}"));
    assertThat(fx.http().webhook(fx.port(), "555")).isEqualTo(200);
    String user = PaynotifyNode.user();
    String id = String.valueOf(9_000_000_000L + System.nanoTime() % 1_000_000);
    fx.mp().put(PaynotifyNode.payment(id, user, PaynotifyNode.ADDON_3, "approved", OffsetDateTime.now()));
    valid("syncPayment", fx.http().request("POST", fx.port(), "/internal/payments/" + id + "/sync",
        Map.of("Authorization", "Bearer " + PaynotifyNode.INTERNAL_TOKEN), null));
    valid("internalNotify", fx.internalNotify(PaynotifyNode.user(), "CREDITS_GIFTED", new JsonObject().put("n", 1)));
    valid("internalNotify", fx.http().request("POST", fx.port(), "/internal/notify", Map.of("content-type", "application/json"), "{}"));
    valid("syncPayment", fx.http().request("POST", fx.port(), "/internal/payments/424242/sync",
        Map.of("Authorization", "Bearer " + PaynotifyNode.INTERNAL_TOKEN), null));
    valid("syncPayment", fx.http().request("POST", fx.port(), "/internal/payments/424242/sync", Map.of(), null));
    Http.Response script = fx.http().get(fx.port(), "/paynotify.js", null);
    valid("getBrowserClient", script);
    assertThat(script.headers().get("content-type")).startsWith("text/javascript");
    valid("headBrowserClient", fx.http().request("HEAD", fx.port(), "/paynotify.js", Map.of(), null));
    valid("health", fx.http().get(fx.port(), "/health", null));
    valid("ready", fx.http().get(fx.port(), "/ready", null));
    Http.Response metrics = fx.http().get(fx.port(), "/metrics", null);
    valid("metrics", metrics);
    assertThat(metrics.headers().get("content-type")).startsWith("text/plain");
    Http.Response openapi = fx.http().get(fx.port(), "/openapi.yaml", null);
    valid("openapi", openapi);
    assertThat(openapi.headers().get("content-type")).isEqualTo("application/yaml");
    assertThat(openapi.body()).contains("openapi: 3.1.0");
    Http.Response asyncapi = fx.http().get(fx.port(), "/asyncapi.yaml", null);
    valid("asyncapi", asyncapi);
    assertThat(asyncapi.body()).contains("asyncapi: 3.0.0");
  }
}
