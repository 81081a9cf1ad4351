package io.paynotify.dev;

import io.paynotify.payment.WebhookSignature;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** Sends a notification exactly as Mercado Pago does: query, signed headers and body. */
public final class WebhookSender {

  private final HttpClient client;
  private final WebhookSignature signature;

  public WebhookSender(HttpClient client, String webhookSecret) {
    this.client = client;
    this.signature = new WebhookSignature(webhookSecret);
  }

  /** Posts a signed {@code payment.updated} notification for {@code paymentId} to {@code host:port}. */
  public Future<HttpClientResponse> send(String host, int port, String paymentId) {
    String requestId = UUID.randomUUID().toString();
    String ts = String.valueOf(System.currentTimeMillis());
    JsonObject body = new JsonObject().put("action", "payment.updated").put("api_version", "v1")
        .put("data", new JsonObject().put("id", paymentId)).put("date_created", java.time.Instant.now().toString())
        .put("id", System.currentTimeMillis()).put("live_mode", false).put("type", "payment").put("user_id", 724484980);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI("/payments/webhook?data.id=" + paymentId + "&type=payment")
        .putHeader("content-type", "application/json")
        .putHeader("x-request-id", requestId)
        .putHeader("x-signature", signature.header(paymentId, requestId, ts));
    return client.request(options).compose(req -> req.send(Buffer.buffer(body.encode())))
        .compose(resp -> resp.body().map(resp));
  }
}
