package io.paynotify.payment;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Mercado Pago's {@code x-signature}: {@code ts=<ts>,v1=<hex>} where v1 is the lowercase hex
 * HMAC-SHA256, keyed with the webhook secret, of {@code id:<data.id>;request-id:<x-request-id>;ts:<ts>;}
 * (a pair whose value is absent is left out). Compared in constant time. Several secrets (the current
 * one and, during a rotation, the previous one) are all tried every time, so the time taken does not
 * say which one matched.
 */
public final class WebhookSignature {

  private static final int MAX_HEADER_LENGTH = 512;

  private final List<byte[]> secrets;

  public WebhookSignature(String secret) {
    this(List.of(secret));
  }

  /** Verifies with any of {@code secrets}; signs ({@link #header}) with the first. */
  public WebhookSignature(List<String> secrets) {
    this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
  }

  /** True only when the header is well formed and its v1 matches. */
  public boolean verify(String header, String dataId, String requestId) {
    if (header == null || header.length() > MAX_HEADER_LENGTH) {
      return false;
    }
    String ts = null;
    String v1 = null;
    for (String part : header.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        String key = part.substring(0, eq).trim();
        String value = part.substring(eq + 1).trim();
        if (key.equals("ts")) {
          ts = value;
        } else if (key.equals("v1")) {
          v1 = value;
        }
      }
    }
    if (ts == null || ts.isEmpty() || v1 == null || v1.length() != 64) {
      return false;
    }
    String manifest = manifest(dataId, requestId, ts);
    byte[] given = v1.toLowerCase().getBytes(StandardCharsets.US_ASCII);
    boolean valid = false;
    for (byte[] secret : secrets) {
      valid |= MessageDigest.isEqual(hmac(secret, manifest).getBytes(StandardCharsets.US_ASCII), given);
    }
    return valid;
  }

  /** The {@code x-signature} header Mercado Pago would send; used by the stand-in and the scripts. */
  public String header(String dataId, String requestId, String ts) {
    return "ts=" + ts + ",v1=" + hmac(secrets.get(0), manifest(dataId, requestId, ts));
  }

  static String manifest(String dataId, String requestId, String ts) {
    StringBuilder m = new StringBuilder();
    if (dataId != null && !dataId.isEmpty()) {
      m.append("id:").append(dataId).append(';');
    }
    if (requestId != null && !requestId.isEmpty()) {
      m.append("request-id:").append(requestId).append(';');
    }
    return m.append("ts:").append(ts).append(';').toString();
  }

  private static String hmac(byte[] secret, String manifest) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
