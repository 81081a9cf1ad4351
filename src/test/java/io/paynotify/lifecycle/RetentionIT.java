package io.paynotify.lifecycle;

import static io.paynotify.support.PaynotifyNode.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code EVENTS_RETENTION_DAYS} deletes old events and finished inbox rows; a resume
 * past deleted events gets READY with {@code recovered:false}, then what remains. Events are aged by
 * hand ({@code created_at}, {@code done_at}); each node runs a pass every second here.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class RetentionIT {

  static final Map<String, String> ENV = Map.of("EVENTS_RETENTION_DAYS", "1", "RETENTION_INTERVAL_SECONDS", "1",
      "INTERNAL_API_TOKEN", PaynotifyNode.INTERNAL_TOKEN);
  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("retention")
      .env(ENV);

  static void age(String table, String column, String where) {
    f.db().query("UPDATE " + table + " SET " + column + " = now() - interval '2 days' WHERE " + where);
  }

  static void awaitCount(String sql, long n) {
    await().atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(f.db().count(sql) == n).as(() -> sql + " != " + n).isTrue());
  }

  static List<Long> seqs(List<JsonObject> events) {
    return events.stream().map(e -> e.getLong("seq")).toList();
  }

  @Test
  void oldEventsAreDeletedAndAResumePastThemIsNotRecoveredWhileLiveSocketsCarryOn() {
    String user = PaynotifyNode.user();
    String other = PaynotifyNode.user();
    try (Tab live = Tab.open(f.vertx(), f.port(), Tokens.valid(user))) {
      assertThat(live.ready().getJsonObject("data").getBoolean("recovered")).isTrue();
      for (int i = 1; i <= 5; i++) {
        f.internalNotify(user, "STEP", new JsonObject().put("i", i));
        f.internalNotify(other, "STEP", new JsonObject().put("i", i));
      }
      live.awaitEvents(5);
      age("events", "created_at", "user_id = '" + user + "' AND seq <= 3");
      awaitCount("SELECT count(*) FROM events WHERE user_id = '" + user + "'", 2);
      f.internalNotify(user, "STEP", new JsonObject().put("i", 6));
      assertThat(seqs(live.awaitEvents(6))).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
      assertThat(live.closeCode()).isNull();
    }
    assertThat(f.eventCount(other)).isEqualTo(5);
    assertResume(user, 1L, false, 4L, 5L, 6L);
    assertResume(user, 0L, false, 4L, 5L, 6L);
    assertResume(user, 3L, true, 4L, 5L, 6L);
    assertResume(user, 5L, true, 6L);
    assertResume(user, 6L, true);
    assertResume(user, null, true);
  }

  /** Resumes after {@code since} (null: a fresh start), asserts READY's recovered and the seqs replayed. */
  static void assertResume(String user, Long since, boolean recovered, Long... replayed) {
    try (Tab tab = since == null ? Tab.open(f.vertx(), f.port(), Tokens.valid(user))
        : Tab.resume(f.vertx(), f.port(), Tokens.valid(user), since)) {
      JsonObject ready = tab.ready().getJsonObject("data");
      assertThat(ready.getBoolean("recovered")).as("recovered after %s", since).isEqualTo(recovered);
      assertThat(ready.getLong("lastSeq")).isEqualTo(6);
      assertThat(seqs(tab.awaitEvents(replayed.length))).containsExactly(replayed);
      assertThat(tab.frames().get(0).getString("type")).isEqualTo("READY");
    }
  }

  @Test
  void theHttpLogSaysTheSame() {
    String user = PaynotifyNode.user();
    for (int i = 1; i <= 4; i++) {
      f.internalNotify(user, "STEP", new JsonObject());
    }
    age("events", "created_at", "user_id = '" + user + "' AND seq <= 2");
    awaitCount("SELECT count(*) FROM events WHERE user_id = '" + user + "'", 2);
    JsonObject gone = log(user, "?since=1");
    assertThat(seqs(gone.getJsonArray("events").stream().map(o -> (JsonObject) o).toList())).containsExactly(3L, 4L);
    assertThat(gone.getBoolean("recovered")).isFalse();
    assertThat(log(user, "").getBoolean("recovered")).isFalse();
    assertThat(log(user, "?since=2").getBoolean("recovered")).isTrue();
    assertThat(log(user, "?since=4").getBoolean("recovered")).isTrue();
    assertThat(log(user, "?since=9").getBoolean("recovered")).isTrue();
  }

  static JsonObject log(String user, String query) {
    Http.Response r = f.http().get(f.port(), "/notifications" + query, Tokens.valid(user));
    assertThat(r.status()).isEqualTo(200);
    return r.json();
  }

  @Test
  void finishedInboxRowsAreDeletedDueOnesAndPaymentsStay() {
    String user = PaynotifyNode.user();
    String finished = FakePayments.nextId();
    String due = FakePayments.nextId();
    f.notify(FakePayments.payment(finished, user, ADDON_3, "approved"));
    f.notify(FakePayments.payment(due, user, ADDON_3, "pending"));
    f.awaitProcessed(finished);
    f.awaitProcessed(due);
    age("inbox", "done_at", "payment_id = '" + finished + "'");
    f.db().query("UPDATE inbox SET done_at = now() - interval '2 days', due_at = now() + interval '1 hour' "
        + "WHERE payment_id = '" + due + "'");
    awaitCount("SELECT count(*) FROM inbox WHERE payment_id = '" + finished + "'", 0);
    assertThat(f.db().count("SELECT count(*) FROM inbox WHERE payment_id = '" + due + "'")).isEqualTo(1);
    assertThat(f.stored(finished, "credits_granted")).isEqualTo("3");
    f.notify(FakePayments.payment(finished, user, ADDON_3, "approved"));
    f.awaitProcessed(finished);
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(f.db().count("SELECT count(*) FROM events WHERE user_id = '" + user + "' AND type = 'PAYMENT_CONFIRMED'"))
        .isEqualTo(1);
  }

  @Test
  void twoNodesDeletingTogetherDeleteEveryOldRowOnce() {
    Map<String, String> env = TestNode.env(f.db(), f.mp().url());
    env.putAll(ENV);
    f.db().query("INSERT INTO accounts (user_id, last_seq) VALUES ('bulk', 5000)");
    f.db().query("INSERT INTO events (user_id, seq, type, data, created_at) "
        + "SELECT 'bulk', g, 'X', '{}', now() - interval '3 days' FROM generate_series(1, 5000) g");
    try (TestNode second = TestNode.start(env)) {
      awaitCount("SELECT count(*) FROM events WHERE user_id = 'bulk'", 0);
    }
    assertThat(f.db().count("SELECT last_seq FROM accounts WHERE user_id = 'bulk'")).isEqualTo(5000);
  }
}
