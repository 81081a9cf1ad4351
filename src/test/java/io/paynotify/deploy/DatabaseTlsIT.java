package io.paynotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Http;
import io.paynotify.support.PostgresTls;
import io.paynotify.support.TcpProxy;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code DATABASE_URL} query parameters hold for every connection a node makes: with
 * {@code ?sslmode=require&application_name=...} its migrations and its pool both speak TLS to the
 * real PostgreSQL (TLS enabled on it by the test setup, without a restart).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatabaseTlsIT {

  /** PostgreSQL's SSLRequest message: length 8, code 80877103. */
  private static final byte[] SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f};
  private static final long MIGRATION_LOCK = 0x7061796e6f74L;

  static TestDatabase db;
  static TcpProxy proxy;

  @BeforeAll
  static void setUp() throws Exception {
    PostgresTls.ensureEnabled();
    db = TestDatabase.create("tls");
    proxy = new TcpProxy(5432).start();
  }

  @AfterAll
  static void tearDown() {
    proxy.close();
    db.close();
  }

  @Test
  void migrationsAndPoolBothConnectWithTlsAndKeepTheUrlParameters() throws Exception {
    String app = "pn-tls-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = TestNode.env(db, "http://127.0.0.1:9");
    env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:" + proxy.port() + "/" + db.name()
        + "?sslmode=require&application_name=" + app);
    CompletableFuture<TestNode> starting;
    try (Connection holder = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db.name(), "postgres", null);
         Statement st = holder.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + MIGRATION_LOCK + ")");
      starting = CompletableFuture.supplyAsync(() -> TestNode.start(env));
      // the node's migration connection now waits for the lock: it is visible with its TLS state
      await().atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(db.count(sessions(app, "a.wait_event_type = 'Lock'")) == 1)
              .as(() -> "the migration never queued on the lock with application_name " + app).isTrue());
      assertThat(db.count(sessions(app, "a.wait_event_type = 'Lock' AND s.ssl"))).isEqualTo(1);
      st.execute("SELECT pg_advisory_unlock(" + MIGRATION_LOCK + ")");
    }
    try (TestNode node = starting.get(60, TimeUnit.SECONDS)) {
      assertThat(new Http().get(node.port(), "/ready", null).status()).isEqualTo(200);
      assertThat(db.count(sessions(app, "s.ssl"))).isGreaterThanOrEqualTo(1);
      assertThat(db.count(sessions(app, "NOT s.ssl"))).isZero();
      List<byte[]> openings = proxy.openings();
      assertThat(openings).hasSizeGreaterThanOrEqualTo(3); // lock, Flyway, pool
      assertThat(openings).allSatisfy(first -> assertThat(Arrays.copyOf(first, 8)).isEqualTo(SSL_REQUEST));
    }
  }

  private static String sessions(String app, String condition) {
    return "SELECT count(*) FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.application_name = '"
        + app + "' AND " + condition;
  }
}
