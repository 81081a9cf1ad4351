package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Ports;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A node binds its Hazelcast port even while an old connection on that port lingers in TIME_WAIT, as
 * after a quick restart, or when the port was lately some client's ephemeral port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterPortReuseIT {

  @Test
  void aNodeStartsOnAClusterPortThatIsInTimeWait() throws IOException {
    int port = Ports.free();
    leaveInTimeWait(port);
    try (TestDatabase db = TestDatabase.create("portreuse")) {
      Map<String, String> env = TestNode.clusterEnvs(1, db, "http://127.0.0.1:9", "reuse-" + UUID.randomUUID()).get(0);
      env.put("CLUSTER_PORT", String.valueOf(port));
      env.put("CLUSTER_MEMBERS", "127.0.0.1:" + port);
      try (TestNode node = TestNode.start(env)) {
        assertThat(node.app().vertx().isClustered()).isTrue();
      }
    }
  }

  /** Connects from {@code port} and closes that side first: the kernel keeps {@code port} in TIME_WAIT. */
  static void leaveInTimeWait(int port) throws IOException {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
      Socket client = new Socket();
      client.setReuseAddress(true);
      client.bind(new InetSocketAddress(loopback, port));
      client.connect(server.getLocalSocketAddress());
      try (Socket accepted = server.accept()) {
        client.close();
        assertThat(accepted.getInputStream().read()).as("the client side closed first").isEqualTo(-1);
      }
    }
  }
}
