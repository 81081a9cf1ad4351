package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Resume with {@code since}: every stored event after it, then live ones, no gap, no double. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class ResumeIT {

  static final Duration LONG = Duration.ofSeconds(60);
  @RegisterExtension
  static final PaynotifyNode f = PaynotifyNode.standalone("resume").withInternalApi();

  static long publish(String user, int n) {
    long seq = 0;
    for (int i = 0; i < n; i++) {
      Http.Response r = f.internalNotify(user, "NOTE", new JsonObject().put("i", i));
      assertThat(r.status()).isEqualTo(202);
      seq = r.json().getLong("seq");
    }
    return seq;
  }

  static List<Long> seqs(Tab tab) {
    return tab.events().stream().map(e -> e.getLong("seq")).toList();
  }

  static List<Long> range(long fromExclusive, long toInclusive) {
    return LongStream.rangeClosed(fromExclusive + 1, toInclusive).boxed().toList();
  }

  @Test
  void eventsPublishedWhileTabsReplayAreNeitherLostNorDoubled() throws Exception {
    String user = PaynotifyNode.user();
    long stored = publish(user, 600);
    AtomicLong newest = new AtomicLong(stored);
    List<Thread> publishers = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      Thread t = new Thread(() -> {
        for (int i = 0; i < 100; i++) {
          Http.Response r = f.internalNotify(user, "LIVE", new JsonObject().put("i", i));
          newest.accumulateAndGet(r.json().getLong("seq"), Math::max);
        }
      });
      t.start();
      publishers.add(t);
    }
    List<Tab> tabs = new ArrayList<>();
    List<Long> sinces = new ArrayList<>();
    try {
      long[] from = {0, 1, 300, 599, -1, 0, -2, -1};
      for (long since : from) {
        long s = since == -1 ? newest.get() - 3 : since == -2 ? newest.get() : since;
        tabs.add(Tab.resume(f.vertx(), f.port(), Tokens.valid(user), s));
        sinces.add(s);
      }
      for (Thread t : publishers) {
        t.join(120_000);
      }
      assertThat(newest.get()).isEqualTo(stored + 300);
      long last = publish(user, 1);
      for (int i = 0; i < tabs.size(); i++) {
        Tab tab = tabs.get(i);
        long since = sinces.get(i);
        await().atMost(LONG)
            .untilAsserted(() -> assertThat(!tab.events().isEmpty()
                && tab.events().get(tab.events().size() - 1).getLong("seq") == last || tab.closeCode() != null)
                .as(() -> "tab from " + since + " is behind: " + seqs(tab).size()).isTrue());
        assertThat(tab.closeCode()).as("tab from %d closed", since).isNull();
        assertThat(tab.frames().get(0).getString("type")).isEqualTo("READY");
        assertThat(seqs(tab)).as("tab resumed from %d", since).isEqualTo(range(since, last));
      }
    } finally {
      tabs.forEach(Tab::close);
    }
  }

  @Test
  void aBacklogLargerThanTheOutboundQueueIsReplayedCompletelyThenLiveEvents() {
    String user = PaynotifyNode.user();
    String filler = "x".repeat(40_000);
    for (int i = 0; i < 700; i++) {
      assertThat(f.internalNotify(user, "BIG", new JsonObject().put("i", i).put("filler", filler)).status())
          .isEqualTo(202);
    }
    try (Tab tab = Tab.resume(f.vertx(), f.port(), Tokens.valid(user), 0)) {
      publish(user, 50);
      await().atMost(LONG)
          .untilAsserted(() -> assertThat(tab.events().size() == 750 || tab.closeCode() != null)
              .as(() -> "replayed " + tab.events().size()).isTrue());
      assertThat(tab.closeCode()).isNull();
      assertThat(seqs(tab)).isEqualTo(range(0, 750));
    }
  }

  @Test
  void sinceZeroReplaysEverythingThenLiveEvents() {
    String user = PaynotifyNode.user();
    publish(user, 3);
    try (Tab tab = Tab.resume(f.vertx(), f.port(), Tokens.valid(user), 0)) {
      assertThat(tab.ready().getJsonObject("data").getLong("lastSeq")).isEqualTo(3);
      tab.awaitEvents(3);
      publish(user, 1);
      tab.awaitEvents(4);
      assertThat(seqs(tab)).containsExactly(1L, 2L, 3L, 4L);
      assertThat(tab.events().get(0).getJsonObject("data").getInteger("i")).isZero();
    }
  }

  @Test
  void sinceBeyondLastSeqReplaysNothingAndStillDeliversTheNextEvent() {
    String user = PaynotifyNode.user();
    publish(user, 2);
    try (Tab tab = Tab.resume(f.vertx(), f.port(), Tokens.valid(user), 50)) {
      assertThat(tab.ready().getJsonObject("data").getLong("lastSeq")).isEqualTo(2);
      publish(user, 1);
      tab.awaitEvents(1);
      assertThat(seqs(tab)).containsExactly(3L);
    }
  }

  @Test
  void aTabWithoutSinceGetsOnlyEventsAfterItsLastSeq() {
    String user = PaynotifyNode.user();
    publish(user, 2);
    try (Tab tab = Tab.open(f.vertx(), f.port(), Tokens.valid(user))) {
      assertThat(tab.ready().getJsonObject("data").getLong("lastSeq")).isEqualTo(2);
      publish(user, 1);
      tab.awaitEvents(1);
      assertThat(seqs(tab)).containsExactly(3L);
    }
  }

  @Test
  void aGarbageSinceIsRefusedWith400BeforeTheUpgrade() {
    String token = Tab.encode(Tokens.valid(PaynotifyNode.user()));
    for (String since : List.of("abc", "-1", "1.5", "", "99999999999999999999", "0x10")) {
      assertThat(Tab.upgradeStatus(f.vertx(), f.port(), "token=" + token + "&since=" + since)).as("since=%s", since)
          .isEqualTo(400);
    }
  }

  @Test
  void theLogIsServedOverHttpWithBoundedLimits() {
    String user = PaynotifyNode.user();
    publish(user, 5);
    String token = Tokens.valid(user);
    Http.Response page = f.http().get(f.port(), "/notifications?since=1&limit=2", token);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().getJsonArray("events").stream().map(e -> ((JsonObject) e).getLong("seq")))
        .containsExactly(2L, 3L);
    JsonObject first = page.json().getJsonArray("events").getJsonObject(0);
    assertThat(first.fieldNames()).containsExactlyInAnyOrder("type", "seq", "data");
    assertThat(first.getString("type")).isEqualTo("NOTE");
    assertThat(f.http().get(f.port(), "/notifications", token).json().getJsonArray("events")).hasSize(5);
    assertThat(f.http().get(f.port(), "/notifications?since=5", token).json().getJsonArray("events")).isEmpty();
    assertThat(f.http().get(f.port(), "/notifications?limit=500", token).status()).isEqualTo(200);
    for (String bad : List.of("limit=0", "limit=501", "limit=x", "since=-1", "since=abc")) {
      Http.Response r = f.http().get(f.port(), "/notifications?" + bad, token);
      assertThat(r.status()).as(bad).isEqualTo(400);
      assertThat(r.json().getString("error")).isEqualTo("bad_request");
    }
    assertThat(f.http().get(f.port(), "/notifications", null).status()).isEqualTo(401);
    Http.Response other = f.http().get(f.port(), "/notifications", Tokens.valid(PaynotifyNode.user()));
    assertThat(other.json().getJsonArray("events")).isEmpty();
  }
}
