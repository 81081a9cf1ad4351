package io.paynotify.logging;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Rejected webhook signatures, logged at WARN at most once per {@code window} per source (remote
 * address), with how many were rejected from it since its previous line, so nobody can flood the log.
 * The metric counts every one; this only keeps the log readable. Remembers at most
 * {@link #MAX_SOURCES} sources (the least recently logged are forgotten first).
 */
public final class BadSignatureLog {

  static final int MAX_SOURCES = 10_000;

  private final Logger log;
  private final long windowMillis;
  private final Map<String, long[]> sources = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_SOURCES;
    }
  };

  public BadSignatureLog(Logger log, long windowMillis) {
    this.log = log;
    this.windowMillis = windowMillis;
  }

  /** One rejection from {@code source} about {@code paymentId}; logs it if the source's window is over. */
  public synchronized boolean rejected(String source, String paymentId, long nowMillis) {
    long[] state = sources.computeIfAbsent(source, s -> new long[] {Long.MIN_VALUE / 2, 0});
    state[1]++;
    if (nowMillis - state[0] < windowMillis) {
      return false;
    }
    log.warn("rejected a notification for payment {} with a missing or wrong signature from {} "
        + "({} from this source since its previous such line)", paymentId, source, state[1]);
    state[0] = nowMillis;
    state[1] = 0;
    return true;
  }
}
