package io.paynotify.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;

/**
 * Puts the MDC field {@code node} (one node's name) on the log lines of that node's threads: its Vert.x
 * event loops and workers (the running context belongs to its Vert.x) and its Hazelcast threads (named
 * after its Hazelcast instance). A Logback turbo filter, consulted before each event is made, so it
 * works with any logback.xml and decides nothing itself. One per node: two nodes in one JVM (the
 * cluster tests) each name their own lines. A node alone in its process (the production case) also
 * names the lines of threads that belong to no node (start-up, shutdown, Vert.x's thread checker).
 */
public final class NodeLogName extends TurboFilter {

  public static final String NODE = "node";

  private final String name;
  private final String hazelcastThreads;
  private final boolean aloneInProcess;
  private volatile Vertx vertx;

  private NodeLogName(String name, String hazelcastInstance, boolean aloneInProcess) {
    this.name = name;
    this.hazelcastThreads = hazelcastInstance == null ? null : "hz." + hazelcastInstance + ".";
    this.aloneInProcess = aloneInProcess;
  }

  /**
   * Installs the filter into the running Logback context (nothing when Logback is not the backend).
   * {@code hazelcastInstance}: the node's Hazelcast instance name, null when it runs standalone.
   */
  public static NodeLogName install(String name, String hazelcastInstance, boolean aloneInProcess) {
    NodeLogName filter = new NodeLogName(name, hazelcastInstance, aloneInProcess);
    filter.setName("node " + name);
    filter.start();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.addTurboFilter(filter);
    }
    return filter;
  }

  /** The node's Vert.x, once built: its contexts' threads are the node's. */
  public void attach(Vertx nodeVertx) {
    this.vertx = nodeVertx;
  }

  /** Removes the filter (the node has stopped). */
  public void uninstall() {
    stop();
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.getTurboFilterList().remove(this);
    }
  }

  public String name() {
    return name;
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (isStarted() && ours() && !name.equals(MDC.get(NODE))) {
      MDC.put(NODE, name);
    }
    return FilterReply.NEUTRAL;
  }

  private boolean ours() {
    Context context = Vertx.currentContext();
    if (context != null) {
      return context.owner() == vertx;
    }
    return hazelcastThreads != null && Thread.currentThread().getName().startsWith(hazelcastThreads) || aloneInProcess;
  }
}
