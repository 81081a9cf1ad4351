package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/** The log lines one logger (and its children) writes while this is open, as formatted messages. */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

  private final Logger logger;
  private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger) {
    this.logger = logger;
  }

  public static LogCapture of(String loggerName) {
    LogCapture capture = new LogCapture((Logger) LoggerFactory.getLogger(loggerName));
    capture.start();
    capture.logger.addAppender(capture);
    return capture;
  }

  @Override
  protected void append(ILoggingEvent event) {
    events.add(event);
  }

  /** {@code LEVEL message} of every line so far. */
  public List<String> lines() {
    return events.stream().map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
  }

  /** Waits for a line containing {@code text}; returns it. */
  public String await(String text, Duration timeout) {
    Awaitility.await().atMost(timeout)
        .untilAsserted(() -> assertThat(lines()).as("log lines").anyMatch(l -> l.contains(text)));
    return lines().stream().filter(l -> l.contains(text)).findFirst().orElseThrow();
  }

  @Override
  public void close() {
    logger.detachAppender(this);
    stop();
  }
}
