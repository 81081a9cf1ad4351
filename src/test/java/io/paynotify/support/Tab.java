package io.paynotify.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A browser tab: a real WebSocket client that keeps every frame it receives. */
public final class Tab implements AutoCloseable {

  private static final Duration POLL = Duration.ofMillis(10);

  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> frames = new CopyOnWriteArrayList<>();
  private volatile Short closeCode;
  private volatile String closeReason;

  private Tab(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
  }

  public static Tab open(Vertx vertx, int port, String token) {
    return withQuery(vertx, port, "token=" + encode(token));
  }

  public static Tab resume(Vertx vertx, int port, String token, long since) {
    return withQuery(vertx, port, "token=" + encode(token) + "&since=" + since);
  }

  /** Opens a tab with this query string; fails with the HTTP status when the upgrade is refused. */
  public static Tab withQuery(Vertx vertx, int port, String query) {
    return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/notifications/ws" + (query.isEmpty() ? "" : "?" + query))).await();
  }

  /**
   * Connects a tab. Its handlers are in place before the connection is: set after the connect future
   * completes, they could miss a frame (READY) that arrives in between, and the tab would wait for it
   * in vain.
   */
  public static Future<Tab> connect(Vertx vertx, WebSocketConnectOptions options) {
    return connect(vertx, new WebSocketClientOptions(), options);
  }

  /** The same with a client of these options ({@code wss}: SSL on, and what it trusts). */
  public static Future<Tab> connect(Vertx vertx, WebSocketClientOptions clientOptions, WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions(clientOptions)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    ClientWebSocket ws = client.webSocket();
    Tab tab = new Tab(client, ws);
    ws.textMessageHandler(text -> tab.frames.add(new JsonObject(text)));
    ws.closeHandler(v -> {
      tab.closeCode = ws.closeStatusCode();
      tab.closeReason = ws.closeReason();
    });
    return ws.connect(options).map(tab);
  }

  /** The HTTP status with which the upgrade is refused, or 101 when it is accepted. */
  public static int upgradeStatus(Vertx vertx, int port, WebSocketConnectOptions options) {
    try {
      Tab tab = connect(vertx, options.setHost("127.0.0.1").setPort(port)).await();
      tab.close();
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    }
  }

  public static int upgradeStatus(Vertx vertx, int port, String query) {
    return upgradeStatus(vertx, port, new WebSocketConnectOptions()
        .setURI("/notifications/ws" + (query.isEmpty() ? "" : "?" + query)));
  }

  public static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  public WebSocket socket() {
    return socket;
  }

  public List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  /** Frames that carry a seq: the events. */
  public List<JsonObject> events() {
    return frames.stream().filter(f -> f.containsKey("seq")).toList();
  }

  public JsonObject ready() {
    return awaitFrame(f -> "READY".equals(f.getString("type")), Duration.ofSeconds(10));
  }

  public JsonObject awaitEvent(String type) {
    return awaitFrame(f -> type.equals(f.getString("type")), Duration.ofSeconds(10));
  }

  /** Waits for the first frame matching {@code predicate}. */
  public JsonObject awaitFrame(Predicate<JsonObject> predicate, Duration timeout) {
    await().atMost(timeout).pollInterval(POLL).untilAsserted(() -> assertThat(frames).anyMatch(predicate));
    return frames.stream().filter(predicate).findFirst().orElseThrow();
  }

  /** Waits until the tab holds {@code n} events. */
  public List<JsonObject> awaitEvents(int n) {
    await().atMost(Duration.ofSeconds(15)).pollInterval(POLL)
        .untilAsserted(() -> assertThat(events()).as(() -> "events; frames " + frames).hasSizeGreaterThanOrEqualTo(n));
    return events();
  }

  /** Waits for the server to close the socket; returns the close code. */
  public short awaitClose(Duration timeout) {
    await().atMost(timeout).pollInterval(POLL)
        .untilAsserted(() -> assertThat(closeCode).as(() -> "close code; frames " + frames).isNotNull());
    return closeCode;
  }

  public Short closeCode() {
    return closeCode;
  }

  public String closeReason() {
    return closeReason;
  }

  @Override
  public void close() {
    try {
      socket.close().await(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // already closed
    }
    client.close();
  }
}
