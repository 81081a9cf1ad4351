package io.paynotify.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Mercado Pago's payments API, for tests and the development mode: a real HTTP
 * server answering {@code GET /v1/payments/{id}} and {@code GET /v1/chargebacks/{id}} as documented
 * (bearer token, 200 / 401 / 404 bodies), payments in any state (refunds, disputes: see {@link FakePayments}).
 * It can fail on demand (a status for the next N fetches) and answer slowly.
 */
public final class MercadoPagoStandIn {

  private static final JsonObject UNAUTHORIZED = new JsonObject()
      .put("message", "invalid access token").put("error", "bad_request").put("status", 401).put("cause", new JsonArray());

  private final Vertx vertx;
  private final String accessToken;
  private final Map<String, JsonObject> payments = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> chargebacks = new ConcurrentHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger fetches = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final Map<String, AtomicInteger> servedById = new ConcurrentHashMap<>();
  private volatile int failureStatus = 503;
  private volatile String retryAfter;
  private volatile long delayMillis;
  private HttpServer server;

  public MercadoPagoStandIn(Vertx vertx, String accessToken) {
    this.vertx = vertx;
    this.accessToken = accessToken;
  }

  public Future<MercadoPagoStandIn> start() {
    server = vertx.createHttpServer();
    return server.requestHandler(this::handle).listen(0, "127.0.0.1").map(this);
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** Stores (or replaces) a payment as {@code GET /v1/payments/{id}} will return it. */
  public void put(JsonObject payment) {
    payments.put(String.valueOf(payment.getValue("id")), payment.copy());
  }

  /** Stores (or replaces) a chargeback as {@code GET /v1/chargebacks/{id}} will return it. */
  public void putChargeback(JsonObject chargeback) {
    chargebacks.put(String.valueOf(chargeback.getValue("id")), chargeback.copy());
  }

  /** A copy of the payment as {@code GET /v1/payments/{id}} returns it now, or null. */
  public JsonObject get(String id) {
    JsonObject p = payments.get(id);
    return p == null ? null : p.copy();
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

  public void delay(long millis) {
    delayMillis = millis;
  }

  public int fetches() {
    return fetches.get();
  }

  /** How many times payment {@code id} has been answered with 200. */
  public int served(String id) {
    AtomicInteger n = servedById.get(id);
    return n == null ? 0 : n.get();
  }

  /** Requests received so far, counted on arrival (before any {@link #delay}). */
  public int requests() {
    return requests.get();
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void handle(HttpServerRequest request) {
    requests.incrementAndGet();
    if (delayMillis > 0) {
      vertx.setTimer(delayMillis, t -> answer(request));
    } else {
      answer(request);
    }
  }

  private void answer(HttpServerRequest request) {
    fetches.incrementAndGet();
    String path = request.path();
    if (!("Bearer " + accessToken).equals(request.getHeader("Authorization"))) {
      send(request, 401, UNAUTHORIZED);
    } else if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      if (retryAfter != null) {
        request.response().putHeader("Retry-After", retryAfter);
      }
      send(request, failureStatus, new JsonObject().put("message", "unavailable").put("status", failureStatus));
    } else if (request.method().name().equals("GET") && path.startsWith("/v1/payments/")) {
      JsonObject payment = payments.get(path.substring("/v1/payments/".length()));
      if (payment == null) {
        send(request, 404, notFound());
      } else {
        servedById.computeIfAbsent(path.substring("/v1/payments/".length()), k -> new AtomicInteger()).incrementAndGet();
        send(request, 200, payment);
      }
    } else if (request.method().name().equals("GET") && path.startsWith("/v1/chargebacks/")) {
      JsonObject chargeback = chargebacks.get(path.substring("/v1/chargebacks/".length()));
      send(request, chargeback == null ? 404 : 200, chargeback == null
          ? new JsonObject().put("message", "chargeback not found").put("error", "not_found").put("status", 404)
          : chargeback);
    } else {
      send(request, 404, new JsonObject().put("message", "resource not found").put("status", 404));
    }
  }

  private static JsonObject notFound() {
    return new JsonObject().put("message", "Payment not found").put("error", "not_found").put("status", 404)
        .put("cause", new JsonArray().add(new JsonObject().put("code", 2000).put("description", "Payment not found")
            .putNull("data")));
  }

  private static void send(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
