package io.paynotify.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The sockets of one HTTP verticle (one event loop), and the one shared sweep that serves them all:
 * token expiry from a wheel of per-second buckets, and WebSocket pings every ping interval. No timer
 * per socket, so an idle socket costs as little as possible. The pings are spread: each socket belongs to one of
 * {@code interval / 250 ms} slices, and each sweep pings one slice, so 100k sockets are never pinged
 * in one burst; each is still pinged once per interval. It also keeps the sockets by user, for the
 * position check. Touched only from its event loop.
 */
final class SessionRegistry implements PositionCheck.Sockets {

  static final long PING_SLICE_MILLIS = 250;

  /** Each open session and the ping slice it belongs to. */
  private final Map<SocketSession, Integer> sessions = new HashMap<>();
  private final List<Set<SocketSession>> slices = new ArrayList<>();
  private final TreeMap<Long, Set<SocketSession>> byExpiry = new TreeMap<>();
  /** Each user's sockets: the one session itself, or {@link Tabs} from a second tab on (most users have one). */
  private final Map<String, Object> byUser = new HashMap<>();
  private final ConnectionLimits limits;
  private final long sliceMillis;
  private long pingedTurns;
  private int nextSlice;

  SessionRegistry(ConnectionLimits limits, long pingIntervalMillis, long now) {
    this.limits = limits;
    int count = (int) Math.max(1, pingIntervalMillis / PING_SLICE_MILLIS);
    for (int i = 0; i < count; i++) {
      slices.add(new HashSet<>());
    }
    this.sliceMillis = pingIntervalMillis / count;
    this.pingedTurns = now / sliceMillis;
  }

  void add(SocketSession session) {
    int slice = nextSlice;
    nextSlice = (nextSlice + 1) % slices.size();
    sessions.put(session, slice);
    slices.get(slice).add(session);
    byExpiry.computeIfAbsent(session.user().expiresAt(), k -> new HashSet<>()).add(session);
    index(session);
  }

  void remove(SocketSession session) {
    Integer slice = sessions.remove(session);
    if (slice != null) {
      slices.get(slice).remove(session);
      byExpiry.computeIfPresent(session.user().expiresAt(), (k, set) -> set.remove(session) && set.isEmpty() ? null : set);
      limits.release(session.user().userId());
      unindex(session);
    }
  }

  /** Closes expired sockets and pings the slice whose turn it is (each slice once per ping interval). */
  void sweep(long nowMillis) {
    long nowSeconds = nowMillis / 1000;
    while (!byExpiry.isEmpty() && byExpiry.firstKey() <= nowSeconds) {
      Map.Entry<Long, Set<SocketSession>> due = byExpiry.pollFirstEntry();
      List.copyOf(due.getValue()).forEach(s -> s.close(CloseCode.TOKEN_EXPIRED));
    }
    for (long due = nowMillis / sliceMillis; pingedTurns < due; pingedTurns++) {
      new ArrayList<>(slices.get((int) (pingedTurns % slices.size()))).forEach(SocketSession::ping);
    }
  }

  void closeAll(CloseCode code) {
    new ArrayList<>(sessions.keySet()).forEach(s -> s.close(code));
  }

  int size() {
    return sessions.size();
  }

  @Override
  public Collection<String> users() {
    return Collections.unmodifiableSet(byUser.keySet());
  }

  @Override
  public List<SocketSession> of(String userId) {
    Object held = byUser.get(userId);
    if (held instanceof Tabs tabs) {
      return List.copyOf(tabs);
    }
    return held == null ? List.of() : List.of((SocketSession) held);
  }

  private void index(SocketSession session) {
    Object held = byUser.putIfAbsent(session.userId(), session);
    if (held instanceof Tabs tabs) {
      tabs.add(session);
    } else if (held != null) {
      byUser.put(session.userId(), new Tabs((SocketSession) held, session));
    }
  }

  private void unindex(SocketSession session) {
    Object held = byUser.get(session.userId());
    if (held == session) {
      byUser.remove(session.userId());
    } else if (held instanceof Tabs tabs && tabs.remove(session) && tabs.size() == 1) {
      byUser.put(session.userId(), tabs.get(0));
    }
  }

  /** The sockets of a user with more than one here. */
  private static final class Tabs extends ArrayList<SocketSession> {
    private static final long serialVersionUID = 1L;

    Tabs(SocketSession first, SocketSession second) {
      super(2);
      add(first);
      add(second);
    }
  }
}
