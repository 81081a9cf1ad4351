package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * One test class's world: its own database, a Mercado Pago stand-in, one node (in this JVM) with
 * extra environment, and shortcuts for payments in a given state at a given time.
 */
public final class Fixture implements AutoCloseable {

  public static final Plan ADDON_3 = Plans.ADDON_3;
  public static final Plan ADDON_5 = Plans.ADDON_5;
  public static final String INTERNAL_TOKEN = "test-internal-token-0123456789";
  private static final DateTimeFormatter MP_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");

  public final Vertx vertx;
  public final TestDatabase db;
  public final MercadoPagoDouble mp;
  public final TestNode node;
  public final Http http = new Http();

  private final Services services;

  private Fixture(Vertx vertx, Services services, TestNode node) {
    this.vertx = vertx;
    this.services = services;
    this.db = services.db;
    this.mp = services.mp;
    this.node = node;
  }

  /** Starts a database named after {@code name}, a stand-in and a node with {@code extraEnv} on top. */
  public static Fixture start(Vertx vertx, String name, Map<String, String> extraEnv) {
    return start(vertx, name, db -> extraEnv);
  }

  /** The same, with extra environment that depends on the database (its name, say). */
  public static Fixture start(Vertx vertx, String name, Function<TestDatabase, Map<String, String>> extraEnv) {
    Services services = Services.start(vertx, name);
    Map<String, String> env = TestNode.env(services.db, services.mp.url());
    env.putAll(extraEnv.apply(services.db));
    return new Fixture(vertx, services, TestNode.start(env));
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
    mp.put(FakePayments.payment(id, userId, ADDON_3, "approved"));
    return id;
  }

  /** Puts the payment into the stand-in and sends one signed notification for it (asserting 200). */
  public void notify(JsonObject payment) {
    mp.put(payment);
    int status = http.webhook(port(), String.valueOf(payment.getValue("id")));
    if (status != 200) {
      throw new AssertionError("webhook answered " + status);
    }
  }

  /** Waits until the payment's inbox row is finished (no longer due, no lease). */
  public void awaitProcessed(String paymentId) {
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + paymentId
            + "' AND due_at IS NULL AND lease_until IS NULL") == 1)
            .as(() -> "payment " + paymentId + " never processed: " + inboxRow(paymentId)).isTrue());
  }

  /** The inbox row as text, for failure messages. */
  public String inboxRow(String paymentId) {
    return db.query("SELECT row_to_json(i)::text FROM inbox i WHERE payment_id = '" + paymentId + "'");
  }

  /** One column of the stored payment row. */
  public String stored(String paymentId, String column) {
    return db.query("SELECT " + column + " FROM payments WHERE payment_id = '" + paymentId + "'");
  }

  public long eventCount(String userId) {
    return db.count("SELECT count(*) FROM events WHERE user_id = '" + userId + "'");
  }

  public long credits(String userId) {
    return http.credits(port(), userId);
  }

  /** {@code POST /internal/notify} with the fixture's token; returns the response. */
  public Http.Response internalNotify(String userId, String type, JsonObject data) {
    String body = new JsonObject().put("userId", userId).put("type", type).put("data", data).encode();
    return http.request("POST", port(), "/internal/notify",
        Map.of("Authorization", "Bearer " + INTERNAL_TOKEN, "content-type", "application/json"), body);
  }

  @Override
  public void close() {
    http.close();
    node.close();
    services.close();
  }
}
