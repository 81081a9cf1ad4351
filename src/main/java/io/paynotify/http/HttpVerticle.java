package io.paynotify.http;

import io.paynotify.realtime.CloseCode;
import io.paynotify.realtime.WebSocketEndpoint;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP edge of a node: WebSocket upgrades and REST endpoints on one port. Several instances
 * share the port (one per event loop); each keeps the sockets it accepted.
 */
public final class HttpVerticle extends VerticleBase {

  /**
   * Netty's own frame limit. Client messages are limited to 4 KiB by realtime's own check, which
   * closes cleanly with 1009; a frame over this one is refused by Netty's decoder, which answers 1009
   * and closes the connection at once.
   */
  private static final int MAX_WIRE_FRAME = 64 * 1024;

  private final HttpEdge edge;
  private final EdgeAssets assets;
  private WebSocketEndpoint sockets;
  private HttpServer server;

  HttpVerticle(HttpEdge edge, EdgeAssets assets) {
    this.edge = edge;
    this.assets = assets;
  }

  @Override
  public Future<?> start() {
    HttpEdge.Settings settings = edge.settings();
    sockets = new WebSocketEndpoint(vertx, edge.tokens(), edge.events(), edge.limits(), edge.metrics(),
        settings.allowedOrigins(), settings.limits(), MAX_WIRE_FRAME, assets.epoch());
    sockets.start();
    SocketUpgrades upgrades = new SocketUpgrades(sockets, edge.ops(), edge.metrics(), settings.accessLog());
    Router router = EdgeRouter.build(vertx, edge, assets, request -> upgrades.handle(request, false));
    HttpServerOptions options = serverOptions(settings);
    assets.tls().ifPresent(certificate -> certificate.apply(options));
    server = vertx.createHttpServer(options).invalidRequestHandler(Errors::invalidRequest)
        .connectionHandler(connection -> RequestDeadline.watch(connection, RequestDeadline.LIMIT));
    return server.requestHandler(request -> {
      RequestDeadline.started(request);
      if (SocketUpgrades.takes(request)) {
        upgrades.handle(request, true);
      } else {
        router.handle(request);
      }
    }).listen(settings.port())
        .onSuccess(listening -> assets.tls().ifPresent(certificate -> certificate.serve(listening)));
  }

  private static HttpServerOptions serverOptions(HttpEdge.Settings settings) {
    // WebSockets are not Vert.x's: realtime takes the connection over after its own handshake (no
    // compression, its own frame limit and sub-protocol), so Vert.x's WebSocket options do not apply
    return new HttpServerOptions()
        // one outbound queue less per connection, which counts when a node holds many idle sockets:
        // every write to a connection happens on its event loop (realtime's confinement), which this
        // mode requires
        .setStrictThreadMode(true)
        // no h2c upgrade (paynotify speaks HTTP/1.1 and WebSockets): with it, Vert.x sets a connection up
        // only once a first request's headers are complete, and a request deadline could not see them trickle
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(idleTimeoutSeconds(settings))
        .setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /**
   * A connection on which nothing is sent or received for this long is closed: idle keep-alive
   * connections and connections that never send a request. Never a healthy WebSocket: the server
   * pings every one of them once per ping interval.
   */
  static int idleTimeoutSeconds(HttpEdge.Settings settings) {
    return (int) (2 * settings.limits().pingInterval().toSeconds() + 5);
  }

  /** Sockets first (1001: reconnect elsewhere), or the server's shutdown would wait for them to go. */
  @Override
  public Future<?> stop() {
    sockets.stop(CloseCode.GOING_AWAY);
    assets.tls().ifPresent(certificate -> certificate.forget(server));
    return server.shutdown(edge.settings().shutdownDrain().toMillis(), TimeUnit.MILLISECONDS);
  }
}
