package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.Scrape;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Notifications that used to be lost: signed with the previous secret while it is rotated, and for
 * a payment Mercado Pago answers 404 for a while (with the test node's short back-off, the default patience).
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class SecretRotationIT {

  static final String PREVIOUS = "previous-webhook-secret";
  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "rotation", Map.of("MP_WEBHOOK_SECRET_PREVIOUS", PREVIOUS));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static int signedWith(String secret, String paymentId) {
    String requestId = UUID.randomUUID().toString();
    String body = new JsonObject().put("action", "payment.updated").put("type", "payment")
        .put("data", new JsonObject().put("id", paymentId)).encode();
    return f.http.rawWebhook(f.port(), "?data.id=" + paymentId + "&type=payment",
        Http.signature(secret, paymentId, requestId, String.valueOf(System.currentTimeMillis())), requestId, body).status();
  }

  @Test
  void duringARotationBothSecretsVerifyAndAThirdIsRefused() {
    String user = Fixture.user();
    String current = f.approvedAtMercadoPago(user);
    String previous = f.approvedAtMercadoPago(user);
    String third = f.approvedAtMercadoPago(user);
    assertThat(signedWith(TestNode.WEBHOOK_SECRET, current)).isEqualTo(200);
    assertThat(signedWith(PREVIOUS, previous)).isEqualTo(200);
    assertThat(signedWith("a-third-secret", third)).isEqualTo(401);
    f.awaitProcessed(current);
    f.awaitProcessed(previous);
    assertThat(f.credits(user)).isEqualTo(6);
    assertThat(f.db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + third + "'")).isZero();
  }

  @Test
  void aPaymentVisibleOnly20SecondsAfterItsNotificationIsRetriedNotGivenUpAndCredited() {
    String user = Fixture.user();
    String id = FakePayments.nextId();
    String series = "paynotify_inbox_given_up_total{reason=\"not_found\"}";
    assertThat(Scrape.of(f.http, f.port()).has(series)).isTrue();
    double givenUp = Scrape.of(f.http, f.port()).value(series);
    assertThat(f.http.webhook(f.port(), id)).isEqualTo(200);
    String failed = "SELECT count(*) FROM inbox WHERE payment_id = '" + id + "' AND outcome = 'failed'";
    await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(30)).until(() -> f.db.count(failed) == 0);
    // with a back-off of at most 1 s, far more 404s than the old give-up after five
    assertThat(f.db.count("SELECT attempts FROM inbox WHERE payment_id = '" + id + "'")).isGreaterThan(10);
    f.mp.put(FakePayments.payment(id, user, Fixture.ADDON_3, "approved"));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(f.credits(user)).isEqualTo(3));
    f.awaitProcessed(id);
    assertThat(f.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    assertThat(Scrape.of(f.http, f.port()).value(series)).isEqualTo(givenUp);
  }
}
