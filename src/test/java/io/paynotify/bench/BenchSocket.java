package io.paynotify.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;

/**
 * One tab of a load generator: connects, waits for READY, follows the seq of what it receives, and
 * after a drop reconnects with {@code since} = the last seq it saw (what a browser client does).
 */
final class BenchSocket {

  /** What the generator hears from its sockets (each a no-op unless overridden). */
  interface Listener {
    default void onReady(BenchSocket socket) {
    }

    default void onDropped(BenchSocket socket, Short closeCode) {
    }

    default void onPayment(String paymentId) {
    }
  }

  private final String userId;
  private final String token;
  private final WebSocketClient client;
  private final Listener listener;
  private volatile long lastSeq = -1;
  private volatile boolean ready;
  private volatile ClientWebSocket ws;

  BenchSocket(String userId, String token, WebSocketClient client, Listener listener) {
    this.userId = userId;
    this.token = token;
    this.client = client;
    this.listener = listener;
  }

  /** Connects to {@code port}; the future completes at READY. */
  Future<Void> connect(int port) {
    Promise<Void> readyPromise = Promise.promise();
    ClientWebSocket ws = client.webSocket();
    this.ws = ws;
    ws.textMessageHandler(text -> onFrame(new JsonObject(text), readyPromise));
    ws.closeHandler(v -> onClose(readyPromise, ws.closeStatusCode()));
    String since = lastSeq >= 0 ? "&since=" + lastSeq : "";
    ws.connect(port, "127.0.0.1", "/notifications/ws?token=" + token + since).onFailure(readyPromise::tryFail);
    return readyPromise.future();
  }

  private void onFrame(JsonObject frame, Promise<Void> readyPromise) {
    if ("READY".equals(frame.getString("type"))) {
      if (lastSeq < 0) {
        lastSeq = frame.getJsonObject("data").getLong("lastSeq");
      }
      ready = true;
      listener.onReady(this);
      readyPromise.tryComplete();
    } else if (frame.containsKey("seq")) {
      long seq = frame.getLong("seq");
      if (seq > lastSeq) {
        lastSeq = seq;
        Object paymentId = frame.getJsonObject("data").getValue("paymentId");
        if (paymentId != null) {
          listener.onPayment(paymentId.toString());
        }
      }
    }
  }

  private void onClose(Promise<Void> readyPromise, Short code) {
    readyPromise.tryFail("closed before READY (" + code + ")");
    if (ready) {
      ready = false;
      listener.onDropped(this, code);
    }
  }

  /** Closes the socket (1000); it does not reconnect. */
  Future<Void> close() {
    ready = false;
    return ws.close();
  }

  String userId() {
    return userId;
  }
}
