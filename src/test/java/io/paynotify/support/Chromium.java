package io.paynotify.support;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real headless Chromium (Debian's {@code chromium}), driven over the DevTools protocol: navigate,
 * evaluate JavaScript, wait for a page condition. No driver binaries, no downloads.
 */
public final class Chromium implements AutoCloseable {

  private static final String BINARY = "/usr/bin/chromium";

  private final Process process;
  private final Path profile;
  private final WebSocketClient client;
  private final WebSocket page;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, Promise<JsonObject>> pending = new ConcurrentHashMap<>();

  private Chromium(Process process, Path profile, WebSocketClient client, WebSocket page) {
    this.process = process;
    this.profile = profile;
    this.client = client;
    this.page = page;
    page.textMessageHandler(this::onMessage);
  }

  public static boolean installed() {
    return Files.isExecutable(Path.of(BINARY));
  }

  public static Chromium launch(Vertx vertx) throws IOException {
    Path profile = Files.createTempDirectory("paynotify-chromium");
    Process process = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--remote-allow-origins=*", "--remote-debugging-port=0",
        "--user-data-dir=" + profile, "about:blank").redirectErrorStream(true).start();
    String browserUrl = devToolsUrl(process);
    URI uri = URI.create(browserUrl);
    Http http = new Http(vertx);
    Http.Response targets = http.get(uri.getPort(), "/json/list", null);
    http.close();
    String pageUrl = new JsonArray(targets.body()).stream().map(JsonObject.class::cast)
        .filter(t -> "page".equals(t.getString("type"))).findFirst().orElseThrow().getString("webSocketDebuggerUrl");
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(16 << 20)
        .setMaxMessageSize(16 << 20));
    WebSocket page = client.connect(uri.getPort(), "127.0.0.1", URI.create(pageUrl).getPath()).await();
    return new Chromium(process, profile, client, page);
  }

  private static String devToolsUrl(Process process) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    for (String line; (line = out.readLine()) != null; ) {
      int at = line.indexOf("ws://");
      if (line.contains("DevTools listening on") && at >= 0) {
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "chromium-output");
        drain.setDaemon(true);
        drain.start();
        return line.substring(at).trim();
      }
      seen.append(line).append('\n');
    }
    throw new IOException("chromium exited without a DevTools endpoint:\n" + seen);
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonObject call(String method, JsonObject params) {
    int id = ids.incrementAndGet();
    Promise<JsonObject> answer = Promise.promise();
    pending.put(id, answer);
    page.writeTextMessage(new JsonObject().put("id", id).put("method", method).put("params", params).encode());
    try {
      return answer.future().await(20, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("chromium did not answer " + method);
    }
  }

  public void navigate(String url) {
    call("Page.navigate", new JsonObject().put("url", url));
  }

  /** Evaluates a JavaScript expression in the page; returns its JSON value (null when undefined). */
  public Object eval(String expression) {
    JsonObject result = call("Runtime.evaluate", new JsonObject().put("expression", expression)
        .put("returnByValue", true).put("awaitPromise", true));
    if (result.containsKey("exceptionDetails")) {
      return null;
    }
    return result.getJsonObject("result").getValue("value");
  }

  /** Waits until the expression's value satisfies {@code condition}; returns that value. */
  public Object awaitValue(String expression, Predicate<Object> condition, Duration timeout) {
    Object[] last = new Object[1];
    Waits.until(() -> condition.test(last[0] = eval(expression)), timeout,
        () -> "page value of `" + expression + "` is " + last[0]);
    return last[0];
  }

  private void onMessage(String text) {
    JsonObject message = new JsonObject(text);
    Integer id = message.getInteger("id");
    if (id != null) {
      Promise<JsonObject> answer = pending.remove(id);
      if (answer != null) {
        answer.complete(message.containsKey("error") ? new JsonObject().put("exceptionDetails", message.getValue("error"))
            : message.getJsonObject("result", new JsonObject()));
      }
    }
  }

  @Override
  public void close() throws IOException {
    page.close();
    client.close();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
