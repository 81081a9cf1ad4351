package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tab that never reads is closed with 4008 (and counted); it resumes with since and misses nothing. */
@ExtendWith(VertxExtension.class)
class SlowConsumerIT {

  private static final Logger LOG = LoggerFactory.getLogger(SlowConsumerIT.class);
  static final String INTERNAL = "internal-token-for-slow-consumer-test";
  static final int MAX_EVENTS = 3000;
  static final int QUEUE_BYTES = 4 * 1024 * 1024;

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("slowconsumer")
      .env(Map.of("INTERNAL_API_TOKEN", INTERNAL, "WS_OUTBOUND_QUEUE_BYTES", String.valueOf(QUEUE_BYTES)));

  static double slowConsumerCloses() {
    return Scrape.of(fx.http(), fx.port()).value("paynotify_ws_slow_consumer_closes_total");
  }

  @Test
  void closesATabThatNeverReadsWith4008AndItResumesWithSinceWithoutAGap() {
    String user = "slow-reader";
    double closesBefore = slowConsumerCloses();
    String padding = "x".repeat(16 * 1024);
    int sent = 0;
    try (RawSocket stuck = RawSocket.upgrade(fx.port(), "/notifications/ws?token=" + Tab.encode(Tokens.valid(user)),
        Map.of(), 4096)) {
      assertThat(stuck.status()).isEqualTo(101);
      assertThat(stuck.readText().text()).contains("READY");
      while (slowConsumerCloses() == closesBefore && sent < MAX_EVENTS) {
        sent++;
        assertThat(notify(user, sent, padding)).isEqualTo(202);
      }
      LOG.info("the tab that never reads was closed after {} events of {} KiB", sent, padding.length() / 1024);
      assertThat(slowConsumerCloses()).isEqualTo(closesBefore + 1);
      assertThat((long) sent * padding.length()).as("the configured queue bound is applied")
          .isGreaterThan(QUEUE_BYTES);

      long lastSeen = 0;
      RawSocket.Frame f;
      for (f = stuck.readMessage(); f != null && f.opcode() != RawSocket.CLOSE; f = stuck.readMessage()) {
        if (f.opcode() == RawSocket.TEXT) {
          long seq = new JsonObject(f.text()).getLong("seq");
          assertThat(seq).isEqualTo(lastSeen + 1);
          lastSeen = seq;
        }
      }
      assertThat(f).isNotNull();
      assertThat(f.closeCode()).isEqualTo(4008);
      assertThat(lastSeen).isLessThan(sent);

      try (Tab resumed = Tab.resume(fx.vertx(), fx.port(), Tokens.valid(user), lastSeen)) {
        resumed.ready();
        List<JsonObject> events = resumed.awaitEvents(sent - (int) lastSeen);
        assertThat(events.stream().mapToLong(e -> e.getLong("seq")))
            .containsExactlyElementsOf(LongStream.rangeClosed(lastSeen + 1, sent).boxed().toList());
      }
    }
  }

  static int notify(String user, int n, String padding) {
    JsonObject body = new JsonObject().put("userId", user).put("type", "BULK")
        .put("data", new JsonObject().put("n", n).put("padding", padding));
    return fx.http().request("POST", fx.port(), "/internal/notify",
        Map.of("Authorization", "Bearer " + INTERNAL, "content-type", "application/json"), body.encode()).status();
  }
}
