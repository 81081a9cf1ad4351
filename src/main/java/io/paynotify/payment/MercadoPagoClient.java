package io.paynotify.payment;

import io.paynotify.config.AppConfig;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET {MP_API_URL}/v1/payments/{id}} and {@code /v1/chargebacks/{id}} with the access token,
 * bounded by timeouts.
 */
public final class MercadoPagoClient {

  private static final int MAX_BODY = 1024 * 1024;

  private final HttpClient client;
  private final String apiUrl;
  private final String authorization;
  private final long timeoutMillis;
  private final NodeMetrics metrics;

  public MercadoPagoClient(Vertx vertx, AppConfig.MercadoPago config, NodeMetrics metrics) {
    this.metrics = metrics;
    this.timeoutMillis = config.timeout().toMillis();
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout((int) timeoutMillis)
            .setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(16));
    this.apiUrl = config.apiUrl();
    this.authorization = "Bearer " + config.accessToken();
  }

  public Future<MpPayment> payment(String paymentId) {
    return fetch("/v1/payments/" + paymentId, "payment " + paymentId).compose(json -> {
      MpPayment payment = MpPayment.fromJson(json);
      return paymentId.equals(payment.id()) ? Future.succeededFuture(payment)
          : fail(GatewayException.Kind.TRANSIENT, "Mercado Pago answered another payment id");
    });
  }

  /** The ids of the payments a chargeback is about ({@code GET /v1/chargebacks/{id}}, its {@code payments}). */
  public Future<List<String>> chargebackPayments(String chargebackId) {
    return fetch("/v1/chargebacks/" + chargebackId, "chargeback " + chargebackId).map(json -> {
      List<String> ids = new ArrayList<>();
      JsonArray payments = json.getValue("payments") instanceof JsonArray a ? a : new JsonArray();
      for (Object entry : payments) {
        Object id = entry instanceof JsonObject o ? o.getValue("id") : entry;
        String text = id == null ? "" : id instanceof Number n ? new BigDecimal(n.toString()).toPlainString() : id.toString();
        if (WebhookHandler.PAYMENT_ID.matcher(text).matches()) {
          ids.add(text);
        }
      }
      return ids;
    });
  }

  private Future<JsonObject> fetch(String path, String what) {
    RequestOptions request = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setAbsoluteURI(apiUrl + path)
        .putHeader("Authorization", authorization)
        .putHeader("Accept", "application/json")
        .setConnectTimeout(timeoutMillis)
        .setIdleTimeout(timeoutMillis);
    return client.request(request)
        .compose(req -> req.send())
        .onFailure(e -> metrics.gatewayCall("unreachable"))
        .recover(e -> Future.failedFuture(new GatewayException(GatewayException.Kind.TRANSIENT,
            "Mercado Pago unreachable: " + e.getClass().getSimpleName())))
        .compose(response -> read(what, response))
        .timeout(2 * timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private Future<JsonObject> read(String what, HttpClientResponse response) {
    int status = response.statusCode();
    metrics.gatewayCall(String.valueOf(status));
    return response.body().transform(ar -> {
      if (ar.failed()) {
        return fail(GatewayException.Kind.TRANSIENT, "reading " + what + " failed");
      }
      if (status == 200) {
        try {
          if (ar.result().length() > MAX_BODY) {
            throw new IllegalArgumentException("too large");
          }
          return Future.succeededFuture(new JsonObject(ar.result()));
        } catch (RuntimeException e) {
          return fail(GatewayException.Kind.TRANSIENT, "unreadable " + what);
        }
      }
      if (status == 404) {
        return fail(GatewayException.Kind.NOT_FOUND, what + " not found");
      }
      if (status == 401 || status == 403) {
        return fail(GatewayException.Kind.REFUSED, "Mercado Pago refused the access token (" + status + ")");
      }
      if (status == 429 || status == 503) {
        Duration wait = RetryAfter.parse(response.getHeader("Retry-After"), Instant.now()).orElse(null);
        return Future.failedFuture(new GatewayException(GatewayException.Kind.TRANSIENT, "Mercado Pago answered "
            + status + (wait == null ? "" : " (Retry-After " + wait.toSeconds() + " s)"), wait));
      }
      return fail(GatewayException.Kind.TRANSIENT, "Mercado Pago answered " + status);
    });
  }

  private static <T> Future<T> fail(GatewayException.Kind kind, String message) {
    return Future.failedFuture(new GatewayException(kind, message));
  }

  public Future<Void> close() {
    return client.close();
  }
}
