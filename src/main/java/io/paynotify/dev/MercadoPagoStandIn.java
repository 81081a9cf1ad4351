package io.paynotify.dev;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Mercado Pago's API, for the development mode: a real HTTP server answering
 * {@code GET /v1/payments/{id}} and {@code GET /v1/chargebacks/{id}} as documented (bearer token,
 * 200 / 401 / 404 bodies), payments in any state (refunds, disputes: see {@link FakePayments}). Each resource
 * the API serves by id is one {@link Resource}; serving another is one more entry in {@link #resources}.
 * The tests extend it with failures on demand.
 */
public class MercadoPagoStandIn {

  private static final JsonObject UNAUTHORIZED = new JsonObject()
      .put("message", "invalid access token").put("error", "bad_request").put("status", 401).put("cause", new JsonArray());
  private static final String PAYMENTS = "/v1/payments/";
  private static final String CHARGEBACKS = "/v1/chargebacks/";

  private final Vertx vertx;
  private final String accessToken;
  private final Resource payments = new Resource("Payment not found");
  private final Resource chargebacks = new Resource("Chargeback not found");
  private final Map<String, Resource> resources = Map.of(PAYMENTS, payments, CHARGEBACKS, chargebacks);
  private HttpServer server;

  public MercadoPagoStandIn(Vertx vertx, String accessToken) {
    this.vertx = vertx;
    this.accessToken = accessToken;
  }

  /** Listens on a free port of 127.0.0.1. */
  public Future<Void> start() {
    server = vertx.createHttpServer();
    return server.requestHandler(this::handle).listen(0, "127.0.0.1").mapEmpty();
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  protected Vertx vertx() {
    return vertx;
  }

  /** Stores (or replaces) a payment as {@code GET /v1/payments/{id}} will return it. */
  public void put(JsonObject payment) {
    payments.put(payment);
  }

  /** Stores (or replaces) a chargeback as {@code GET /v1/chargebacks/{id}} will return it. */
  public void putChargeback(JsonObject chargeback) {
    chargebacks.put(chargeback);
  }

  /** A copy of the payment as {@code GET /v1/payments/{id}} returns it now, or null. */
  public JsonObject get(String id) {
    return payments.get(id);
  }

  /** How many times payment {@code id} has been answered with 200. */
  public int served(String id) {
    return payments.served(id);
  }

  public Future<Void> close() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Answers one request as Mercado Pago would. */
  protected void handle(HttpServerRequest request) {
    if (!authorized(request)) {
      send(request, 401, UNAUTHORIZED);
      return;
    }
    String path = request.path();
    int slash = path.lastIndexOf('/') + 1;
    Resource resource = request.method() == HttpMethod.GET ? resources.get(path.substring(0, slash)) : null;
    if (resource == null) {
      send(request, 404, new JsonObject().put("message", "resource not found").put("status", 404));
    } else {
      resource.answer(request, path.substring(slash));
    }
  }

  protected boolean authorized(HttpServerRequest request) {
    return ("Bearer " + accessToken).equals(request.getHeader("Authorization"));
  }

  protected static void send(HttpServerRequest request, int status, JsonObject body) {
    request.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  /** Objects served by id under one path, each answered as stored, and 404 in Mercado Pago's shape. */
  static final class Resource {

    private final String notFound;
    private final Map<String, JsonObject> byId = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> servedById = new ConcurrentHashMap<>();

    Resource(String notFound) {
      this.notFound = notFound;
    }

    void put(JsonObject object) {
      byId.put(String.valueOf(object.getValue("id")), object.copy());
    }

    JsonObject get(String id) {
      JsonObject object = byId.get(id);
      return object == null ? null : object.copy();
    }

    int served(String id) {
      AtomicInteger n = servedById.get(id);
      return n == null ? 0 : n.get();
    }

    void answer(HttpServerRequest request, String id) {
      JsonObject object = byId.get(id);
      if (object == null) {
        send(request, 404, new JsonObject().put("message", notFound).put("error", "not_found").put("status", 404)
            .put("cause", new JsonArray().add(new JsonObject().put("code", 2000).put("description", notFound)
                .putNull("data"))));
        return;
      }
      servedById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      send(request, 200, object);
    }
  }
}
