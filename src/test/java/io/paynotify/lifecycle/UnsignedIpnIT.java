package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.TestNode;
import java.time.Duration;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code MP_ACCEPT_UNSIGNED_IPN=true} an unsigned legacy IPN call is a hint to fetch
 * the payment, rate-limited per payment (one per 10 s) and in total (20/s per node); off, it is a 401.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class UnsignedIpnIT {

  static final Map<String, String> ON = Map.of("MP_ACCEPT_UNSIGNED_IPN", "true");
  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "ipn", ON);
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** An IPN call as Mercado Pago sends it: no signature, the id in the query, the fixture's body. */
  static Http.Response unsigned(Fixture fx, String id) {
    String body = new JsonObject().put("resource", id).put("topic", "payment").encode();
    return fx.http.rawWebhook(fx.port(), "?topic=payment&id=" + id, null, null, body);
  }

  @Test
  void offByDefaultAnUnsignedIpnIs401AndFetchesNothing(Vertx vertx) {
    try (Fixture off = Fixture.start(vertx, "ipnoff", Map.of())) {
      String id = off.approvedAtMercadoPago(Fixture.user());
      Http.Response r = unsigned(off, id);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().getString("error")).isEqualTo("unauthorized");
      assertThat(off.db.count("SELECT count(*) FROM inbox")).isZero();
      assertThat(off.mp.fetches()).isZero();
    }
  }

  @Test
  void onAnUnsignedIpnIsAnswered200AndThePaymentIsFetchedAndCredited() {
    String user = Fixture.user();
    String id = f.approvedAtMercadoPago(user);
    Http.Response r = unsigned(f, id);
    assertThat(r.status()).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.db.query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }

  @Test
  void onOnlyTheIpnFormMayBeUnsignedAndAWebhookWithAWrongSignatureIsStill401() {
    String id = f.approvedAtMercadoPago(Fixture.user());
    assertThat(f.http.rawWebhook(f.port(), "?data.id=" + id + "&type=payment", null, null,
        new JsonObject().put("type", "payment").put("data", new JsonObject().put("id", id)).encode()).status())
        .isEqualTo(401);
    String ts = String.valueOf(System.currentTimeMillis());
    assertThat(f.http.rawWebhook(f.port(), "?data.id=" + id + "&type=payment", Http.signature("wrong-secret", id, "r", ts),
        "r", "").status()).isEqualTo(401);
    assertThat(f.db.count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "'")).isZero();
    String signedUser = Fixture.user();
    String signed = f.approvedAtMercadoPago(signedUser);
    assertThat(f.http.rawWebhook(f.port(), "?topic=payment&id=" + signed,
        Http.signature(TestNode.WEBHOOK_SECRET, signed, "r2", ts), "r2", "").status()).isEqualTo(200);
    f.awaitProcessed(signed);
    assertThat(f.credits(signedUser)).isEqualTo(3);
  }

  @Test
  void onAnIpnCallWithAGarbageOrUnverifiableSignatureIsAHintAndCredited() {
    String ts = String.valueOf(System.currentTimeMillis());
    String body = new JsonObject().put("resource", "x").put("topic", "payment").encode();
    for (String header : new String[] {"ts=" + ts + ",v1=" + "ab".repeat(32), "garbage", Http.signature("wrong-secret", "1", "r", ts)}) {
      String user = Fixture.user();
      String id = f.approvedAtMercadoPago(user);
      Http.Response r = f.http.rawWebhook(f.port(), "?topic=payment&id=" + id, header, "r-" + id, body);
      assertThat(r.status()).as(header).isEqualTo(200);
      f.awaitProcessed(id);
      assertThat(f.credits(user)).isEqualTo(3);
    }
  }

  @Test
  void aFloodOfHintsForOnePaymentFetchesItOnce() {
    String user = Fixture.user();
    String id = f.approvedAtMercadoPago(user);
    int before = f.mp.fetches();
    for (int i = 0; i < 50; i++) {
      assertThat(unsigned(f, id).status()).isEqualTo(200);
    }
    f.awaitProcessed(id);
    assertThat(f.mp.fetches() - before).isEqualTo(1);
    assertThat(f.db.query("SELECT generation FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("1");
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void aFloodOfHintsForManyPaymentsStaysWithinTheTotalRate(Vertx vertx) {
    try (Fixture fx = Fixture.start(vertx, "ipnflood", ON)) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        ids.add(fx.approvedAtMercadoPago(Fixture.user()));
      }
      int accepted = 0;
      int refused = 0;
      long start = System.nanoTime();
      for (String id : ids) {
        Http.Response r = unsigned(fx, id);
        if (r.status() == 200) {
          accepted++;
        } else {
          assertThat(r.status()).isEqualTo(429);
          assertThat(r.json().getString("error")).isEqualTo("too_many_requests");
          refused++;
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long bound = 20 + (long) Math.ceil(seconds * 20);
      assertThat(accepted).as("accepted in %.2f s", seconds).isBetween(20, (int) bound);
      assertThat(refused).isPositive();
      long stored = accepted;
      await("not all accepted hints processed").atMost(Duration.ofSeconds(30))
          .until(() -> fx.db.count("SELECT count(*) FROM inbox WHERE due_at IS NULL") == stored);
      assertThat(fx.db.count("SELECT count(*) FROM inbox")).isEqualTo(accepted);
      assertThat(fx.mp.fetches()).isEqualTo(accepted);
    }
  }
}
