package io.paynotify.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.paynotify.support.TestCluster;
import io.paynotify.support.Stranger;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.junit5.VertxExtension;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a member on the cluster network can make a node's Hazelcast do: no Java deserialization of a
 * class outside what the cluster manager needs (a gadget sent as an entry processor is refused, not
 * run), and no REST or Memcache answers on the Hazelcast port.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterSurfaceIT {

  /** How often a {@link Gadget} ran, in any member of this JVM. */
  static final AtomicInteger GADGET_RUNS = new AtomicInteger();

  @RegisterExtension
  static final TestCluster cluster = TestCluster.of(1, "clustersurface");

  @Test
  void refusesToDeserializeAClassTheClusterManagerDoesNotNeed() {
    try (Stranger stranger = Stranger.join(cluster.name(), member(), new EventBusOptions())) {
      HazelcastInstance hz = stranger.cluster.getHazelcastInstance();
      IMap<String, String> map = hz.getMap("stranger-" + UUID.randomUUID());
      String key = keyOwnedByTheNode(hz);

      assertThatThrownBy(() -> map.executeOnKey(key, new Gadget()))
          .hasStackTraceContaining("is not allowed");
      assertThat(GADGET_RUNS.get()).isZero();

      map.put(key, "value"); // the control: the map itself still works for the stranger
      assertThat(map.get(key)).isEqualTo("value");
    }
  }

  @Test
  void theHazelcastPortAnswersNoRestOrMemcacheRequest() throws Exception {
    assertThat(answerOf("GET /hazelcast/health/ready HTTP/1.1\r\nHost: x\r\n\r\n")).doesNotContain("HTTP/1.1");
    assertThat(answerOf("stats\r\n")).doesNotContain("STAT");
  }

  private static String member() {
    return "127.0.0.1:" + cluster.node(0).config().cluster().port();
  }

  private static String keyOwnedByTheNode(HazelcastInstance stranger) {
    for (int i = 0; ; i++) {
      String key = "k" + i;
      if (!stranger.getPartitionService().getPartition(key).getOwner().localMember()) {
        return key;
      }
    }
  }

  /** Whatever the Hazelcast port sends back to {@code request} before it closes or goes quiet. */
  private static String answerOf(String request) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", cluster.node(0).config().cluster().port())) {
      socket.setSoTimeout(3000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[1024];
      int n;
      try {
        n = in.read(buffer);
      } catch (java.net.SocketTimeoutException | java.net.SocketException quiet) {
        n = -1;
      }
      return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  /** Stands for a deserialization gadget: any Serializable class of no use to the cluster manager. */
  static final class Gadget implements EntryProcessor<String, String, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String process(Map.Entry<String, String> entry) {
      GADGET_RUNS.incrementAndGet();
      return "ran";
    }
  }
}
