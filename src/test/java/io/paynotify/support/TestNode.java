package io.paynotify.support;

import io.paynotify.Node;
import io.paynotify.config.AppConfig;
import io.paynotify.config.ConfigLoader;
import io.paynotify.fault.Faults;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A paynotify node started in this JVM exactly as {@code Main} starts one, from an environment map. */
public final class TestNode implements AutoCloseable {

  public static final String WEBHOOK_SECRET = "test-webhook-secret";
  public static final String ACCESS_TOKEN = "APP_USR-test-access-token";

  private final Node app;
  private final AppConfig config;

  private TestNode(Node app, AppConfig config) {
    this.app = app;
    this.config = config;
  }

  /** The environment of a standalone test node on a free port. */
  public static Map<String, String> env(TestDatabase db, String mercadoPagoUrl) {
    return env(db.url(), mercadoPagoUrl);
  }

  /** The same against any database URL (a private PostgreSQL, say). */
  public static Map<String, String> env(String databaseUrl, String mercadoPagoUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("HTTP_PORT", String.valueOf(Ports.free()));
    env.put("HTTP_INSTANCES", "2");
    env.put("DATABASE_URL", databaseUrl);
    env.put("JWT_SECRET", Tokens.SECRET);
    env.put("MP_WEBHOOK_SECRET", WEBHOOK_SECRET);
    env.put("MP_ACCESS_TOKEN", ACCESS_TOKEN);
    env.put("MP_API_URL", mercadoPagoUrl);
    env.put("MP_TIMEOUT_MS", "2000");
    env.put("INBOX_POLL_MS", "200");
    env.put("INBOX_MAX_BACKOFF_SECONDS", "1");
    env.put("DB_POOL_SIZE", "8");
    return env;
  }

  /** Environments of {@code n} nodes forming one cluster named {@code clusterName} on 127.0.0.1. */
  public static List<Map<String, String>> clusterEnvs(int n, TestDatabase db, String mercadoPagoUrl, String clusterName) {
    return clusterEnvs(n, db.url(), mercadoPagoUrl, clusterName);
  }

  /** The same against any database URL. */
  public static List<Map<String, String>> clusterEnvs(int n, String databaseUrl, String mercadoPagoUrl, String clusterName) {
    List<Integer> hzPorts = java.util.stream.IntStream.range(0, n).mapToObj(i -> Ports.free()).toList();
    String members = hzPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    return hzPorts.stream().map(port -> {
      Map<String, String> env = env(databaseUrl, mercadoPagoUrl);
      env.put("CLUSTER", "true");
      env.put("CLUSTER_HOST", "127.0.0.1");
      env.put("CLUSTER_PORT", String.valueOf(port));
      env.put("CLUSTER_MEMBERS", members);
      env.put("CLUSTER_NAME", clusterName);
      return env;
    }).toList();
  }

  public static TestNode start(Map<String, String> env) {
    AppConfig config = ConfigLoader.load(env, Path.of("").toAbsolutePath());
    return new TestNode(Node.start(config, Faults.NONE, false).await(), config);
  }

  public int port() {
    return config.httpPort();
  }

  public AppConfig config() {
    return config;
  }

  public Node app() {
    return app;
  }

  @Override
  public void close() {
    app.close().await();
  }
}
