package io.paynotify.logging;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * MDC fields ({@code paymentId}, {@code userId}, {@code requestId}) around the synchronous part of a
 * handler that logs: put on open, restored on close, so that nothing leaks to the next request served
 * by the same event loop. Use with try-with-resources; fields with a null value are left out.
 */
public final class LogFields implements AutoCloseable {

  public static final String PAYMENT_ID = "paymentId";
  public static final String USER_ID = "userId";
  public static final String REQUEST_ID = "requestId";

  private final Map<String, String> previous = new HashMap<>(4);

  private LogFields() {
  }

  /** {@code keysAndValues}: key, value, key, value, ... */
  public static LogFields of(String... keysAndValues) {
    LogFields fields = new LogFields();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      String value = keysAndValues[i + 1];
      if (value != null) {
        fields.previous.put(keysAndValues[i], MDC.get(keysAndValues[i]));
        MDC.put(keysAndValues[i], value);
      }
    }
    return fields;
  }

  public static LogFields payment(String paymentId) {
    return of(PAYMENT_ID, paymentId);
  }

  public static LogFields user(String userId) {
    return of(USER_ID, userId);
  }

  @Override
  public void close() {
    previous.forEach((key, value) -> {
      if (value == null) {
        MDC.remove(key);
      } else {
        MDC.put(key, value);
      }
    });
  }
}
