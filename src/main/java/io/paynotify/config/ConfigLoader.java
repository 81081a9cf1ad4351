package io.paynotify.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads the configuration: defaults built into the jar, then {@code conf/config.json} of the working
 * directory, then the environment variables named in {@link #ENV_KEYS} (never the whole environment).
 * Every problem is collected and reported in one {@link ConfigException}.
 */
public final class ConfigLoader {

  /** The secrets, each of which may instead be given as {@code <NAME>_FILE} (a path). */
  public static final List<String> SECRET_KEYS = List.of(
      "JWT_SECRET", "JWT_PUBLIC_KEY", "MP_WEBHOOK_SECRET", "MP_WEBHOOK_SECRET_PREVIOUS", "MP_ACCESS_TOKEN",
      "INTERNAL_API_TOKEN");

  public static final List<String> ENV_KEYS = Stream.concat(Stream.of(
      "HTTP_PORT", "HTTP_INSTANCES", "DATABASE_URL", "DB_POOL_SIZE", "ACCESS_LOG",
      "JWT_SECRET", "JWT_PUBLIC_KEY", "JWT_JWKS_URL", "JWT_JWKS_REFRESH_SECONDS", "JWT_JWKS_MIN_REFRESH_SECONDS",
      "JWT_ISSUER", "JWT_AUDIENCE", "JWT_CLOCK_SKEW_SECONDS",
      "MP_WEBHOOK_SECRET", "MP_WEBHOOK_SECRET_PREVIOUS", "MP_ACCESS_TOKEN", "MP_API_URL", "MP_COLLECTOR_ID", "MP_TIMEOUT_MS",
      "MP_ACCEPT_UNSIGNED_IPN",
      "INTERNAL_API_TOKEN", "ALLOWED_ORIGINS",
      "CLUSTER", "CLUSTER_HOST", "CLUSTER_PORT", "CLUSTER_MEMBERS", "CLUSTER_NAME", "CLUSTER_K8S_SERVICE_DNS",
      "EVENTBUS_PORT", "TLS_CERT_FILE", "TLS_KEY_FILE",
      "CLUSTER_TLS_CERT_FILE", "CLUSTER_TLS_KEY_FILE", "CLUSTER_TLS_CA_FILE", "CLUSTER_INSECURE",
      "MAX_SOCKETS_PER_USER", "MAX_SOCKETS_PER_NODE", "WS_PING_INTERVAL_SECONDS", "WS_OUTBOUND_QUEUE_BYTES",
      "WS_POSITION_CHECK_SECONDS",
      "INBOX_POLL_MS", "INBOX_LEASE_SECONDS", "INBOX_MAX_BACKOFF_SECONDS", "INBOX_NOT_FOUND_PATIENCE_SECONDS",
      "RECONCILE_INTERVAL_SECONDS", "RECONCILE_PENDING_AFTER_SECONDS", "PAYNOTIFY_DEV",
      "EVENTS_RETENTION_DAYS", "RETENTION_INTERVAL_SECONDS",
      "SHUTDOWN_DRAIN_SECONDS",
      "PLANS", "PLANS_FILE"), SECRET_KEYS.stream().map(k -> k + "_FILE")).toList();

  private static final String DEFAULTS = "/paynotify/config.json";

  /** {@code DATABASE_URL=embedded}: development mode starts a PostgreSQL of its own (see DevDatabase in the development package). */
  public static final String EMBEDDED = "embedded";

  private final Settings settings;
  private final List<String> problems;
  private final TlsSettings tls;

  private ConfigLoader(JsonObject values) {
    this.settings = new Settings(values);
    this.problems = settings.problems();
    this.tls = new TlsSettings(settings);
  }

  /** Loads from the built-in defaults, {@code workingDir/conf/config.json} and {@code env}. */
  public static AppConfig load(Map<String, String> env, Path workingDir) {
    JsonObject merged = fromFiles(workingDir);
    for (String key : ENV_KEYS) {
      String value = env.get(key);
      if (value != null) {
        merged.put(key, value);
      }
    }
    return new ConfigLoader(merged).parse();
  }

  /** A setting as the built-in defaults and {@code conf/config.json} give it, before the environment. */
  public static Optional<String> fileValue(String key, Path workingDir) {
    Object value = fromFiles(workingDir).getValue(key);
    return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
  }

  private static JsonObject fromFiles(Path workingDir) {
    JsonObject merged = readDefaults();
    Path file = workingDir.resolve("conf/config.json");
    if (Files.isRegularFile(file)) {
      merged.mergeIn(readFile(file), true);
    }
    return merged;
  }

  private AppConfig parse() {
    boolean dev = settings.bool("PAYNOTIFY_DEV", false);
    AppConfig config = new AppConfig(
        settings.port("HTTP_PORT", true),
        httpInstances(),
        databaseUrl(),
        settings.integer("DB_POOL_SIZE", 1, 500),
        JwtSettings.parse(settings, dev, ConfigLoader::randomSecret),
        mercadoPago(dev),
        settings.secret("INTERNAL_API_TOKEN"),
        settings.list("ALLOWED_ORIGINS"),
        cluster(dev),
        tls.http(),
        limits(),
        inbox(),
        new AppConfig.Retention(settings.integer("EVENTS_RETENTION_DAYS", 1, 3650),
            Duration.ofSeconds(settings.integer("RETENTION_INTERVAL_SECONDS", 1, 86_400))),
        PlanCatalog.read(settings),
        dev,
        Duration.ofSeconds(settings.integer("SHUTDOWN_DRAIN_SECONDS", 1, 600)),
        settings.bool("ACCESS_LOG", true));
    if (!dev) {
      problems.addAll(Placeholders.problems(settings.secretsRead()));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException("configuration: " + String.join("; ", problems));
    }
    return config;
  }

  private String databaseUrl() {
    String url = settings.required("DATABASE_URL", null);
    if (EMBEDDED.equals(url)) {
      problems.add("DATABASE_URL=embedded (a PostgreSQL under target/) is for development mode only (PAYNOTIFY_DEV=true)");
    } else if (url != null) {
      try {
        settings.noteSecret("DATABASE_URL's password", DatabaseUrl.parse(url).getPassword());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return url;
  }

  private int httpInstances() {
    int n = settings.integer("HTTP_INSTANCES", 0, 64);
    return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
  }

  private AppConfig.MercadoPago mercadoPago(boolean dev) {
    String secret = dev ? settings.secret("MP_WEBHOOK_SECRET").orElseGet(ConfigLoader::randomSecret)
        : settings.requiredSecret("MP_WEBHOOK_SECRET");
    String token = dev ? settings.secret("MP_ACCESS_TOKEN").orElseGet(() -> "APP_USR-dev-" + randomSecret())
        : settings.requiredSecret("MP_ACCESS_TOKEN");
    String api = settings.required("MP_API_URL", null);
    if (api != null && !api.matches("https?://[^\\s]+")) {
      problems.add("MP_API_URL must be an http(s) URL");
    }
    return new AppConfig.MercadoPago(secret, token, api == null ? null : api.replaceAll("/+$", ""),
        settings.optional("MP_COLLECTOR_ID"), Duration.ofMillis(settings.integer("MP_TIMEOUT_MS", 100, 60_000)),
        settings.bool("MP_ACCEPT_UNSIGNED_IPN", false), settings.secret("MP_WEBHOOK_SECRET_PREVIOUS"));
  }

  private AppConfig.Cluster cluster(boolean dev) {
    List<String> members = settings.list("CLUSTER_MEMBERS");
    for (String member : members) {
      if (!member.matches("[^:\\s]+:\\d{1,5}")) {
        problems.add("CLUSTER_MEMBERS entries must be host:port, got '" + member + "'");
      }
    }
    AppConfig.Cluster cluster = new AppConfig.Cluster(settings.bool("CLUSTER", false),
        settings.required("CLUSTER_HOST", null), settings.port("CLUSTER_PORT", false), members,
        settings.required("CLUSTER_NAME", null), settings.optional("CLUSTER_K8S_SERVICE_DNS"),
        settings.port("EVENTBUS_PORT", true), tls.cluster());
    boolean insecure = settings.bool("CLUSTER_INSECURE", false);
    if (cluster.enabled() && cluster.tls().isEmpty() && !insecure && !dev) {
      // an open cluster lets anyone on its network send events to tabs: only by an explicit choice
      problems.add("a clustered node needs cluster TLS: set CLUSTER_TLS_CERT_FILE, CLUSTER_TLS_KEY_FILE and "
          + "CLUSTER_TLS_CA_FILE, or CLUSTER_INSECURE=true for a private network that a network policy closes");
    }
    return cluster;
  }

  private AppConfig.Limits limits() {
    return new AppConfig.Limits(settings.integer("MAX_SOCKETS_PER_USER", 1, 10_000),
        settings.integer("MAX_SOCKETS_PER_NODE", 1, 1_000_000),
        Duration.ofSeconds(settings.integer("WS_PING_INTERVAL_SECONDS", 1, 3600)),
        settings.integer("WS_OUTBOUND_QUEUE_BYTES", 1024, 16 * 1024 * 1024),
        Duration.ofSeconds(settings.integer("WS_POSITION_CHECK_SECONDS", 1, 3600)));
  }

  private AppConfig.Inbox inbox() {
    return new AppConfig.Inbox(Duration.ofMillis(settings.integer("INBOX_POLL_MS", 10, 600_000)),
        Duration.ofSeconds(settings.integer("INBOX_LEASE_SECONDS", 1, 3600)),
        Duration.ofSeconds(settings.integer("INBOX_MAX_BACKOFF_SECONDS", 1, 86_400)),
        Duration.ofSeconds(settings.integer("INBOX_NOT_FOUND_PATIENCE_SECONDS", 1, 7 * 86_400)),
        Duration.ofSeconds(settings.integer("RECONCILE_INTERVAL_SECONDS", 1, 86_400)),
        Duration.ofSeconds(settings.integer("RECONCILE_PENDING_AFTER_SECONDS", 1, 30 * 86_400)));
  }

  private static JsonObject readDefaults() {
    try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new ConfigException("configuration: built-in defaults " + DEFAULTS + " are missing from the jar");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("configuration: cannot read built-in defaults: " + e.getMessage());
    }
  }

  private static JsonObject readFile(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("configuration: " + file + " is not a readable JSON object");
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** A database URL with any password replaced by {@code ***}. */
  public static String maskUrl(String url) {
    return url == null ? null : url.replaceAll("(//[^:/@]+:)[^@]*@", "$1***@").replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
