package io.paynotify.lifecycle;

import static io.paynotify.support.Fixture.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The inbox: a stored notification survives gateway failures and is retried until it is applied. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class InboxRecoveryIT {

  static final Duration LONG = Duration.ofSeconds(30);
  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "inbox", Map.of("INBOX_NOT_FOUND_PATIENCE_SECONDS", "3"));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static String approved(String user) {
    String id = FakePayments.nextId();
    f.mp.put(FakePayments.payment(id, user, ADDON_3, "approved"));
    return id;
  }

  static int timedWebhook(String paymentId) {
    long start = System.nanoTime();
    int status = f.http.webhook(f.port(), paymentId);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    return status;
  }

  @Test
  void aGatewayAnswering503ForAWhileStillGets200AndTheEventArrivesAfterRecoveryWithoutANewNotification() {
    String user = Fixture.user();
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      String id = approved(user);
      f.mp.failNext(1_000_000, 503);
      int before = f.mp.fetches();
      assertThat(timedWebhook(id)).isEqualTo(200);
      await().atMost(LONG)
          .untilAsserted(() -> assertThat(f.mp.fetches() >= before + 3)
              .as(() -> "no retries: " + f.inboxRow(id)).isTrue());
      assertThat(tab.events()).isEmpty();
      assertThat(f.credits(user)).isZero();
      assertThat(f.db.query("SELECT last_error FROM inbox WHERE payment_id = '" + id + "'")).contains("503");
      assertThat(f.db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND due_at IS NOT NULL"))
          .isEqualTo(1);

      f.mp.failNext(0, 503);
      JsonObject event = tab.awaitFrame(e -> e.containsKey("seq"), LONG);
      assertThat(event.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
      assertThat(event.getJsonObject("data").getString("paymentId")).isEqualTo(id);
      f.awaitProcessed(id);
      assertThat(f.credits(user)).isEqualTo(3);
      assertThat(f.db.count("SELECT attempts FROM inbox WHERE payment_id = '" + id + "'")).isGreaterThanOrEqualTo(4);
      assertThat(f.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    }
  }

  @Test
  void tooManyRequestsIsRetriedWithOneFetchPerAttempt() {
    String user = Fixture.user();
    String id = approved(user);
    f.mp.failNext(2, 429);
    int before = f.mp.fetches();
    assertThat(timedWebhook(id)).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.mp.fetches() - before).isEqualTo(3);
    assertThat(f.db.count("SELECT attempts FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo(3);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void aGatewayTimeoutIsRetried() {
    String user = Fixture.user();
    String id = approved(user);
    f.mp.delay(5_000);
    try {
      assertThat(timedWebhook(id)).isEqualTo(200);
      await().atMost(LONG)
          .untilAsserted(() -> assertThat(f.db.query("SELECT last_error FROM inbox WHERE payment_id = '" + id + "'") != null)
              .as(() -> "no timeout recorded: " + f.inboxRow(id)).isTrue());
      assertThat(f.credits(user)).isZero();
    } finally {
      f.mp.delay(0);
    }
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
    await("delayed answers still on their way").atMost(LONG).until(() -> f.mp.requests() == f.mp.fetches());
  }

  @Test
  void aPaymentMercadoPagoKeepsNotFindingIsGivenUpAfterTheConfiguredPatienceAndCounted() {
    String series = "paynotify_inbox_given_up_total{reason=\"not_found\"}";
    double before = io.paynotify.support.Scrape.of(f.http, f.port()).value(series);
    String id = FakePayments.nextId();
    assertThat(timedWebhook(id)).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("failed");
    // back-off of 1 s, 1 s, 1 s waited before the fourth attempt: the 3 s of patience are used up
    assertThat(f.db.count("SELECT attempts FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo(4);
    assertThat(io.paynotify.support.Scrape.of(f.http, f.port()).value(series)).isEqualTo(before + 1);
    assertThat(f.db.query("SELECT last_error FROM inbox WHERE payment_id = '" + id + "'")).contains("not found");
  }

  @Test
  void aRefusedAccessTokenEndsAsARecordedFailureAtOnce(Vertx vertx) {
    try (Fixture refused = Fixture.start(vertx, "refused", Map.of("MP_ACCESS_TOKEN", "APP_USR-not-the-token"))) {
      String id = FakePayments.nextId();
      refused.mp.put(FakePayments.payment(id, Fixture.user(), ADDON_3, "approved"));
      assertThat(refused.http.webhook(refused.port(), id)).isEqualTo(200);
      refused.awaitProcessed(id);
      assertThat(refused.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("failed");
      assertThat(refused.db.count("SELECT attempts FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo(1);
      assertThat(refused.db.query("SELECT last_error FROM inbox WHERE payment_id = '" + id + "'")).contains("401");
      assertThat(io.paynotify.support.Scrape.of(refused.http, refused.port())
          .value("paynotify_inbox_given_up_total{reason=\"refused\"}")).isEqualTo(1);
    }
  }

  @Test
  void aDatabaseThatCannotStoreTheNotificationAnswers503ThenItIsTakenOnceItIsBack() throws SQLException {
    String user = Fixture.user();
    String id = approved(user);
    Http.Response refused;
    try {
      admin("ALTER DATABASE " + f.db.name() + " ALLOW_CONNECTIONS false");
      admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + f.db.name() + "'");
      refused = f.http.rawWebhook(f.port(), "?data.id=" + id + "&type=payment",
          Http.signature(io.paynotify.support.TestNode.WEBHOOK_SECRET, id, "req-db", "1700000000"), "req-db", "{}");
    } finally {
      admin("ALTER DATABASE " + f.db.name() + " ALLOW_CONNECTIONS true");
    }
    assertThat(refused.status()).isEqualTo(503);
    assertThat(refused.json().getString("error")).isEqualTo("unavailable");
    assertThat(f.db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "'")).isZero();
    await("the node never recovered its pool").atMost(LONG).until(() -> f.http.webhook(f.port(), id) == 200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  static void admin(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
         Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
