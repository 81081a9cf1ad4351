package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Http;
import io.paynotify.support.Plans;
import io.paynotify.support.PrivatePostgres;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a payment costs PostgreSQL, on a private instance that nothing else uses: the write
 * transactions (each one commit) of 200 signed webhooks for distinct approved payments, counted as
 * the transaction ids they consumed ({@code pg_snapshot_xmax} of the current snapshot takes none), and
 * the statements the node sent meanwhile (from the server log with {@code log_statement = all}).
 * Background work that finds nothing to do writes nothing and takes no id.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class PaymentCommitsIT {

  private static final Logger LOG = LoggerFactory.getLogger(PaymentCommitsIT.class);
  private static final int PAYMENTS = 200;
  private static final String XMAX = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint";
  private final Http http = new Http();

  @Test
  void anApprovedPaymentCostsTwoCommitsTheStoredNotificationAndItsTransaction(Vertx vertx) throws IOException {
    try (PrivatePostgres pg = PrivatePostgres.start()) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      Map<String, String> env = TestNode.env(pg.url(), mp.url());
      env.put("RECONCILE_INTERVAL_SECONDS", "3600");
      TestNode node = TestNode.start(env);
      try {
        pay(mp, pg, node, 1, 1);
        pg.query("ALTER SYSTEM SET log_statement = 'all'");
        pg.query("ALTER SYSTEM SET log_line_prefix = '[%a] '");
        pg.query("SELECT pg_reload_conf()");
        long xmax = pg.count(XMAX);
        long logged = statements(pg);
        pay(mp, pg, node, PAYMENTS, PAYMENTS + 1);
        double commits = (double) (pg.count(XMAX) - xmax) / PAYMENTS;
        double statements = (double) (statements(pg) - logged) / PAYMENTS;
        LOG.info("per payment over {} payments: {} commits, {} statements of the node (background reads included)",
            PAYMENTS, commits, statements);
        assertThat(pg.count("SELECT sum(credits) FROM accounts")).isEqualTo(3L * (PAYMENTS + 1));
        assertThat(commits).isLessThanOrEqualTo(2.0);
      } finally {
        node.close();
        mp.close().await();
      }
    }
  }

  /** {@code n} approved payments of 20 users, one webhook each, until {@code total} inbox rows are finished. */
  private void pay(MercadoPagoDouble mp, PrivatePostgres pg, TestNode node, int n, int total) {
    String users = "c-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    for (int i = 0; i < n; i++) {
      String id = FakePayments.nextId();
      mp.put(FakePayments.payment(id, users + (i % 20), Plans.ADDON_3, "approved"));
      assertThat(http.webhook(node.port(), id)).isEqualTo(200);
    }
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
        pg.count("SELECT count(*) FROM inbox WHERE due_at IS NULL AND lease_until IS NULL")).isEqualTo(total));
  }

  private static long statements(PrivatePostgres pg) throws IOException {
    try (Stream<String> lines = Files.lines(pg.serverLog())) {
      return lines.filter(l -> l.startsWith("[vertx-pg-client]"))
          .filter(l -> l.contains("LOG:  statement:") || l.contains("LOG:  execute ")).count();
    }
  }
}
