package io.paynotify.realtime;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open sockets per user and per node, shared by every HTTP verticle instance of a node. An
 * admission takes its place first and gives it back when that went over a limit, so concurrent
 * admissions never exceed one.
 */
public final class ConnectionLimits {

  /** The outcome of asking for one more socket. */
  public enum Admission { ADMITTED, USER_FULL, NODE_FULL }

  private final int perUser;
  private final int perNode;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<String, Integer> byUser = new ConcurrentHashMap<>();

  public ConnectionLimits(int perUser, int perNode) {
    this.perUser = perUser;
    this.perNode = perNode;
  }

  public Admission acquire(String userId) {
    if (total.incrementAndGet() > perNode) {
      total.decrementAndGet();
      return Admission.NODE_FULL;
    }
    if (byUser.merge(userId, 1, Integer::sum) > perUser) {
      release(userId);
      return Admission.USER_FULL;
    }
    return Admission.ADMITTED;
  }

  public void release(String userId) {
    byUser.computeIfPresent(userId, (id, n) -> n <= 1 ? null : n - 1);
    total.decrementAndGet();
  }

  public int open() {
    return total.get();
  }
}
