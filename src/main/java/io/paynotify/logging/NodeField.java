package io.paynotify.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the MDC field {@code node} (this node's name, set once at start) on every log line of the
 * process, whatever thread logs it: a Logback turbo filter, consulted before each event is made.
 * Installed by {@link #set} into the running Logback context (so any logback.xml gets it); decides
 * nothing itself.
 */
public final class NodeField extends TurboFilter {

  public static final String NODE = "node";
  private static volatile String name;

  /** The node's name in the logs (e.g. {@code 10.0.0.7:5701} or {@code host:8080}). */
  public static synchronized void set(String nodeName) {
    name = nodeName;
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        && context.getTurboFilterList().stream().noneMatch(f -> f instanceof NodeField)) {
      NodeField filter = new NodeField();
      filter.start();
      context.addTurboFilter(filter);
    }
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    String current = name;
    if (current != null && !current.equals(MDC.get(NODE))) {
      MDC.put(NODE, current);
    }
    return FilterReply.NEUTRAL;
  }
}
