package io.paynotify.support;

import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test class's nodes run against, as a JUnit 5 extension: its own database, a Mercado Pago
 * stand-in, a Vert.x for the test's own clients and a blocking HTTP client.
 * {@code @RegisterExtension static final Services svc = Services.named("shutdown");} gives them to
 * tests that start nodes themselves (node processes, say); {@link PaynotifyNode} and
 * {@link TestCluster} start nodes on them. What is started on them closes before them, whichever
 * extension JUnit closes first.
 */
public final class Services implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

  private final String name;
  private final Deque<AutoCloseable> dependents = new ArrayDeque<>();
  private final Http http = new Http();
  private Vertx vertx;
  private TestDatabase db;
  private MercadoPagoDouble mp;

  private Services(String name) {
    this.name = name;
  }

  /** A database named after {@code name} (plus a random part) and a stand-in, started before all tests. */
  public static Services named(String name) {
    return new Services(name);
  }

  /** Started now, for code outside JUnit (the bench, the soak); close it when done. */
  public static Services start(String name) {
    Services services = new Services(name);
    services.start();
    return services;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    start();
  }

  /** Idempotent: the first extension that needs them starts them. */
  synchronized void start() {
    if (vertx == null) {
      vertx = Vertx.vertx();
      db = TestDatabase.create(name);
      mp = MercadoPagoDouble.start(vertx);
    }
  }

  /** {@code dependent} (a node started on these services) is closed before they are, last started first. */
  synchronized void closesFirst(AutoCloseable dependent) {
    dependents.push(dependent);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public synchronized void close() {
    if (vertx == null) {
      return;
    }
    Closing.all(dependents.toArray(AutoCloseable[]::new));
    dependents.clear();
    Vertx closing = vertx;
    Closing.all(mp::closeNow, db, () -> closing.close().await());
    vertx = null;
  }

  /** The environments of {@code n} nodes forming one cluster of a fresh name on these services (node processes, say). */
  public List<Map<String, String>> clusterEnvs(int n) {
    return TestNode.clusterEnvs(n, db, mp.url(), name + "-" + UUID.randomUUID());
  }

  public Vertx vertx() {
    return vertx;
  }

  public TestDatabase db() {
    return db;
  }

  public MercadoPagoDouble mp() {
    return mp;
  }

  public Http http() {
    return http;
  }
}
