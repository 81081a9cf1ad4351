package io.paynotify.lifecycle;

import static io.paynotify.support.PaynotifyNode.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /payments/{paymentId}} shows the caller's own payment, and nobody else's. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class PaymentEndpointIT {

  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("paymentapi");

  @Test
  void theOwnerSeesTheStateOfTheirPayment() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    f.notify(FakePayments.payment(id, user, ADDON_3, "approved"));
    f.awaitProcessed(id);
    Http.Response r = f.http().get(f.port(), "/payments/" + id, Tokens.valid(user));
    assertThat(r.status()).isEqualTo(200);
    JsonObject json = r.json();
    assertThat(json.getString("paymentId")).isEqualTo(id);
    assertThat(json.getString("status")).isEqualTo("approved");
    assertThat(json.getString("statusDetail")).isEqualTo("accredited");
    assertThat(json.getString("planType")).isEqualTo("addon_3");
    assertThat(json.getInteger("creditsGranted")).isEqualTo(3);
    assertThat(json.getString("amount")).isEqualTo("1500.00");
    assertThat(json.getString("currency")).isEqualTo("ARS");
    assertThat(json.getString("updatedAt")).endsWith("Z");
  }

  @Test
  void aRejectedPaymentShowsItsState() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    f.notify(FakePayments.payment(id, user, ADDON_3, "rejected"));
    f.awaitProcessed(id);
    JsonObject json = f.http().get(f.port(), "/payments/" + id, Tokens.valid(user)).json();
    assertThat(json.getString("status")).isEqualTo("rejected");
    assertThat(json.getString("statusDetail")).isEqualTo("cc_rejected_other_reason");
    assertThat(json.getInteger("creditsGranted")).isZero();
  }

  @Test
  void anotherUsersPaymentAndAnUnknownOneAre404() {
    String owner = PaynotifyNode.user();
    String id = FakePayments.nextId();
    f.notify(FakePayments.payment(id, owner, ADDON_3, "approved"));
    f.awaitProcessed(id);
    Http.Response other = f.http().get(f.port(), "/payments/" + id, Tokens.valid(PaynotifyNode.user()));
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.json().getString("error")).isEqualTo("not_found");
    assertThat(f.http().get(f.port(), "/payments/" + FakePayments.nextId(), Tokens.valid(owner)).status())
        .isEqualTo(404);
    assertThat(f.http().get(f.port(), "/payments/%27%20OR%201=1", Tokens.valid(owner)).status()).isEqualTo(404);
  }

  @Test
  void withoutAValidTokenItIs401() {
    String id = FakePayments.nextId();
    assertThat(f.http().get(f.port(), "/payments/" + id, null).status()).isEqualTo(401);
    assertThat(f.http().get(f.port(), "/payments/" + id, "not-a-token").status()).isEqualTo(401);
  }
}
