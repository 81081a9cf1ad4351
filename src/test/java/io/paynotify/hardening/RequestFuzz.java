package io.paynotify.hardening;

import io.paynotify.support.Tokens;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded requests to any door: made-up and standard methods, real, parameterised and made-up paths,
 * and user tokens whose {@code sub} is random text (control characters, line breaks, long, empty,
 * any script).
 */
final class RequestFuzz {

  record Request(String method, String uri, Map<String, String> headers, String sub) { }

  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
  private static final List<String> PATHS = List.of("/users/me/credits", "/notifications", "/payments/%s",
      "/internal/notify", "/internal/users/%s/credits", "/internal/payments/%s/sync", "/health", "/ready",
      "/%s", "/%s/%s", "/notifications/ws");
  private static final String ALPHABET = "aZ09-_.~ \t\r\n\u0000\u0007\u001b\u007f\u0085\u2028\u2029üñ用😀/\\\"'<>%";

  private final Random random;

  RequestFuzz(Random random) {
    this.random = random;
  }

  Request next() {
    String method = random.nextInt(3) == 0 ? madeUpMethod() : METHODS.get(random.nextInt(METHODS.size()));
    String path = PATHS.get(random.nextInt(PATHS.size())).replace("%s", segment());
    String sub = random.nextBoolean() ? sub() : null;
    Map<String, String> headers = sub == null ? Map.of() : Map.of("Authorization", "Bearer " + Tokens.valid(sub));
    return new Request(method, path, headers, sub);
  }

  /** A method no client should send: a new one each time, so each would be a new series if labelled as sent. */
  private String madeUpMethod() {
    StringBuilder m = new StringBuilder("FZ");
    for (int i = 0; i < 6; i++) {
      m.append((char) ('A' + random.nextInt(26)));
    }
    return m.toString();
  }

  private String segment() {
    StringBuilder s = new StringBuilder();
    for (int i = 0, n = 1 + random.nextInt(12); i < n; i++) {
      s.append((char) ('a' + random.nextInt(26)));
    }
    return s.toString();
  }

  private String sub() {
    int length = switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 120 + random.nextInt(20);
      default -> 1 + random.nextInt(16);
    };
    StringBuilder s = new StringBuilder();
    while (s.codePointCount(0, s.length()) < length) {
      s.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
          random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return s.toString();
  }
}
