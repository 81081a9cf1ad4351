package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that floods {@code {"type":"PING"}} and never reads: its PONGs fill the same bounded
 * outbound queue as events, so it is closed with 4008 and counted like any slow reader.
 */
@ExtendWith(VertxExtension.class)
class PingFloodIT {

  static final int QUEUE_BYTES = 64 * 1024;
  /** Far more PONG bytes than the queue and the kernel's buffers on both sides can hold together. */
  static final int MAX_PINGS = 2_000_000;
  static final int BATCH = 5_000;

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("pingflood").env(Map.of("WS_OUTBOUND_QUEUE_BYTES", String.valueOf(QUEUE_BYTES)));

  static double slowConsumerCloses() {
    return Scrape.of(fx.http(), fx.port()).value("paynotify_ws_slow_consumer_closes_total");
  }

  @Test
  void closesAClientThatFloodsPingsAndNeverReadsWith4008AndCountsIt() {
    double closesBefore = slowConsumerCloses();
    int sent = 0;
    try (RawSocket flooder = RawSocket.upgrade(fx.port(), "/notifications/ws?token=" + Tab.encode(Tokens.valid("pinger")),
        Map.of(), 4096)) {
      assertThat(flooder.status()).isEqualTo(101);
      while (slowConsumerCloses() == closesBefore && sent < MAX_PINGS) {
        for (int i = 0; i < BATCH; i++) {
          flooder.sendText("{\"type\":\"PING\"}");
        }
        sent += BATCH;
      }
      assertThat(slowConsumerCloses()).as("closed after %d PINGs", sent).isEqualTo(closesBefore + 1);
      assertThat(flooder.awaitClose()).isEqualTo(4008);
    }
    try (Tab healthy = Tab.open(fx.vertx(), fx.port(), Tokens.valid("pinger"))) {
      assertThat(healthy.ready()).as("the node still serves").isNotNull();
    }
  }
}
