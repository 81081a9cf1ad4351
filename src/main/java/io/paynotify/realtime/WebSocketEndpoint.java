package io.paynotify.realtime;

import io.paynotify.auth.AuthUser;
import io.paynotify.auth.UserTokens;
import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.paynotify.metrics.Metrics;
import io.paynotify.notify.EventStore;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /notifications/ws}: every check happens before the upgrade (403 origin, 400 since,
 * 401 token, 429 / 503 limits), then the socket becomes a {@link SocketSession}.
 */
public final class WebSocketEndpoint {

  private static final long SWEEP_MILLIS = 250;

  private final Vertx vertx;
  private final UserTokens tokens;
  private final EventStore store;
  private final LastSeqReads lastSeqs;
  private final ConnectionLimits limits;
  private final List<String> allowedOrigins;
  private final SessionRegistry registry;
  private final int outboundQueueBytes;
  private long sweepTimer;

  public WebSocketEndpoint(Vertx vertx, UserTokens tokens, EventStore store, ConnectionLimits limits,
                           List<String> allowedOrigins, long pingIntervalMillis, int outboundQueueBytes) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.store = store;
    this.lastSeqs = new LastSeqReads(vertx, store);
    this.limits = limits;
    this.allowedOrigins = allowedOrigins;
    this.outboundQueueBytes = outboundQueueBytes;
    this.registry = new SessionRegistry(limits, pingIntervalMillis, System.currentTimeMillis());
  }

  /** Starts the shared sweep; call from the owning verticle's context. */
  public void start() {
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> registry.sweep(System.currentTimeMillis()));
  }

  /** Stops the sweep and closes every socket with {@code code}. */
  public void stop(CloseCode code) {
    vertx.cancelTimer(sweepTimer);
    registry.closeAll(code);
  }

  public int openSockets() {
    return registry.size();
  }

  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      ctx.fail(AppException.badRequest("expected a WebSocket upgrade"));
      return;
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin)) {
      ctx.fail(new AppException(ErrorCode.FORBIDDEN, "origin not allowed"));
      return;
    }
    Long since;
    try {
      since = parseSince(request.getParam("since"));
    } catch (AppException e) {
      ctx.fail(e);
      return;
    }
    request.pause();
    tokens.authenticate(request, true)
        .compose(this::admit)
        .onSuccess(user -> upgrade(ctx, user, since))
        .onFailure(e -> {
          request.resume();
          ctx.fail(e);
        });
  }

  private Future<AuthUser> admit(AuthUser user) {
    return switch (limits.acquire(user.userId())) {
      case ADMITTED -> Future.succeededFuture(user);
      case USER_FULL -> Future.failedFuture(new AppException(ErrorCode.TOO_MANY_REQUESTS, "too many connections for this user"));
      case NODE_FULL -> Future.failedFuture(new AppException(ErrorCode.UNAVAILABLE, "this node is full, retry later"));
    };
  }

  private void upgrade(RoutingContext ctx, AuthUser user, Long since) {
    HttpServerRequest request = ctx.request();
    request.toWebSocket()
        .onSuccess(socket -> dropIdleTimeout(request))
        .onSuccess(socket -> new SocketSession(socket, user, store, lastSeqs, registry).start(vertx.eventBus(), since, outboundQueueBytes))
        .onSuccess(socket -> Metrics.socketConnected())
        .onFailure(e -> limits.release(user.userId()));
  }

  /**
   * The HTTP idle timeout is one Netty handler and one timer per connection; once the connection is a
   * WebSocket, the shared ping sweep guards its liveness (no per-socket timer), so the handler goes.
   */
  private static void dropIdleTimeout(HttpServerRequest request) {
    if (request.connection() instanceof ConnectionBase connection) {
      ChannelPipeline pipeline = connection.channel().pipeline();
      if (pipeline.get(IdleStateHandler.class) != null) {
        pipeline.remove(IdleStateHandler.class);
      }
    }
  }

  static Long parseSince(String value) {
    if (value == null) {
      return null;
    }
    try {
      long since = Long.parseLong(value);
      if (since < 0) {
        throw new NumberFormatException();
      }
      return since;
    } catch (NumberFormatException e) {
      throw AppException.badRequest("since must be a non-negative whole number");
    }
  }
}
