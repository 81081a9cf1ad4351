package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link IdleTimeouts} reaches into a Vert.x internal class: this fails, loudly, on the Vert.x release
 * where an upgraded connection is no longer one it can take the idle timeout off.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IdleTimeoutsIT {

  @Test
  void takesTheIdleTimeoutOffAnUpgradedConnectionOfThisVertxRelease(Vertx vertx, VertxTestContext test) {
    HttpServerOptions options = new HttpServerOptions().setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS);
    HttpServer server = vertx.createHttpServer(options).requestHandler(request -> request.toWebSocket()
        .onComplete(test.succeeding(socket -> test.verify(() -> {
          assertThat(IdleTimeouts.drop(request.connection()))
              .as("the idle-timeout handler of a %s was found and removed", request.connection().getClass().getName())
              .isTrue();
          assertThat(IdleTimeouts.drop(request.connection())).as("and is gone").isFalse();
          test.completeNow();
        }))));
    server.listen(0, "127.0.0.1").compose(listening -> {
      WebSocketClient client = vertx.createWebSocketClient();
      return client.connect(listening.actualPort(), "127.0.0.1", "/");
    }).onFailure(test::failNow);
  }
}
