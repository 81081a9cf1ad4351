package io.paynotify.support;

import io.paynotify.dev.SignedNotification;
import io.paynotify.payment.WebhookSignature;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * Blocking HTTP calls for tests, on the JDK's HTTP client (HTTP/1.1, bounded by a request timeout), so a
 * test never shares a connection pool with the server under test and never waits without limit.
 */
public final class Http {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** A response: status, headers and the body as text (and as JSON when it is JSON). */
  public record Response(int status, MultiMap headers, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private final HttpClient client;
  private final String scheme;

  public Http() {
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    scheme = "http";
  }

  /** Over {@code https}, trusting what {@code tls} trusts. */
  public Http(SSLContext tls) {
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
        .sslContext(tls).build();
    scheme = "https";
  }

  /** Kept for callers that hold a Vert.x instance; the client does not use it. */
  public Http(Vertx ignored) {
    this();
  }

  public Response get(int port, String uri, String bearer) {
    return request("GET", port, uri, bearer == null ? Map.of() : Map.of("Authorization", "Bearer " + bearer), null);
  }

  /** Any request to 127.0.0.1; {@code body} null sends none. */
  public Response request(String method, int port, String uri, Map<String, String> headers, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(scheme + "://127.0.0.1:" + port + uri)).timeout(TIMEOUT)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      HttpResponse<String> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      MultiMap h = MultiMap.caseInsensitiveMultiMap();
      resp.headers().map().forEach(h::add);
      return new Response(resp.statusCode(), h, resp.body());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + uri + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A request described as Vert.x options (method, URI, headers); the host is always 127.0.0.1. */
  public Response send(RequestOptions options, Buffer body) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    if (options.getHeaders() != null) {
      options.getHeaders().forEach(headers::put);
    }
    return request(options.getMethod().name(), options.getPort(), options.getURI(), headers,
        body == null ? null : body.toString());
  }

  /** {@code GET /users/me/credits} for the user. */
  public long credits(int port, String userId) {
    Response r = get(port, "/users/me/credits", Tokens.valid(userId));
    if (r.status() != 200) {
      throw new AssertionError("credits answered " + r.status() + " " + r.body());
    }
    return r.json().getLong("totalCredits");
  }

  /** A correctly signed Mercado Pago {@code payment.updated} notification; returns the HTTP status. */
  public int webhook(int port, String paymentId) {
    SignedNotification notification = SignedNotification.of(TestNode.WEBHOOK_SECRET, paymentId);
    return request("POST", port, notification.uri(), notification.headers(), notification.body()).status();
  }

  /** A notification with the given query and signature header. */
  public Response rawWebhook(int port, String query, String signature, String requestId, String body) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("content-type", "application/json");
    if (signature != null) {
      headers.put("x-signature", signature);
    }
    if (requestId != null) {
      headers.put("x-request-id", requestId);
    }
    return request("POST", port, "/payments/webhook" + query, headers, body);
  }

  public static String signature(String secret, String dataId, String requestId, String ts) {
    return new WebhookSignature(secret).header(dataId, requestId, ts);
  }

  public void close() {
    // the JDK client releases its connections when it is no longer referenced
  }
}
