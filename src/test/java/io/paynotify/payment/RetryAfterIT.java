package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.PaynotifyNode;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mercado Pago's Retry-After on 429 and 503 (the stand-in sends it): the inbox row's next attempt is
 * no earlier than asked (back-off alone would retry after about 1 s), capped by INBOX_MAX_BACKOFF_SECONDS.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RetryAfterIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("retryafter").env("INBOX_MAX_BACKOFF_SECONDS", "8");

  /** Seconds from now until the payment's row is due again, once its failed attempt is recorded. */
  private static double dueInSeconds(String paymentId) {
    await().atMost(Duration.ofSeconds(20)).alias("a failed attempt recorded")
        .until(() -> fx.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + paymentId
            + "' AND last_error IS NOT NULL AND lease_until IS NULL") == 1);
    return Double.parseDouble(fx.db().query("SELECT EXTRACT(EPOCH FROM due_at - now()) FROM inbox WHERE payment_id = '"
        + paymentId + "'"));
  }

  private static String pay(String user) {
    String id = String.valueOf(6_000_000_000L + System.nanoTime() % 1_000_000_000);
    fx.notify(PaynotifyNode.payment(id, user, PaynotifyNode.ADDON_3, "approved", OffsetDateTime.now()));
    return id;
  }

  @Test
  void a429WithRetryAfterSecondsWaitsThatLongThenCredits() {
    String user = PaynotifyNode.user();
    fx.mp().failNext(1, 429, "4");
    String id = pay(user);
    assertThat(dueInSeconds(id)).isBetween(3.0, 4.1);
    assertThat(fx.db().query("SELECT last_error FROM inbox WHERE payment_id = '" + id + "'")).contains("Retry-After 4 s");
    await().atMost(Duration.ofSeconds(20)).alias("never credited").until(() -> fx.credits(user) == 3);
  }

  @Test
  void a503WithAnHttpDateIsHonouredToo() {
    String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(6));
    fx.mp().failNext(1, 503, at);
    String id = pay(PaynotifyNode.user());
    assertThat(dueInSeconds(id)).isBetween(4.0, 6.1);
  }

  @Test
  void aRetryAfterBeyondTheMaximumBackoffIsCapped() {
    fx.mp().failNext(1, 429, "3600");
    String id = pay(PaynotifyNode.user());
    assertThat(dueInSeconds(id)).isBetween(6.5, 8.1);
  }
}
