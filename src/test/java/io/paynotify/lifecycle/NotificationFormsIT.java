package io.paynotify.lifecycle;

import static io.paynotify.support.PaynotifyNode.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.TestNode;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Webhooks form, the legacy IPN form, and topics other than payment. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class NotificationFormsIT {

  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("forms");

  static Http.Response send(String query, String signedId, String body) {
    String requestId = "req-" + signedId;
    String ts = String.valueOf(System.currentTimeMillis());
    return f.http().rawWebhook(f.port(), query, Http.signature(TestNode.WEBHOOK_SECRET, signedId, requestId, ts),
        requestId, body);
  }

  static String approved(String user) {
    String id = FakePayments.nextId();
    f.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    return id;
  }

  @Test
  void theWebhooksFormIsStoredAndCredited() {
    String user = PaynotifyNode.user();
    String id = approved(user);
    String body = new JsonObject().put("action", "payment.created").put("type", "payment")
        .put("data", new JsonObject().put("id", id)).encode();
    Http.Response r = send("?data.id=" + id + "&type=payment", id, body);
    assertThat(r.status()).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void theLegacyIpnFormIsStoredAndCredited() {
    String user = PaynotifyNode.user();
    String id = approved(user);
    Http.Response r = send("?topic=payment&id=" + id, id, "");
    assertThat(r.status()).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.eventCount(user)).isEqualTo(1);
  }

  @Test
  void merchantOrderAndOtherTopicsAnswer200AndAreIgnored() {
    int fetches = f.mp().fetches();
    assertThat(send("?topic=merchant_order&id=123456", "123456", "").status()).isEqualTo(200);
    assertThat(send("?id=123457&topic=merchant_order", "123457",
        new JsonObject().put("resource", "https://api.mercadolibre.com/merchant_orders/123457")
            .put("topic", "merchant_order").encode()).status()).isEqualTo(200);
    assertThat(send("?data.id=123458&type=merchant_order", "123458", "{}").status()).isEqualTo(200);
    assertThat(send("?data.id=123459&type=subscription_preapproval", "123459", "{}").status()).isEqualTo(200);
    assertThat(f.http().rawWebhook(f.port(), "?topic=merchant_order&id=123460", null, null, "").status())
        .isEqualTo(200);
    assertThat(f.db().count("SELECT count(*) FROM inbox WHERE payment_id LIKE '12345%' OR payment_id = '123460'"))
        .isZero();
    assertThat(f.mp().fetches()).isEqualTo(fetches);
  }

  @Test
  void aTopicInTheBodyAloneIsEnough() {
    String user = PaynotifyNode.user();
    String id = approved(user);
    String body = new JsonObject().put("type", "payment").put("data", new JsonObject().put("id", id)).encode();
    assertThat(send("?data.id=" + id, id, body).status()).isEqualTo(200);
    f.awaitProcessed(id);
    assertThat(f.credits(user)).isEqualTo(3);
  }

  @Test
  void malformedNotificationsAnswer400AndStoreNothing() {
    Http.Response noTopic = send("?data.id=555", "555", "{}");
    assertThat(noTopic.status()).isEqualTo(400);
    assertThat(noTopic.json().getString("error")).isEqualTo("bad_request");
    assertThat(send("?topic=payment", null, "").status()).isEqualTo(400);
    assertThat(send("?topic=payment&id=abc", "abc", "").status()).isEqualTo(400);
    assertThat(send("?data.id=556&type=payment", "556", "not json").status()).isEqualTo(400);
    assertThat(f.db().count("SELECT count(*) FROM inbox WHERE payment_id IN ('555', '556')")).isZero();
  }

  @Test
  void anIpnSignedForAnotherIdIsRefused() {
    String user = PaynotifyNode.user();
    String id = approved(user);
    assertThat(send("?topic=payment&id=" + id, "1", "").status()).isEqualTo(401);
    assertThat(f.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + id + "'")).isZero();
  }
}
