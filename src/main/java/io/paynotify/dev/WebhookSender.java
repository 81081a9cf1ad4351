package io.paynotify.dev;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** Sends a notification exactly as Mercado Pago does: query, signed headers and body. */
public final class WebhookSender {

  private final HttpClient client;
  private final String webhookSecret;

  public WebhookSender(HttpClient client, String webhookSecret) {
    this.client = client;
    this.webhookSecret = webhookSecret;
  }

  /** Posts a signed {@code payment.updated} notification for {@code paymentId} to {@code host:port}. */
  public Future<HttpClientResponse> send(String host, int port, String paymentId) {
    SignedNotification notification = SignedNotification.of(webhookSecret, paymentId);
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port)
        .setURI(notification.uri());
    notification.headers().forEach(options::putHeader);
    return client.request(options).compose(req -> req.send(Buffer.buffer(notification.body())))
        .compose(resp -> resp.body().map(resp));
  }
}
