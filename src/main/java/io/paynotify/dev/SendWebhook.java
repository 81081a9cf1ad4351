package io.paynotify.dev;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code scripts/send-webhook.sh}: sends one {@link SignedNotification} for a payment to a node and
 * prints the answer. Arguments: the payment id and the node's base URL; the secret comes from
 * {@code MP_WEBHOOK_SECRET} in the environment, never the command line, and is never printed.
 */
public final class SendWebhook {

  private SendWebhook() {
  }

  public static void main(String[] args) throws Exception {
    String secret = System.getenv("MP_WEBHOOK_SECRET");
    if (args.length != 2 || secret == null || secret.isEmpty() || !args[0].matches("[0-9]{1,20}")) {
      System.err.println("usage: MP_WEBHOOK_SECRET=... SendWebhook PAYMENT_ID URL");
      System.exit(2);
    }
    SignedNotification notification = SignedNotification.of(secret, args[0]);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(args[1] + notification.uri()))
        .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofString(notification.body()));
    notification.headers().forEach(request::header);
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    System.out.println(response.body());
    System.out.println("HTTP " + response.statusCode());
  }
}
