package io.paynotify.support;

import io.paynotify.dev.MercadoPagoStandIn;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The development stand-in for Mercado Pago, plus what tests do to it: fail the next fetches with a
 * status (and a {@code Retry-After}), answer slowly, count requests and fetches.
 */
public final class MercadoPagoDouble extends MercadoPagoStandIn {

  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile int failureStatus = 503;
  private volatile String retryAfter;
  private volatile long delayMillis;

  private MercadoPagoDouble(Vertx vertx) {
    super(vertx, TestNode.ACCESS_TOKEN);
  }

  /** A started double on a free port, expecting {@link TestNode#ACCESS_TOKEN}. */
  public static MercadoPagoDouble start(Vertx vertx) {
    MercadoPagoDouble mp = new MercadoPagoDouble(vertx);
    mp.start().await();
    return mp;
  }

  /** The next {@code count} fetches answer {@code status} (e.g. 503, 429, 500). */
  public void failNext(int count, int status) {
    failNext(count, status, null);
  }

  /** The same, with a {@code Retry-After} header (seconds or an HTTP-date) on those answers. */
  public void failNext(int count, int status, String retryAfterHeader) {
    failureStatus = status;
    retryAfter = retryAfterHeader;
    failures.set(count);
  }

  /** Every answer from now on waits this long. */
  public void delay(long millis) {
    delayMillis = millis;
  }

  /** Requests answered (or being answered) so far, counted after any {@link #delay}. */
  public int fetches() {
    return fetches.get();
  }

  /** Requests received so far, counted on arrival (before any {@link #delay}). */
  public int requests() {
    return requests.get();
  }

  @Override
  protected void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    if (delayMillis > 0) {
      vertx().setTimer(delayMillis, t -> answer(request));
    } else {
      answer(request);
    }
  }

  private void answer(HttpServerRequest request) {
    fetches.incrementAndGet();
    if (authorized(request) && failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (retryAfter != null) {
        request.response().putHeader("Retry-After", retryAfter);
      }
      send(request, failureStatus, new JsonObject().put("message", "unavailable").put("status", failureStatus));
    } else {
      super.handle(request);
    }
  }
}
