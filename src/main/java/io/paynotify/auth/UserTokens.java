package io.paynotify.auth;

import io.paynotify.config.AppConfig;
import io.paynotify.config.PublicKeys;
import io.paynotify.error.AppException;
import io.paynotify.notify.EventTypes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.util.List;
import java.util.function.Function;

/**
 * Verifies user tokens: HS256 with {@code JWT_SECRET}, RS256 / ES256 with {@code JWT_PUBLIC_KEY}, or
 * the keys of the identity provider's JWKS ({@code JWT_JWKS_URL}, by {@code kid}, see {@link JwksKeys}).
 * Signature, {@code exp} (required, strict: a live socket is closed at that very second too),
 * {@code nbf} and {@code iat} (with the configured clock skew), {@code iss} and {@code aud} are checked; {@code alg: none} and every other algorithm are refused. Failures never say
 * more than "invalid token".
 */
public final class UserTokens {

  private static final int MAX_TOKEN_LENGTH = 8192;

  private final Function<String, Future<User>> signatureCheck;

  private UserTokens(Function<String, Future<User>> signatureCheck) {
    this.signatureCheck = signatureCheck;
  }

  /**
   * The verifier of a node: a fixed key ({@code JWT_SECRET}, {@code JWT_PUBLIC_KEY}) at once, or the
   * keys of {@code JWT_JWKS_URL} once they are fetched (fails when they cannot be). One per node: its
   * JWKS refresh is shared by every HTTP verticle.
   */
  public static Future<UserTokens> start(Vertx vertx, AppConfig.Jwt config) {
    JWTOptions options = new JWTOptions().setLeeway(config.clockSkewSeconds());
    config.issuer().ifPresent(options::setIssuer);
    config.audience().ifPresent(a -> options.setAudience(List.of(a)));
    if (config.jwks().url().isPresent()) {
      return new JwksKeys(vertx, config.jwks().url().get(), options, config.jwks().refresh(), config.jwks().minRefresh())
          .start().map(keys -> new UserTokens(keys::authenticate));
    }
    PubSecKeyOptions key = config.secret()
        .map(s -> new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(s))
        .orElseGet(() -> publicKey(config.publicKeyPem().orElseThrow()));
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key).setJWTOptions(options));
    return Future.succeededFuture(new UserTokens(token -> jwt.authenticate(new TokenCredentials(token))));
  }

  /** The token of a request: {@code Authorization: Bearer}, else (when allowed) {@code ?token=}. */
  public Future<AuthUser> authenticate(HttpServerRequest request, boolean allowQueryToken) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return verify(header.substring(7).trim());
    }
    return verify(allowQueryToken ? request.getParam("token") : null);
  }

  public Future<AuthUser> verify(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Future.failedFuture(AppException.unauthorized("a valid token is required"));
    }
    try {
      return signatureCheck.apply(token)
          .transform(ar -> ar.succeeded() ? claims(ar.result()) : invalid());
    } catch (RuntimeException e) {
      return invalid(); // a claim of the wrong JSON type (e.g. "exp":"soon") throws inside the library
    }
  }

  /**
   * {@code sub} and {@code exp} of a verified token, from the payload the library decoded (its
   * {@code accessToken} attribute; not decoded a second time here).
   */
  private static Future<AuthUser> claims(User user) {
    Object decoded = user.attributes().getValue("accessToken");
    if (!(decoded instanceof JsonObject payload)) {
      return invalid();
    }
    Object sub = payload.getValue("sub");
    Object exp = payload.getValue("exp");
    if (!(sub instanceof String subject) || !EventTypes.isUserId(subject)
        || !(exp instanceof Number expires) || expires.longValue() * 1000 <= System.currentTimeMillis()) {
      return invalid();
    }
    return Future.succeededFuture(new AuthUser(subject, expires.longValue()));
  }

  private static <T> Future<T> invalid() {
    return Future.failedFuture(AppException.unauthorized("invalid token"));
  }

  private static PubSecKeyOptions publicKey(String pem) {
    String algorithm = PublicKeys.algorithmOf(pem)
        .orElseThrow(() -> new IllegalArgumentException("JWT_PUBLIC_KEY is neither an RSA nor an EC public key"));
    return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(PublicKeys.normalized(pem));
  }
}
