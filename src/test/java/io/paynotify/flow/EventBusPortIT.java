package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Ports;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code EVENTBUS_PORT} fixes the port of the clustered event bus, for firewalls that list ports. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EventBusPortIT {

  @Test
  void aClusteredNodeListensForTheEventBusOnTheConfiguredPort() throws IOException {
    int eventBusPort = Ports.free();
    try (TestDatabase db = TestDatabase.create("eventbusport")) {
      Map<String, String> env = TestNode.clusterEnvs(1, db, "http://127.0.0.1:9", "eb-" + UUID.randomUUID()).get(0);
      env.put("EVENTBUS_PORT", String.valueOf(eventBusPort));
      try (TestNode node = TestNode.start(env); Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", eventBusPort), 2000);
        assertThat(socket.isConnected()).isTrue();
      }
    }
  }
}
