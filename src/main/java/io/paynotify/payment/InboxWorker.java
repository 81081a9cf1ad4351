package io.paynotify.payment;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what the fast path did not: every poll it leases due inbox rows (retries, rows of a node
 * that died) with {@code FOR UPDATE SKIP LOCKED} and processes them. Runs on every node.
 */
public final class InboxWorker {

  private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
  private static final int BATCH = 16;
  private static final long REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final Inbox inbox;
  private final PaymentProcessor processor;
  private boolean busy;
  private int failedPolls;
  private long reportedAt = System.nanoTime() - REPORT_NANOS;

  public InboxWorker(Inbox inbox, PaymentProcessor processor) {
    this.inbox = inbox;
    this.processor = processor;
  }

  /** One poll; skipped while the previous one is still working. */
  public void poll() {
    if (busy) {
      return;
    }
    busy = true;
    inbox.claimDue(BATCH)
        .compose(this::processAll)
        .onComplete(ar -> {
          busy = false;
          if (ar.failed()) {
            failed(ar.cause());
          } else if (ar.result() == BATCH) {
            poll();
          }
        });
  }

  /** A poll repeats every interval while the database is down: said at most once a minute, with a count. */
  private void failed(Throwable cause) {
    failedPolls++;
    long now = System.nanoTime();
    if (now - reportedAt >= REPORT_NANOS) {
      LOG.warn("inbox poll failed ({} failed polls since the last such warning): {}", failedPolls, cause.toString());
      failedPolls = 0;
      reportedAt = now;
    }
  }

  private Future<Integer> processAll(List<Inbox.Claim> claims) {
    // each failure is recorded on its row by the processor; the poll itself went fine
    return Future.join(claims.stream().map(claim -> processor.process(claim, null).otherwiseEmpty()).toList())
        .map(claims.size());
  }
}
