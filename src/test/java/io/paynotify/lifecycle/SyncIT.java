package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.TcpProxy;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /internal/payments/{id}/sync} fetches and applies a payment now, as a webhook would. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class SyncIT {

  static final String AUTH = "Bearer " + PaynotifyNode.INTERNAL_TOKEN;
  static final TcpProxy proxy = new TcpProxy(5432).start();
  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("sync").closing(proxy)
      .env(db -> Map.of("INTERNAL_API_TOKEN", PaynotifyNode.INTERNAL_TOKEN,
          "DATABASE_URL", "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db.name()));

  static Http.Response sync(PaynotifyNode fx, String paymentId, String authorization) {
    Map<String, String> headers = new HashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    return fx.http().request("POST", fx.port(), "/internal/payments/" + paymentId + "/sync", headers, null);
  }

  @Test
  void aPaymentNoWebhookAnnouncedIsFetchedCreditedAndAnsweredWithItsState() {
    String user = PaynotifyNode.user();
    String id = f.approvedAtMercadoPago(user);
    try (Tab tab = Tab.open(f.vertx(), f.port(), Tokens.valid(user))) {
      tab.ready();
      Http.Response r = sync(f, id, AUTH);
      assertThat(r.status()).isEqualTo(200);
      JsonObject state = r.json();
      assertThat(state.getString("paymentId")).isEqualTo(id);
      assertThat(state.getString("userId")).isEqualTo(user);
      assertThat(state.getString("status")).isEqualTo("approved");
      assertThat(state.getString("planType")).isEqualTo("addon_3");
      assertThat(state.getInteger("creditsGranted")).isEqualTo(3);
      assertThat(state.fieldNames()).containsAll(
          f.http().get(f.port(), "/payments/" + id, Tokens.valid(user)).json().fieldNames());
      assertThat(tab.awaitEvent("PAYMENT_CONFIRMED").getJsonObject("data").getString("paymentId")).isEqualTo(id);
    }
    assertThat(f.db().query("SELECT outcome FROM inbox WHERE payment_id = '" + id + "'")).isEqualTo("applied");
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(sync(f, id, AUTH).json().getInteger("creditsGranted")).isEqualTo(3);
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }

  @Test
  void aPaymentMercadoPagoDoesNotKnowIs404() {
    Http.Response r = sync(f, FakePayments.nextId(), AUTH);
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.json().getString("error")).isEqualTo("not_found");
  }

  @Test
  void aMalformedIdIs400AndFetchesNothing() {
    int fetches = f.mp().fetches();
    for (String bad : List.of("abc", "12a", "1".repeat(21), "%20")) {
      Http.Response r = sync(f, bad, AUTH);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().getString("error")).isEqualTo("bad_request");
    }
    assertThat(f.mp().fetches()).isEqualTo(fetches);
  }

  @Test
  void aMissingOrWrongTokenIs401AndFetchesNothing() {
    String user = PaynotifyNode.user();
    String id = f.approvedAtMercadoPago(user);
    int fetches = f.mp().fetches();
    for (String auth : new String[] {null, "Bearer wrong", AUTH + "x", PaynotifyNode.INTERNAL_TOKEN, "Bearer " + Tokens.valid(user)}) {
      Http.Response r = sync(f, id, auth);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.json().getString("error")).isEqualTo("unauthorized");
    }
    assertThat(f.mp().fetches()).isEqualTo(fetches);
    assertThat(f.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "'")).isZero();
  }

  @Test
  void withoutAnInternalTokenTheEndpointIsAbsent(Vertx vertx) {
    try (PaynotifyNode off = PaynotifyNode.standalone("syncoff").started()) {
      String id = off.approvedAtMercadoPago(PaynotifyNode.user());
      assertThat(sync(off, id, AUTH).status()).isEqualTo(404);
      assertThat(off.mp().fetches()).isZero();
    }
  }

  @Test
  void mercadoPagoUnavailableIs503AndTheInboxRetryFinishesIt() {
    String user = PaynotifyNode.user();
    String id = f.approvedAtMercadoPago(user);
    f.mp().failNext(1, 503);
    Http.Response r = sync(f, id, AUTH);
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.json().getString("error")).isEqualTo("unavailable");
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void theDatabaseDownIs503AndNothingIsFetched() {
    String user = PaynotifyNode.user();
    String id = f.approvedAtMercadoPago(user);
    int fetches = f.mp().fetches();
    proxy.stop();
    try {
      Http.Response r = sync(f, id, AUTH);
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().getString("error")).isEqualTo("unavailable");
    } finally {
      proxy.start();
    }
    assertThat(f.mp().fetches()).isEqualTo(fetches);
    assertThat(sync(f, id, AUTH).status()).isEqualTo(200);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void concurrentSyncsAndWebhooksForOnePaymentCreditItOnce() {
    String user = PaynotifyNode.user();
    String id = f.approvedAtMercadoPago(user);
    List<CompletableFuture<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(CompletableFuture.supplyAsync(() -> sync(f, id, AUTH).status()));
      calls.add(CompletableFuture.supplyAsync(() -> f.http().webhook(f.port(), id)));
    }
    assertThat(calls.stream().map(CompletableFuture::join).toList()).containsOnly(200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
    assertThat(f.stored(id, "credits_granted")).isEqualTo("3");
  }
}
