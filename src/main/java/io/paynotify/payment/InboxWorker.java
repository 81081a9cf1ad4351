package io.paynotify.payment;

import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finishes what the fast path did not: every poll it leases due inbox rows (retries, rows of a node
 * that died) with {@code FOR UPDATE SKIP LOCKED} and processes them. Runs on every node.
 */
public final class InboxWorker {

  private static final Logger LOG = LoggerFactory.getLogger(InboxWorker.class);
  private static final int BATCH = 16;

  private final Inbox inbox;
  private final PaymentProcessor processor;
  private boolean busy;

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
            LOG.debug("inbox poll failed: {}", ar.cause().toString());
          } else if (ar.result() == BATCH) {
            poll();
          }
        });
  }

  private Future<Integer> processAll(List<Inbox.Claim> claims) {
    return Future.join(claims.stream().map(processor::process).toList()).map(claims.size());
  }
}
