package io.paynotify.auth;

import io.paynotify.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing keys from the identity provider's JWKS document ({@code JWT_JWKS_URL}), by {@code kid}:
 * fetched at start (a node that cannot fetch them does not start), refreshed in the background every
 * {@code refresh} (sooner when the answer's {@code Cache-Control: max-age} says so), and at once when a
 * token names a {@code kid} not in the set, but never more often than every {@code minRefresh}: a flood
 * of tokens with made-up {@code kid}s costs one fetch per {@code minRefresh}. Verification itself is
 * vertx-auth-jwt's, rebuilt with each fetched set.
 */
final class JwksKeys {

  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private static final long TIMEOUT_MILLIS = 5000;
  private static final int MAX_BODY = 512 * 1024;
  private static final Pattern MAX_AGE = Pattern.compile("max-age=(\\d+)");

  private final Vertx vertx;
  private final String url;
  private final JWTOptions options;
  private final long refreshMillis;
  private final long minRefreshMillis;
  private final HttpClient client;
  private volatile Keys keys = new Keys(null, Set.of());
  private long lastOnDemand = Long.MIN_VALUE / 2;
  private Future<Void> inFlight;
  private long timer = -1;

  /** One fetched key set: the verifier built from it and the {@code kid}s it holds. */
  private record Keys(JWTAuth verifier, Set<String> kids) { }

  JwksKeys(Vertx vertx, String url, JWTOptions options, Duration refresh, Duration minRefresh) {
    this.vertx = vertx;
    this.url = url;
    this.options = options;
    this.refreshMillis = refresh.toMillis();
    this.minRefreshMillis = minRefresh.toMillis();
    this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout((int) TIMEOUT_MILLIS));
  }

  /** The first fetch; fails (with a message naming {@code JWT_JWKS_URL}) when no usable key came. */
  Future<JwksKeys> start() {
    return fetch().map(this)
        .recover(e -> Future.failedFuture(new ConfigException("JWT_JWKS_URL: cannot load signing keys ("
            + e.getMessage() + ")")));
  }

  /** Verifies with the current keys; a token whose {@code kid} they lack triggers one refresh first. */
  Future<User> authenticate(String token) {
    String kid = kidOf(token);
    if (kid != null && !keys.kids().contains(kid)) {
      return refreshSoon().transform(ar -> verify(token));
    }
    return verify(token);
  }

  private Future<User> verify(String token) {
    return keys.verifier().authenticate(new TokenCredentials(token));
  }

  /**
   * A fetch for an unknown {@code kid}, unless another unknown {@code kid} caused one within
   * {@code minRefresh} (then the keys stay as they are); joins a fetch already running.
   */
  private synchronized Future<Void> refreshSoon() {
    if (inFlight != null) {
      return inFlight;
    }
    long now = System.currentTimeMillis();
    if (now - lastOnDemand < minRefreshMillis) {
      return Future.succeededFuture();
    }
    lastOnDemand = now;
    return fetch();
  }

  private synchronized Future<Void> fetch() {
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
        .putHeader("Accept", "application/json").setIdleTimeout(TIMEOUT_MILLIS);
    Future<Void> done = client.request(request)
        .compose(req -> req.send())
        .compose(this::read)
        .timeout(2 * TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)
        .onComplete(ar -> finished());
    inFlight = done;
    return done;
  }

  private synchronized void finished() {
    inFlight = null;
  }

  private Future<Void> read(HttpClientResponse response) {
    if (response.statusCode() != 200) {
      return Future.failedFuture("answered " + response.statusCode());
    }
    long next = nextRefresh(response.getHeader("Cache-Control"));
    return response.body().compose(body -> {
      if (body.length() > MAX_BODY) {
        return Future.failedFuture("document too large");
      }
      Keys fetched = build(new JsonObject(body).getJsonArray("keys", new JsonArray()));
      if (fetched.kids().isEmpty()) {
        return Future.failedFuture("no usable signing key with a kid");
      }
      keys = fetched;
      LOG.info("JWKS: {} signing keys loaded ({}), next refresh in {} s", fetched.kids().size(),
          String.join(",", fetched.kids()), next / 1000);
      schedule(next);
      return Future.succeededFuture();
    });
  }

  private void background() {
    fetch().onFailure(e -> {
      LOG.warn("JWKS refresh from JWT_JWKS_URL failed, keeping the {} known keys: {}", keys.kids().size(), e.getMessage());
      schedule(Math.max(minRefreshMillis, 1000));
    });
  }

  /** One background timer at a time: every fetch, whatever caused it, re-arms it. */
  private synchronized void schedule(long delayMillis) {
    vertx.cancelTimer(timer);
    timer = vertx.setTimer(delayMillis, id -> background());
  }

  /** Stops the background refresh. */
  synchronized Future<Void> close() {
    vertx.cancelTimer(timer);
    return client.close();
  }

  private long nextRefresh(String cacheControl) {
    Matcher m = cacheControl == null ? null : MAX_AGE.matcher(cacheControl);
    if (m == null || !m.find()) {
      return refreshMillis;
    }
    long maxAge = Long.parseLong(m.group(1)) * 1000;
    return Math.min(refreshMillis, Math.max(minRefreshMillis, maxAge));
  }

  /** The signing keys of a JWKS that vertx-auth-jwt can use; others (encryption keys, no kid) are skipped. */
  private Keys build(JsonArray array) {
    List<JsonObject> usable = new ArrayList<>();
    for (Object entry : array) {
      if (entry instanceof JsonObject jwk && jwk.getValue("kid") instanceof String
          && !"enc".equals(jwk.getString("use")) && accepted(withAlgorithm(jwk))) {
        usable.add(withAlgorithm(jwk));
      }
    }
    JWTAuth verifier = JWTAuth.create(vertx, new JWTAuthOptions().setJwks(usable).setJWTOptions(options));
    return new Keys(verifier, usable.stream().map(k -> k.getString("kid")).collect(Collectors.toUnmodifiableSet()));
  }

  private boolean accepted(JsonObject jwk) {
    try {
      JWTAuth.create(vertx, new JWTAuthOptions().addJwk(jwk));
      return jwk.containsKey("alg");
    } catch (RuntimeException e) {
      LOG.warn("JWKS: key {} skipped: {}", jwk.getString("kid"), e.getMessage());
      return false;
    }
  }

  /** Identity providers may leave {@code alg} out: RSA keys sign RS256, P-256 keys ES256. */
  private static JsonObject withAlgorithm(JsonObject jwk) {
    if (jwk.containsKey("alg")) {
      return jwk;
    }
    if ("RSA".equals(jwk.getString("kty"))) {
      return jwk.copy().put("alg", "RS256");
    }
    if ("EC".equals(jwk.getString("kty")) && "P-256".equals(jwk.getString("crv"))) {
      return jwk.copy().put("alg", "ES256");
    }
    return jwk;
  }

  /** The {@code kid} of a token's header, or null. */
  static String kidOf(String token) {
    try {
      int dot = token.indexOf('.');
      JsonObject header = new JsonObject(new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)),
          java.nio.charset.StandardCharsets.UTF_8));
      return header.getValue("kid") instanceof String kid ? kid : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
