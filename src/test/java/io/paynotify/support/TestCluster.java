package io.paynotify.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * {@code n} Hazelcast-clustered nodes in this JVM on 127.0.0.1, one database and one stand-in, with a
 * random cluster name; started (and found clustered) before a test class's tests, closed after them:
 * {@code @RegisterExtension static final TestCluster cluster = TestCluster.of(2, "cluster");}
 */
public final class TestCluster implements BeforeAllCallback, AfterAllCallback, OnServices {

  private final int size;
  private final Services services;
  private final String name = "test-" + UUID.randomUUID();
  private final List<Consumer<Map<String, String>>> settings = new ArrayList<>();
  private List<Map<String, String>> envs;
  private final List<TestNode> nodes = new ArrayList<>();

  private TestCluster(int size, Services services) {
    this.size = size;
    this.services = services;
  }

  /** {@code size} nodes on a database named after {@code name}. */
  public static TestCluster of(int size, String name) {
    return new TestCluster(size, Services.named(name));
  }

  /** One more setting on every node. */
  public TestCluster env(String key, String value) {
    return env(env -> env.put(key, value));
  }

  /** Settings on every node's environment (cluster TLS files, say). */
  public TestCluster env(Consumer<Map<String, String>> setting) {
    settings.add(setting);
    return this;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    services.start();
    envs = TestNode.clusterEnvs(size, services.db(), services.mp().url(), name);
    envs.forEach(env -> settings.forEach(setting -> setting.accept(env)));
    for (Map<String, String> env : envs) {
      TestNode node = TestNode.start(env);
      nodes.add(node);
      services.closesFirst(node);
    }
    await("not clustered").atMost(Duration.ofSeconds(60))
        .until(() -> nodes.stream().allMatch(n -> n.app().vertx().isClustered()));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    services.close();
  }

  /** Node {@code i}, from 0. */
  public TestNode node(int i) {
    return nodes.get(i);
  }

  public List<TestNode> nodes() {
    return nodes;
  }

  /** The environment node {@code i} was started with (to start it again, or a process like it). */
  public Map<String, String> env(int i) {
    return envs.get(i);
  }

  public String name() {
    return name;
  }

  @Override
  public Services services() {
    return services;
  }

}
