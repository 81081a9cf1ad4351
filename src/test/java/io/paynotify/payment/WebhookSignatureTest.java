package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mercado Pago's x-signature against the published-shape vectors (src/test/resources/fixtures). */
class WebhookSignatureTest {

  static final JsonObject VECTORS = load();

  static Stream<Arguments> valid() {
    return VECTORS.getJsonArray("vectors").stream().map(JsonObject.class::cast).map(Arguments::of);
  }

  static Stream<Arguments> invalid() {
    return VECTORS.getJsonArray("invalid").stream().map(JsonObject.class::cast).map(v -> Arguments.of(v.getString("why"), v));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void acceptsEveryVector(JsonObject v) {
    WebhookSignature signature = new WebhookSignature(VECTORS.getString("secret"));
    assertThat(WebhookSignature.manifest(v.getString("dataId"), v.getString("requestId"), v.getString("ts")))
        .isEqualTo(v.getString("manifest"));
    assertThat(signature.header(v.getString("dataId"), v.getString("requestId"), v.getString("ts")))
        .isEqualTo(v.getString("header"));
    assertThat(signature.verify(v.getString("header"), v.getString("dataId"), v.getString("requestId"))).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void rejectsEveryInvalidHeader(String why, JsonObject v) {
    WebhookSignature signature = new WebhookSignature(VECTORS.getString("secret"));
    assertThat(signature.verify(v.getString("header"), v.getString("dataId"), v.getString("requestId"))).isFalse();
  }

  @Test
  void rejectsMissingOversizedAndOtherSecretHeaders() {
    JsonObject v = VECTORS.getJsonArray("vectors").getJsonObject(0);
    WebhookSignature signature = new WebhookSignature(VECTORS.getString("secret"));
    assertThat(signature.verify(null, "123456", v.getString("requestId"))).isFalse();
    assertThat(signature.verify("", "123456", v.getString("requestId"))).isFalse();
    assertThat(signature.verify(v.getString("header") + ",x=" + "a".repeat(600), "123456", v.getString("requestId"))).isFalse();
    assertThat(new WebhookSignature("another-secret").verify(v.getString("header"), "123456", v.getString("requestId"))).isFalse();
    assertThat(signature.verify(v.getString("header"), "123456", "another-request")).isFalse();
    assertThat(signature.verify(v.getString("header").replace("ts=", "ts= "), "123456", v.getString("requestId"))).isTrue();
  }

  private static JsonObject load() {
    try (InputStream in = WebhookSignatureTest.class.getResourceAsStream("/fixtures/mercadopago/signature-vectors.json")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void eitherSecretOfARotationVerifiesAndAThirdDoesNot() {
    WebhookSignature both = new WebhookSignature(java.util.List.of("new-secret", "old-secret"));
    String ts = "1704908010000";
    assertThat(both.verify(new WebhookSignature("new-secret").header("123", "r", ts), "123", "r")).isTrue();
    assertThat(both.verify(new WebhookSignature("old-secret").header("123", "r", ts), "123", "r")).isTrue();
    assertThat(both.verify(new WebhookSignature("third-secret").header("123", "r", ts), "123", "r")).isFalse();
    assertThat(both.header("123", "r", ts)).isEqualTo(new WebhookSignature("new-secret").header("123", "r", ts));
  }
}
