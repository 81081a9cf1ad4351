package io.paynotify.realtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open sockets per user and per node, and the sockets closed for reading too slowly (4008),
 * shared by every HTTP verticle instance of a node.
 */
public final class ConnectionLimits {

  /** The outcome of asking for one more socket. */
  public enum Admission { ADMITTED, USER_FULL, NODE_FULL }

  private final int perUser;
  private final int perNode;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, AtomicInteger> byUser = new ConcurrentHashMap<>();

  public ConnectionLimits(int perUser, int perNode) {
    this.perUser = perUser;
    this.perNode = perNode;
  }

  public Admission acquire(String userId) {
    if (total.incrementAndGet() > perNode) {
      total.decrementAndGet();
      return Admission.NODE_FULL;
    }
    boolean[] admitted = {false};
    byUser.compute(userId, (id, count) -> {
      AtomicInteger c = count == null ? new AtomicInteger() : count;
      admitted[0] = c.get() < perUser;
      if (admitted[0]) {
        c.incrementAndGet();
      }
      return c.get() == 0 ? null : c;
    });
    if (!admitted[0]) {
      total.decrementAndGet();
      return Admission.USER_FULL;
    }
    return Admission.ADMITTED;
  }

  public void release(String userId) {
    byUser.computeIfPresent(userId, (id, c) -> c.decrementAndGet() <= 0 ? null : c);
    total.decrementAndGet();
  }

  public int open() {
    return total.get();
  }

}
