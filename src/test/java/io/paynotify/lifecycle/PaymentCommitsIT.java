package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Fixture;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a payment costs PostgreSQL: the write transactions (each one commit) that 200 signed webhooks
 * for distinct approved payments take, counted as the transaction ids they consumed
 * ({@code pg_snapshot_xmax} of the current snapshot, which takes no id itself). Background work that
 * finds nothing to do (inbox poll, reconciliation) writes nothing and takes no id.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class PaymentCommitsIT {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentCommitsIT.class);
  private static final int PAYMENTS = 200;
  private static final String XMAX = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint";
  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "commits", Map.of("RECONCILE_INTERVAL_SECONDS", "3600"));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  @Test
  void anApprovedPaymentCostsTwoCommitsTheStoredNotificationAndItsTransaction() {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      users.add(Fixture.user());
    }
    f.awaitProcessed(f.approvedAtMercadoPagoNotified(users.get(0)));
    long before = f.db.count(XMAX);
    for (int i = 0; i < PAYMENTS; i++) {
      f.approvedAtMercadoPagoNotified(users.get(i % users.size()));
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
        f.db.count("SELECT count(*) FROM inbox WHERE due_at IS NULL AND lease_until IS NULL")).isEqualTo(PAYMENTS + 1));
    double perPayment = (double) (f.db.count(XMAX) - before) / PAYMENTS;
    LOG.info("write transactions (commits) per payment over {} payments: {}", PAYMENTS, perPayment);
    assertThat(f.db.count("SELECT sum(credits) FROM accounts")).isEqualTo(3L * (PAYMENTS + 1));
    assertThat(perPayment).isLessThanOrEqualTo(2.05);
  }
}
