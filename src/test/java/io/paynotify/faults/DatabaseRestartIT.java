package io.paynotify.faults;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.Delivery;
import io.paynotify.support.Http;
import io.paynotify.support.NodeProcess;
import io.paynotify.support.PrivatePostgres;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL (a private instance of this test's own) is stopped and started again while payments
 * flow into two clustered nodes and tabs of two users are open on both. While it is down webhooks
 * get 503 and are sent again, as Mercado Pago does; in the end every credit is exact and every tab
 * holds every event of its user exactly once, without having reconnected.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 400, timeUnit = TimeUnit.SECONDS)
class DatabaseRestartIT {

  private static final Logger LOG = LoggerFactory.getLogger(DatabaseRestartIT.class);
  private static final int PAYMENTS = 40;
  /** A steady stream: one payment every this many ms. */
  private static final long PACE_MILLIS = 150;

  private final Http http = new Http();

  @Test
  void paymentsThatFlowAcrossADatabaseRestartAreEachCreditedOnceAndReachEveryOpenTabOnce(Vertx vertx) throws Exception {
    try (PrivatePostgres pg = PrivatePostgres.start()) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      List<Map<String, String>> envs = TestNode.clusterEnvs(2, pg.url(), mp.url(), "pgrestart-" + UUID.randomUUID());
      List<String> users = List.of("p-" + UUID.randomUUID().toString().substring(0, 8),
          "q-" + UUID.randomUUID().toString().substring(0, 8));
      try (NodeProcess a = NodeProcess.start(envs.get(0)); NodeProcess b = NodeProcess.start(envs.get(1))) {
        Delivery.awaitCluster(http, a, 2);
        List<Tab> tabs = new ArrayList<>();
        for (String user : users) {
          tabs.add(Tab.open(vertx, a.port(), Tokens.valid(user)));
          tabs.add(Tab.open(vertx, b.port(), Tokens.valid(user)));
        }
        tabs.forEach(Tab::ready);
        List<Integer> ports = List.of(a.port(), b.port());
        AtomicInteger accepted = new AtomicInteger();
        List<String> sent = new CopyOnWriteArrayList<>();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
          for (int n = 0; n < PAYMENTS; n++) {
            String id = FakePayments.nextId();
            mp.put(FakePayments.payment(id, users.get(n % 2), ADDON_3, "approved"));
            int port = ports.get(n / 2 % 2);
            int attempts = Delivery.webhookUntilAccepted(http, () -> port, id, Duration.ofSeconds(120),
                refusals::incrementAndGet);
            retried.addAndGet(attempts > 1 ? 1 : 0);
            sent.add(id);
            accepted.incrementAndGet();
            pace();
          }
        });

        await().atMost(Duration.ofSeconds(60)).alias("payments not flowing")
        .until(() -> accepted.get() >= PAYMENTS / 4);
        pg.stopServer();
        long stopped = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).alias("no 503 while the database is down")
        .until(() -> http.webhook(a.port(), sent.get(0)) == 503);
        await().atMost(Duration.ofSeconds(30)).alias("no webhook was refused and retried")
        .until(() -> refusals.get() >= 3);
        pg.startServer();
        LOG.info("database down for {} ms; {} payments accepted before the stop",
            (System.nanoTime() - stopped) / 1_000_000, PAYMENTS / 4);
        stream.get(180, TimeUnit.SECONDS);

        for (Tab tab : tabs) {
          Delivery.awaitEvents(tab, PAYMENTS / 2, Duration.ofSeconds(60));
        }
        for (int i = 0; i < tabs.size(); i++) {
          Delivery.assertEveryEventOnce("tab " + i, tabs.get(i).events(), PAYMENTS / 2);
          assertThat(tabs.get(i).closeCode()).as("tab %d stayed connected", i).isNull();
        }
        for (String user : users) {
          assertThat(http.credits(a.port(), user)).isEqualTo(3L * PAYMENTS / 2);
        }
        assertThat(pg.count("SELECT count(*) FROM payments WHERE credits_granted = 3")).isEqualTo(PAYMENTS);
        assertThat(pg.count("SELECT count(DISTINCT data->>'paymentId') FROM events")).isEqualTo(PAYMENTS);
        assertThat(retried.get()).isPositive();
        LOG.info("{} of {} payments were refused at least once and retried ({} refusals)", retried.get(), PAYMENTS,
            refusals.get());
        tabs.forEach(Tab::close);
      } finally {
        mp.close().await();
      }
    }
  }

  private static void pace() {
    try {
      Thread.sleep(PACE_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
