package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * The log events one logger (and its children) writes while this is open, with their MDC fields:
 * {@link #of} a logger by name, {@link #all} every logger of the JVM. Capturing from its creation,
 * in a try-with-resources block or for a whole test class:
 * {@code @RegisterExtension static final LogCapture logs = LogCapture.all();} (closed after the class).
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable, AfterAllCallback {

  private final Logger logger;
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
  private Level levelBefore;
  private boolean levelChanged;

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    capture.start();
    capture.logger.addAppender(capture);
    return capture;
  }

  public static LogCapture of(Class<?> loggerClass) {
    return of(loggerClass.getName());
  }

  /** Every logger's events (the root logger's appender). */
  public static LogCapture all() {
    return of(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /**
   * Lets the logger through from {@code level} on (Hazelcast's INFO lines, say) until this closes;
   * call before what logs starts.
   */
  public LogCapture atLevel(Level level) {
    levelBefore = logger.getLevel();
    levelChanged = true;
    logger.setLevel(level);
    return this;
  }

  @Override
  protected void append(ILoggingEvent event) {
    event.prepareForDeferredProcessing(); // the MDC and the message as they were when logged
    events.add(event);
  }

  /** Every event so far. */
  public List<ILoggingEvent> events() {
    return List.copyOf(events);
  }

  /** The events so far of the logger named {@code loggerName} (exactly). */
  public List<ILoggingEvent> events(String loggerName) {
    return events.stream().filter(e -> e.getLoggerName().equals(loggerName)).toList();
  }

  /** {@code LEVEL message} of every line so far. */
  public List<String> lines() {
    return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  /** Every event so far as its logger's name, its message and its stack trace, if any. */
  public List<String> texts() {
    return events.stream().map(e -> e.getLoggerName() + " " + e.getFormattedMessage() + " "
        + (e.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(e.getThrowableProxy()))).toList();
  }

  /** Waits for a line containing {@code text}; returns it. */
  public String await(String text, Duration timeout) {
    Awaitility.await().atMost(timeout)
        .untilAsserted(() -> assertThat(lines()).as("log lines").anyMatch(l -> l.contains(text)));
    return lines().stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
    if (levelChanged) {
      logger.setLevel(levelBefore);
    }
  }
}
