package io.paynotify.realtime;

import io.paynotify.auth.AuthUser;
import io.paynotify.auth.UserTokens;
import io.paynotify.error.AppException;
import io.paynotify.error.ClientInput;
import io.paynotify.error.ErrorCode;
import io.paynotify.config.AppConfig;
import io.paynotify.metrics.NodeMetrics;
import io.paynotify.notify.Addresses;
import io.paynotify.notify.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /notifications/ws}: every check happens before the upgrade (403 origin, 400 since,
 * 401 token, from {@code Sec-WebSocket-Protocol} (see {@link SocketProtocol}), {@code Authorization}
 * or {@code ?token=}, 429 / 503 limits), then the socket becomes a {@link SocketSession}. Works on the bare
 * request: the HTTP edge hands upgrades over before its router (see {@code http.SocketUpgrades}).
 */
public final class WebSocketEndpoint {

  private static final Logger LOG = LoggerFactory.getLogger(WebSocketEndpoint.class);
  private static final long SWEEP_MILLIS = 250;

  private final Vertx vertx;
  private final UserTokens tokens;
  private final EventStream.Shared streams;
  private final ResumeReads resumes;
  private final ConnectionLimits limits;
  private final NodeMetrics metrics;
  private final List<String> allowedOrigins;
  private final SessionRegistry registry;
  private final SocketHandshake handshake;
  private final String epoch;
  private final long positionCheckMillis;
  private final PositionCheck positionCheck;
  private long sweepTimer;
  private long positionTimer;
  private MessageConsumer<String> membership;

  public WebSocketEndpoint(Vertx vertx, UserTokens tokens, EventStore store, ConnectionLimits limits,
                           NodeMetrics metrics, List<String> allowedOrigins, AppConfig.Limits config,
                           int maxFrameBytes, String epoch) {
    this.vertx = vertx;
    this.epoch = epoch;
    this.tokens = tokens;
    this.resumes = new ResumeReads(vertx, store);
    this.streams = new EventStream.Shared(store::after, metrics::eventDelivered, metrics::liveEventsUnconfirmed);
    this.limits = limits;
    this.metrics = metrics;
    this.allowedOrigins = allowedOrigins;
    this.handshake = new SocketHandshake(maxFrameBytes, config.outboundQueueBytes());
    this.registry = new SessionRegistry(limits, config.pingInterval().toMillis(), System.currentTimeMillis());
    this.positionCheckMillis = config.positionCheck().toMillis();
    this.positionCheck = new PositionCheck(registry, store::lastSeqs, store::recentSeqs, PositionCheck.BATCH,
        metrics::positionCheck);
  }

  /**
   * Starts the shared sweep and the position check (every interval, the first at a random point of
   * it so that the event loops of a node do not query together; a full one after every membership change).
   * Call from the owning verticle's context.
   */
  public void start() {
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> registry.sweep(System.currentTimeMillis()));
    long first = 1 + ThreadLocalRandom.current().nextLong(positionCheckMillis);
    positionTimer = vertx.setPeriodic(first, positionCheckMillis, id -> positionCheck.run());
    membership = vertx.eventBus().localConsumer(Addresses.MEMBERSHIP_CHANGED, m -> positionCheck.runFull());
  }

  /** Stops the sweep and closes every socket with {@code code}. */
  public void stop(CloseCode code) {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(positionTimer);
    membership.unregister();
    registry.closeAll(code);
  }

  /**
   * Checks the upgrade request and, when it passes, takes the upgrade. The future fails with an
   * {@link AppException} for a refused request (nothing was written: the caller answers it), or with
   * the handshake's own failure (Vert.x answered it); it succeeds once the socket is open.
   */
  public Future<Void> upgrade(HttpServerRequest request) {
    if (!"websocket".equalsIgnoreCase(request.getHeader(HttpHeaders.UPGRADE))) {
      return Future.failedFuture(AppException.badRequest("expected a WebSocket upgrade"));
    }
    AppException malformed = SocketHandshake.refusal(request);
    if (malformed != null) {
      return Future.failedFuture(malformed);
    }
    String origin = request.getHeader(HttpHeaders.ORIGIN);
    if (origin != null && !allowedOrigins.isEmpty() && !allowedOrigins.contains(origin)) {
      return Future.failedFuture(new AppException(ErrorCode.FORBIDDEN, "origin not allowed"));
    }
    Long since;
    try {
      String sinceParam = request.getParam("since");
      since = sinceParam == null ? null : ClientInput.wholeNumber("since", sinceParam, 0, Long.MAX_VALUE);
    } catch (AppException e) {
      return Future.failedFuture(e);
    }
    request.pause();
    String offered = SocketProtocol.bearer(request);
    return (offered != null ? tokens.verify(offered) : tokens.authenticate(request, true))
        .compose(this::admit)
        .onFailure(e -> request.resume())
        .compose(user -> open(request, user, since));
  }

  private Future<AuthUser> admit(AuthUser user) {
    return switch (limits.acquire(user.userId())) {
      case ADMITTED -> Future.succeededFuture(user);
      case USER_FULL -> Future.failedFuture(new AppException(ErrorCode.TOO_MANY_REQUESTS, "too many connections for this user"));
      case NODE_FULL -> Future.failedFuture(new AppException(ErrorCode.UNAVAILABLE, "this node is full, retry later"));
    };
  }

  private Future<Void> open(HttpServerRequest request, AuthUser user, Long since) {
    FrameChannel channel = new FrameChannel();
    SocketSession session = new SocketSession(channel, user, streams, resumes, registry, metrics, epoch);
    return handshake.accept(request, channel)
        .onSuccess(v -> {
          session.start(vertx.eventBus(), since);
          metrics.socketConnected();
        })
        .onFailure(e -> {
          LOG.warn("WebSocket upgrade for user {} failed: {}", user.userId(), e.toString());
          limits.release(user.userId());
        });
  }
}
