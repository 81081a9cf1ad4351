package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.LongStream;

/**
 * What the fault tests assert at the end and how they send webhooks: every tab holds every event of
 * its user exactly once and in order, and a webhook is retried until it is accepted, as Mercado Pago
 * retries a notification that did not get a 2xx (503 while the database is down, a node that is gone).
 */
public final class Delivery {

  private Delivery() {
  }

  /** The events held are exactly seqs 1..{@code lastSeq}, each once, in order. */
  public static void assertEveryEventOnce(String tab, List<JsonObject> events, long lastSeq) {
    assertThat(events).as(tab + " events by seq").extracting(e -> e.getLong("seq"))
        .containsExactlyElementsOf(LongStream.rangeClosed(1, lastSeq).boxed().toList());
  }

  /** Waits until the tab holds {@code n} events (at most {@code timeout}); returns them. */
  public static List<JsonObject> awaitEvents(Tab tab, int n, Duration timeout) {
    await().atMost(timeout)
        .until(() -> tab.events().size() >= n);
    return tab.events();
  }

  /** Sends the payment's signed webhook until a node answers 200 (each attempt to {@code port}). */
  public static int webhookUntilAccepted(Http http, IntSupplier port, String paymentId, Duration timeout) {
    return webhookUntilAccepted(http, port, paymentId, timeout, () -> { });
  }

  /** The same, calling {@code onRefused} after each attempt that was not accepted. */
  public static int webhookUntilAccepted(Http http, IntSupplier port, String paymentId, Duration timeout,
                                         Runnable onRefused) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int attempts = 0;
    while (true) {
      attempts++;
      try {
        if (http.webhook(port.getAsInt(), paymentId) == 200) {
          return attempts;
        }
      } catch (RuntimeException e) {
        // connection refused or reset: the node is down, Mercado Pago tries again later
      }
      onRefused.run();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("webhook for " + paymentId + " never accepted after " + attempts + " attempts");
      }
      pause(200);
    }
  }

  /** Waits until {@code node} sees a cluster of {@code members}. */
  public static void awaitCluster(Http http, NodeProcess node, int members) {
    await().atMost(Duration.ofSeconds(60))
        .until(() -> {
      try {
        return http.get(node.port(), "/ready", null).json().getInteger("clusterMembers", 0) == members;
      } catch (RuntimeException e) {
        return false;
      }
    });
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
