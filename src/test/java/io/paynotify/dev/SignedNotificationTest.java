package io.paynotify.dev;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.payment.WebhookSignature;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The one signer of the demo, the tests and the script signs what the webhook verifies. */
class SignedNotificationTest {

  @Test
  void signsWhatTheWebhookVerifiesForThatPaymentOnly() {
    SignedNotification notification = SignedNotification.of("whsec", "1234567890");
    String signature = notification.headers().get("x-signature");
    String requestId = notification.headers().get("x-request-id");
    assertThat(new WebhookSignature("whsec").verify(signature, "1234567890", requestId)).isTrue();
    assertThat(new WebhookSignature("whsec").verify(signature, "1234567891", requestId)).isFalse();
    assertThat(new WebhookSignature("other").verify(signature, "1234567890", requestId)).isFalse();
    assertThat(notification.uri()).isEqualTo("/payments/webhook?data.id=1234567890&type=payment");
    assertThat(new JsonObject(notification.body()).getJsonObject("data").getString("id")).isEqualTo("1234567890");
  }
}
