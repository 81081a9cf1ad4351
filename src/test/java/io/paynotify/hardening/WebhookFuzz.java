package io.paynotify.hardening;

import io.paynotify.support.Http;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random and mutated {@code POST /payments/webhook} requests. None carries a signature that
 * verifies: each is signed with a wrong secret, for other values than it sends, mutated in a hex digit,
 * or random, so no request of the fuzz may be credited.
 */
final class WebhookFuzz {

  /** One request as sent on the wire. */
  record Request(String uri, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      return uri + " " + headers.keySet() + " body " + body.length + " bytes";
    }
  }

  private final Random random;
  private final String paymentId;
  private final String secret;

  WebhookFuzz(Random random, String paymentId, String secret) {
    this.random = random;
    this.paymentId = paymentId;
    this.secret = secret;
  }

  Request next() {
    String id = pick(paymentId, paymentId, digits(1 + random.nextInt(20)), "", "abc", paymentId + "0", "-1", "%00",
        "%zz", digits(30), "%D9%A1%D9%A2", paymentId + "%20", "1e9", paymentId + "&data.id=1");
    String query = pick("?data.id=" + id + "&type=payment", "?type=payment&data.id=" + id, "?topic=payment&id=" + id,
        "?data.id=" + id + "&type=merchant_order", "?data.id=" + id, "", "?type=payment", "?%", "?data.id=" + id
        + "&type=payment&type=payment", "?" + garbage(1 + random.nextInt(40)), "?data.id=" + id + "&type=PAYMENT",
        "?data.id=" + id + "&type=chargebacks", "?topic=chargebacks&id=" + id);
    String requestId = pick(null, "req-" + random.nextInt(1000), "", garbage(20), "x".repeat(5000));
    String ts = String.valueOf(1_700_000_000_000L + random.nextInt(1_000_000));
    Map<String, String> headers = new LinkedHashMap<>();
    String signature = signature(id, requestId, ts);
    if (signature != null) {
      headers.put("x-signature", signature);
    }
    if (requestId != null) {
      headers.put("x-request-id", requestId);
    }
    String type = pick("application/json", "application/json", "text/plain", null, "application/json; charset=utf-16",
        "multipart/form-data; boundary=x", garbage(10));
    if (type != null) {
      headers.put("content-type", type);
    }
    return new Request("/payments/webhook" + query, headers, body(id));
  }

  private String signature(String id, String requestId, String ts) {
    String plainId = id.replaceAll("[^0-9]", "");
    String right = Http.signature(secret, plainId, requestId, ts);
    return switch (random.nextInt(9)) {
      case 0 -> null;
      case 1 -> "";
      case 2 -> garbage(1 + random.nextInt(100));
      case 3 -> "ts=" + ts + ",v1=" + HexFormat.of().formatHex(bytes(32));
      case 4 -> Http.signature("not-the-webhook-secret", plainId, requestId, ts);
      case 5 -> Http.signature(secret, plainId + "1", requestId, ts);
      case 6 -> "ts=" + (Long.parseLong(ts) + 1) + right.substring(right.indexOf(','));
      case 7 -> flipHexDigit(right);
      default -> "v1=" + "0".repeat(64) + ",ts=" + ts + "," + "x".repeat(random.nextInt(3) * 4000);
    };
  }

  private String flipHexDigit(String header) {
    int at = header.indexOf("v1=") + 3 + random.nextInt(64);
    char c = header.charAt(at);
    char other = c == '0' ? '1' : '0';
    return header.substring(0, at) + other + header.substring(at + 1);
  }

  private byte[] body(String id) {
    JsonObject mp = new JsonObject().put("action", "payment.updated").put("type", "payment")
        .put("data", new JsonObject().put("id", id));
    return switch (random.nextInt(9)) {
      case 0 -> new byte[0];
      case 1, 2 -> mp.encode().getBytes(StandardCharsets.UTF_8);
      case 3 -> "[1,2,3]".getBytes(StandardCharsets.UTF_8);
      case 4 -> mp.encode().substring(0, 1 + random.nextInt(20)).getBytes(StandardCharsets.UTF_8);
      case 5 -> bytes(random.nextInt(300));
      case 6 -> new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
      case 7 -> filled(65_536 + 1 + random.nextInt(10_000));
      default -> filled(random.nextInt(60_000));
    };
  }

  private byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'z');
    return b;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + random.nextInt(10)));
    }
    return s.toString();
  }

  /** Printable characters a URL or header may carry (no CR / LF, which would end the line). */
  private String garbage(int n) {
    StringBuilder s = new StringBuilder();
    String alphabet = "abcXYZ019%&=.;,:+-_~!$'()*[]{}\"<>|^` /?#@";
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
