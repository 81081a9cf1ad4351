package io.paynotify.realtime;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the HTTP idle timeout off a connection that has become a WebSocket. The timeout is one Netty
 * handler and one timer per connection; a WebSocket's liveness is the shared ping sweep's job, so on a
 * node holding many idle sockets the handler is pure cost. Vert.x has no public way to reach a
 * connection's Netty pipeline (nor to turn the idle timeout off per connection), so this is the one
 * place that uses an internal class ({@code ConnectionBase}); {@code IdleTimeoutsIT} fails when a
 * Vert.x upgrade changes it. If it ever stops matching, sockets keep working and keep the handler: the
 * ping interval is well inside the idle timeout.
 */
final class IdleTimeouts {

  private static final Logger LOG = LoggerFactory.getLogger(IdleTimeouts.class);

  private IdleTimeouts() {
  }

  /** Removes the connection's idle-timeout handler; true if it had one and it is gone. */
  static boolean drop(HttpConnection connection) {
    if (!(connection instanceof ConnectionBase base)) {
      LOG.debug("a {} is not a ConnectionBase: its idle timeout stays", connection.getClass().getName());
      return false;
    }
    ChannelPipeline pipeline = base.channel().pipeline();
    if (pipeline.get(IdleStateHandler.class) == null) {
      return false;
    }
    pipeline.remove(IdleStateHandler.class);
    return true;
  }
}
