package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Delivery;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The position check's periodic run asks the store which users have new events, in one query, and
 * never reads the stored position of every connected user. To tell the two apart, the per-user
 * positions ({@code accounts}) are put out of reach (renamed) once the start-up full check is done:
 * a check that reads them fails and delivers nothing, the recent check goes on as before.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, timeUnit = TimeUnit.SECONDS)
class PositionCheckIT {

  private static final String CHECKS = "paynotify_ws_position_checks_seconds_count";
  private static final String QUERIES = "paynotify_ws_position_queries_total";
  private static final Duration SCRAPES = Duration.ofMillis(250);

  @RegisterExtension
  static final PaynotifyNode node = PaynotifyNode.standalone("poscheck").env("WS_POSITION_CHECK_SECONDS", "1");

  @Test
  void anEventStoredButNeverPublishedReachesEveryOpenTabOfItsUserThroughTheRecentCheck() {
    String user = PaynotifyNode.user();
    try (Tab first = open(user); Tab second = open(user); Tab other = open(PaynotifyNode.user())) {
      open(user).close();
      awaitStartUpFullChecks();
      withoutPositions(() -> {
        // what a node that died right after its commit leaves: the event and the account row, no publish
        node.db().query("WITH account AS (INSERT INTO accounts_out_of_reach (user_id, credits, last_seq)"
            + " VALUES ('" + user + "', 1, 1)) INSERT INTO events (user_id, seq, type, data) VALUES ('" + user
            + "', 1, 'CREDITS_CHANGED', '{\"amount\":1,\"reason\":\"test\",\"totalCredits\":1}')");
        Delivery.awaitEvents(first, 1, Duration.ofSeconds(5));
        Delivery.awaitEvents(second, 1, Duration.ofSeconds(5));
      });
      Delivery.assertEveryEventOnce("first tab", first.events(), 1);
      Delivery.assertEveryEventOnce("second tab", second.events(), 1);
      assertThat(first.events().get(0).getString("type")).isEqualTo("CREDITS_CHANGED");
      assertThat(other.events()).isEmpty();
    }
  }

  @Test
  void eachPeriodicCheckIsOneQueryThatReadsNoUsersPositionWhateverTheNumberOfSockets() {
    List<Tab> tabs = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) {
        String user = PaynotifyNode.user();
        tabs.add(open(user));
        tabs.add(open(user));
      }
      awaitStartUpFullChecks();
      withoutPositions(() -> {
        Scrape before = Scrape.of(node.http(), node.port());
        await("checks go on without the users' positions").atMost(Duration.ofSeconds(15)).pollInterval(SCRAPES)
            .until(() -> moved(before, Scrape.of(node.http(), node.port()), CHECKS) >= 6);
        Scrape after = Scrape.of(node.http(), node.port());
        // within one: a check may finish between the two meters of a scrape
        assertThat(moved(before, after, QUERIES)).as("queries of %s checks", moved(before, after, CHECKS))
            .isCloseTo(moved(before, after, CHECKS), within(1.0));
      });
    } finally {
      tabs.forEach(Tab::close);
    }
  }

  private static Tab open(String user) {
    Tab tab = Tab.open(node.vertx(), node.port(), Tokens.valid(user));
    tab.ready();
    return tab;
  }

  /**
   * The first check of each event loop is a full one (it reads the positions); the loops check once a
   * second each, the first at a random point of it, so four checks mean each loop has had its first.
   */
  private static void awaitStartUpFullChecks() {
    await().atMost(Duration.ofSeconds(15)).pollInterval(SCRAPES).until(() -> Scrape.of(node.http(), node.port()).value(CHECKS) >= 4);
  }

  private static void withoutPositions(Runnable body) {
    node.db().query("ALTER TABLE accounts RENAME TO accounts_out_of_reach");
    try {
      body.run();
    } finally {
      node.db().query("ALTER TABLE accounts_out_of_reach RENAME TO accounts");
    }
  }

  private static double moved(Scrape before, Scrape after, String series) {
    return after.value(series) - before.value(series);
  }
}
