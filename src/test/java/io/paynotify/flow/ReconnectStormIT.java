package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When a node dies, its tabs all reconnect to the survivors at once. Every one of them must get READY,
 * even with far more sockets than database connections: their reads queue, none is refused.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 90, timeUnit = TimeUnit.SECONDS)
class ReconnectStormIT {

  static final int TABS = 800;
  @RegisterExtension
  static final PaynotifyNode node = PaynotifyNode.standalone("storm").env("DB_POOL_SIZE", "1");

  @Test
  void everyTabOfAStormGetsReadyWithAOneConnectionPool(Vertx vertx) {
    try {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(TABS));
      List<Future<WebSocket>> tabs = new ArrayList<>();
      for (int i = 0; i < TABS; i++) {
        tabs.add(openUntilReady(client, node.port(), "storm-" + i));
      }
      Future.join(tabs).await(60, TimeUnit.SECONDS);
      long ready = tabs.stream().filter(Future::succeeded).count();
      assertThat(ready).as("tabs that got READY (failures: %s)", tabs.stream().filter(Future::failed)
          .map(f -> f.cause().getMessage()).distinct().toList()).isEqualTo(TABS);
      client.close().await();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the storm did not settle within 60 s", e);
    }
  }

  static Future<WebSocket> openUntilReady(WebSocketClient client, int port, String userId) {
    ClientWebSocket ws = client.webSocket();
    Promise<WebSocket> ready = Promise.promise();
    ws.closeHandler(v -> ready.tryFail("closed before READY with " + ws.closeStatusCode()));
    ws.textMessageHandler(text -> {
      if ("READY".equals(new JsonObject(text).getString("type"))) {
        ready.tryComplete(ws);
      }
    });
    return ws.connect(port, "127.0.0.1", "/notifications/ws?token=" + Tokens.valid(userId)).compose(v -> ready.future());
  }
}
