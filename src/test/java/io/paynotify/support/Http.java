package io.paynotify.support;

import io.paynotify.dev.WebhookSender;
import io.paynotify.payment.WebhookSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/** Blocking HTTP calls for tests (from the test thread, never an event loop). */
public final class Http {

  /** A response: status, headers and the body as text (and as JSON when it is JSON). */
  public record Response(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpClient client;

  public Http(Vertx vertx) {
    this.client = vertx.createHttpClient();
  }

  public Response get(int port, String uri, String bearer) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(uri);
    if (bearer != null) {
      options.putHeader("Authorization", "Bearer " + bearer);
    }
    return send(options, null);
  }

  public Response send(RequestOptions options, Buffer body) {
    return client.request(options.setHost("127.0.0.1").setConnectTimeout(5000).setIdleTimeout(15000))
        .compose(req -> body == null ? req.send() : req.send(body))
        .compose(resp -> resp.body().map(b -> new Response(resp.statusCode(), resp.headers(), b.toString())))
        .await();
  }

  /** {@code GET /users/me/credits} for the user. */
  public long credits(int port, String userId) {
    Response r = get(port, "/users/me/credits", Tokens.valid(userId));
    if (r.status() != 200) {
      throw new AssertionError("credits answered " + r.status() + " " + r.body());
    }
    return r.json().getLong("totalCredits");
  }

  /** A correctly signed Mercado Pago notification for the payment; returns the HTTP status. */
  public int webhook(int port, String paymentId) {
    return new WebhookSender(client, TestNode.WEBHOOK_SECRET).send("127.0.0.1", port, paymentId).await().statusCode();
  }

  /** A notification with the given query and signature header. */
  public Response rawWebhook(int port, String query, String signature, String requestId, String body) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setPort(port)
        .setURI("/payments/webhook" + query).putHeader("content-type", "application/json");
    if (signature != null) {
      options.putHeader("x-signature", signature);
    }
    if (requestId != null) {
      options.putHeader("x-request-id", requestId);
    }
    return send(options, body == null ? null : Buffer.buffer(body));
  }

  public static String signature(String secret, String dataId, String requestId, String ts) {
    return new WebhookSignature(secret).header(dataId, requestId, ts);
  }

  public void close() {
    client.close();
  }
}
