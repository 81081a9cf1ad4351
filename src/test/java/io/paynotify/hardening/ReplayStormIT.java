package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replays of one signed notification fold together: while a fetch of the payment is queued or
 * running, any number of them add one more fetch after it (and are counted as folded), and a
 * notification that arrives after the last fetch began is never folded away.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayStormIT {

  static final int STORM = 30;
  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("replaystorm").env(Map.of("MP_TIMEOUT_MS", "15000")); // the fetches here are slow on purpose

  @Test
  void aReplayStormCostsOneMoreFetchAndALaterNotificationIsNeverFoldedAway() {
    String user = PaynotifyNode.user();
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, user, PaynotifyNode.ADDON_3, "pending"));
    fx.mp().delay(5000); // each fetch takes long enough for the storm to arrive while it runs
    double foldedBefore = folded();
    int requestsBefore = fx.mp().requests();

    assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> fx.mp().requests() == requestsBefore + 1);
    for (int i = 0; i < STORM; i++) {
      assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);
    }
    assertThat(fx.mp().requests()).as("the storm arrived while the first fetch ran").isEqualTo(requestsBefore + 1);
    await().atMost(Duration.ofSeconds(30)).until(() -> fx.mp().requests() == requestsBefore + 2);
    // the second fetch has begun: Mercado Pago may have changed the payment since, and this
    // notification may be the only one that says so
    fx.mp().put(FakePayments.payment(id, user, PaynotifyNode.ADDON_3, "approved"));
    assertThat(fx.http().webhook(fx.port(), id)).isEqualTo(200);

    await().atMost(Duration.ofSeconds(40)).until(() -> "t".equals(fx.db().query(
        "SELECT due_at IS NULL AND lease_until IS NULL FROM inbox WHERE payment_id = '" + id + "'")));
    fx.mp().delay(0);
    assertThat(fx.mp().served(id)).as("the first fetch, one for the storm, one for the late notification")
        .isEqualTo(3);
    assertThat(folded() - foldedBefore).isEqualTo(STORM + 1);
    assertThat(fx.db().query("SELECT status FROM payments WHERE payment_id = '" + id + "'")).isEqualTo("approved");
  }

  static double folded() {
    return Scrape.of(fx.http(), fx.port()).value("paynotify_webhooks_folded_total");
  }
}
