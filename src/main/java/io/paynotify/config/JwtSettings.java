package io.paynotify.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** How user tokens are checked: exactly one of a secret, a PEM public key or a JWKS URL. */
final class JwtSettings {

  private JwtSettings() {
  }

  static AppConfig.Jwt parse(Settings settings, boolean dev, Supplier<String> randomSecret) {
    Optional<String> secret = settings.secret("JWT_SECRET");
    Optional<String> publicKey = settings.secret("JWT_PUBLIC_KEY");
    Optional<String> jwksUrl = settings.optional("JWT_JWKS_URL");
    long given = Stream.of("JWT_SECRET", "JWT_PUBLIC_KEY", "JWT_JWKS_URL")
        .filter(k -> settings.optional(k).isPresent() || settings.optional(k + "_FILE").isPresent()).count();
    if (given == 0 && dev) {
      secret = Optional.of(randomSecret.get());
    } else if (given == 0) {
      settings.problems().add("JWT_SECRET or JWT_PUBLIC_KEY is required (or JWT_JWKS_URL)");
    } else if (given > 1) {
      settings.problems().add("set only one of JWT_SECRET, JWT_PUBLIC_KEY and JWT_JWKS_URL");
    }
    if (publicKey.isPresent() && PublicKeys.algorithmOf(publicKey.get()).isEmpty()) {
      settings.problems().add("JWT_PUBLIC_KEY must be a PEM RSA or EC public key (-----BEGIN PUBLIC KEY-----)");
    }
    if (secret.isPresent() && secret.get().length() < 16) {
      settings.problems().add("JWT_SECRET must be at least 16 characters");
    }
    if (jwksUrl.isPresent() && !jwksUrl.get().matches("https?://[^\\s]+")) {
      settings.problems().add("JWT_JWKS_URL must be an http(s) URL");
    }
    AppConfig.Jwks jwks = new AppConfig.Jwks(jwksUrl,
        Duration.ofSeconds(settings.integer("JWT_JWKS_REFRESH_SECONDS", 1, 86_400)),
        Duration.ofSeconds(settings.integer("JWT_JWKS_MIN_REFRESH_SECONDS", 1, 3600)));
    return new AppConfig.Jwt(secret, publicKey, jwks, settings.optional("JWT_ISSUER"),
        settings.optional("JWT_AUDIENCE"), settings.integer("JWT_CLOCK_SKEW_SECONDS", 0, 3600));
  }
}
