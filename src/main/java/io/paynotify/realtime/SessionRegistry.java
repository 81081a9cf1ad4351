package io.paynotify.realtime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sockets of one HTTP verticle (one event loop), and the one shared sweep that serves them all:
 * token expiry from a wheel of per-second buckets, and WebSocket pings every ping interval. No timer
 * per socket, so an idle socket costs as little as possible. Touched only from its event loop.
 */
final class SessionRegistry {

  private final Set<SocketSession> sessions = new HashSet<>();
  private final TreeMap<Long, Set<SocketSession>> byExpiry = new TreeMap<>();
  private final ConnectionLimits limits;
  private final long pingIntervalMillis;
  private long lastPing;

  SessionRegistry(ConnectionLimits limits, long pingIntervalMillis, long now) {
    this.limits = limits;
    this.pingIntervalMillis = pingIntervalMillis;
    this.lastPing = now;
  }

  void add(SocketSession session) {
    sessions.add(session);
    byExpiry.computeIfAbsent(session.user().expiresAt(), k -> new HashSet<>()).add(session);
  }

  void remove(SocketSession session) {
    if (sessions.remove(session)) {
      byExpiry.computeIfPresent(session.user().expiresAt(), (k, set) -> set.remove(session) && set.isEmpty() ? null : set);
      limits.release(session.user().userId());
    }
  }

  /** Closes expired sockets and, once per ping interval, pings the rest. */
  void sweep(long nowMillis) {
    long nowSeconds = nowMillis / 1000;
    while (!byExpiry.isEmpty() && byExpiry.firstKey() <= nowSeconds) {
      Map.Entry<Long, Set<SocketSession>> due = byExpiry.pollFirstEntry();
      List.copyOf(due.getValue()).forEach(s -> s.close(CloseCode.TOKEN_EXPIRED));
    }
    if (nowMillis - lastPing >= pingIntervalMillis) {
      lastPing = nowMillis;
      new ArrayList<>(sessions).forEach(SocketSession::ping);
    }
  }

  void closeAll(CloseCode code) {
    new ArrayList<>(sessions).forEach(s -> s.close(code));
  }

  /** The open sockets, for the position check (a live view: read it at once, on this loop). */
  Set<SocketSession> sessions() {
    return Collections.unmodifiableSet(sessions);
  }

  int size() {
    return sessions.size();
  }
}
