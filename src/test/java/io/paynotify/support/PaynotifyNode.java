package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.Node;
import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One node in this JVM for a test class, as a JUnit 5 extension, started before its tests and closed
 * after them, with shortcuts for payments in a given state at a given time:
 * {@code @RegisterExtension static final PaynotifyNode node = PaynotifyNode.standalone("single").env("K", "v");}
 * Standalone, it brings its own {@link Services}; {@link #on} starts it on a class's shared ones;
 * {@link #started} starts one inside a test, to close there.
 */
public final class PaynotifyNode implements BeforeAllCallback, AfterAllCallback, AutoCloseable, OnServices {

  public static final Plan ADDON_3 = Plans.ADDON_3;
  public static final Plan ADDON_5 = Plans.ADDON_5;
  public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
  private static final DateTimeFormatter MP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  private final Services services;
  private final boolean ownServices;
  private final List<Function<TestDatabase, Map<String, String>>> extraEnv = new ArrayList<>();
  private final List<AutoCloseable> closedAfter = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private TestNode node;

  private PaynotifyNode(Services services, boolean ownServices) {
    this.services = services;
    this.ownServices = ownServices;
  }

  /** A node with a database named after {@code name} and a stand-in of its own. */
  public static PaynotifyNode standalone(String name) {
    return new PaynotifyNode(Services.named(name), true);
  }

  /** A node on {@code services} (which other nodes of the class share). */
  public static PaynotifyNode on(Services services) {
    return new PaynotifyNode(services, false);
  }

  /** One more setting on top of the test environment ({@link TestNode#env}). */
  public PaynotifyNode env(String key, String value) {
    return env(Map.of(key, value));
  }

  /** {@code INTERNAL_API_TOKEN} set to {@link #INTERNAL_TOKEN}: the internal API on, for {@link #internalNotify}. */
  public PaynotifyNode withInternalApi() {
    return env("INTERNAL_API_TOKEN", INTERNAL_TOKEN);
  }

  public PaynotifyNode env(Map<String, String> env) {
    return env(db -> env);
  }

  /** Settings that depend on the database (its name, say). */
  public PaynotifyNode env(Function<TestDatabase, Map<String, String>> env) {
    extraEnv.add(env);
    return this;
  }

  /** A setting of the test environment left out (the shared JWT secret of a node that verifies keys, say). */
  public PaynotifyNode without(String key) {
    removed.add(key);
    return this;
  }

  /** {@code resource} (a proxy the node connects through, say) is closed after the node. */
  public PaynotifyNode closing(AutoCloseable resource) {
    closedAfter.add(resource);
    return this;
  }

  /** Started now, for a node a test starts and closes itself (try-with-resources). */
  public PaynotifyNode started() {
    beforeAll(null);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    services.start();
    Map<String, String> env = new HashMap<>(TestNode.env(services.db(), services.mp().url()));
    extraEnv.forEach(extra -> env.putAll(extra.apply(services.db())));
    removed.forEach(env::remove);
    node = TestNode.start(env);
    services.closesFirst(node);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    if (ownServices) {
      services.close();
    } else {
      Closing.all(node);
    }
    Closing.all(closedAfter.toArray(AutoCloseable[]::new));
  }

  @Override
  public Services services() {
    return services;
  }

  public TestNode node() {
    return node;
  }

  /** The running node itself (routes, limits, its Vert.x). */
  public Node running() {
    return node.app();
  }

  public int port() {
    return node.port();
  }

  public static String user() {
    return "l-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A payment as Mercado Pago reports it, last updated at {@code updated}. */
  public static JsonObject payment(String id, String userId, Plan plan, String status, OffsetDateTime updated) {
    return FakePayments.payment(id, userId, plan, status)
        .put("date_last_updated", MP_TIME.format(updated.withOffsetSameInstant(ZoneOffset.ofHours(-4))));
  }

  /** Puts an approved {@code addon_3} payment of the user into the stand-in (no notification); returns its id. */
  public String approvedAtMercadoPago(String userId) {
    String id = FakePayments.nextId();
    mp().put(FakePayments.payment(id, userId, ADDON_3, "approved"));
    return id;
  }

  /** Puts the payment into the stand-in and sends one signed notification for it (asserting 200). */
  public void notify(JsonObject payment) {
    mp().put(payment);
    int status = http().webhook(port(), String.valueOf(payment.getValue("id")));
    if (status != 200) {
      throw new AssertionError("webhook answered " + status);
    }
  }

  /** Waits until the payment's inbox row is finished (no longer due, no lease). */
  public void awaitProcessed(String paymentId) {
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + paymentId
            + "' AND due_at IS NULL AND lease_until IS NULL") == 1)
            .as(() -> "payment " + paymentId + " never processed: " + inboxRow(paymentId)).isTrue());
  }

  /** The inbox row as text, for failure messages. */
  public String inboxRow(String paymentId) {
    return db().query("SELECT row_to_json(i)::text FROM inbox i WHERE payment_id = '" + paymentId + "'");
  }

  /** One column of the stored payment row. */
  public String stored(String paymentId, String column) {
    return db().query("SELECT " + column + " FROM payments WHERE payment_id = '" + paymentId + "'");
  }

  public long eventCount(String userId) {
    return db().count("SELECT count(*) FROM events WHERE user_id = '" + userId + "'");
  }

  public long credits(String userId) {
    return http().credits(port(), userId);
  }

  /** {@code POST /internal/notify} with {@link #INTERNAL_TOKEN}; returns the response. */
  public Http.Response internalNotify(String userId, String type, JsonObject data) {
    String body = new JsonObject().put("userId", userId).put("type", type).put("data", data).encode();
    return http().request("POST", port(), "/internal/notify",
        Map.of("Authorization", "Bearer " + INTERNAL_TOKEN, "content-type", "application/json"), body);
  }
}
