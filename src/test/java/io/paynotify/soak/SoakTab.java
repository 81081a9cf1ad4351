package io.paynotify.soak;

import io.paynotify.support.Tokens;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One browser tab of the soak: connects, keeps every seq it is sent (across all its connections),
 * counts a seq sent twice as a duplicate, and resumes with {@code since} = the highest seq it holds.
 * Callbacks run on the soak's event loop; the counters are read by the main thread at the end.
 */
final class SoakTab {

  final String userId;
  private final WebSocketClient client;
  private final Set<Long> seen = new HashSet<>();
  private ClientWebSocket socket;
  private long highest;
  private int duplicates;
  private int connects;
  private boolean open;
  private boolean connected;
  private boolean closing;

  SoakTab(String userId, WebSocketClient client) {
    this.userId = userId;
    this.client = client;
  }

  /**
   * Connects (or reconnects) to {@code port} with {@code since}; {@code onLost} runs if the server
   * closes it. False while its last connection is still closing (try again later).
   */
  synchronized boolean connect(int port, Runnable onLost) {
    if (open) {
      return !closing;
    }
    open = true;
    connected = false;
    closing = false;
    connects++;
    ClientWebSocket ws = client.webSocket();
    socket = ws;
    ws.textMessageHandler(this::onFrame);
    ws.closeHandler(v -> closed(ws, onLost));
    // since=0 on the first connect too: the tab wants every event of its user, even one stored
    // between this upgrade and its READY (the soak's payments may already flow by then)
    String uri = "/notifications/ws?token=" + Tokens.valid(userId) + "&since=" + highest;
    ws.connect(port, "127.0.0.1", uri).onSuccess(v -> upgraded(ws)).onFailure(e -> closed(ws, onLost));
    return true;
  }

  private synchronized void upgraded(ClientWebSocket ws) {
    connected = ws == socket;
  }

  /** The tab goes away (the shopper closed it, the laptop slept); it comes back with {@link #connect}. */
  synchronized boolean disconnect() {
    if (!open || !connected || closing) {
      return false;
    }
    closing = true;
    socket.close();
    return true;
  }

  private synchronized void closed(ClientWebSocket ws, Runnable onLost) {
    if (ws != socket || !open) {
      return;
    }
    open = false;
    if (!closing) {
      onLost.run();
    }
  }

  private synchronized void onFrame(String text) {
    JsonObject frame = new JsonObject(text);
    Long seq = frame.getLong("seq");
    if (seq == null) {
      return;
    }
    if (!seen.add(seq)) {
      duplicates++;
    }
    highest = Math.max(highest, seq);
  }

  synchronized boolean isOpen() {
    return open;
  }

  synchronized long highest() {
    return highest;
  }

  synchronized int duplicates() {
    return duplicates;
  }

  /** Reconnections after the first connect. */
  synchronized int reconnects() {
    return Math.max(0, connects - 1);
  }

  /** Seqs from 1 to {@code stored} that this tab never received. */
  synchronized List<Long> missing(long stored) {
    List<Long> missing = new ArrayList<>();
    for (long s = 1; s <= stored; s++) {
      if (!seen.contains(s)) {
        missing.add(s);
      }
    }
    return missing;
  }
}
