package io.paynotify.browser;

import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A shop's site on its own origin, as a real shop would have it: a page that imports
 * {@code /paynotify.js} from the node (cross-origin, so CORS is exercised) and mints user tokens at
 * {@code /token?user=}. Tests queue the next tokens of a user (one about to expire, say). It also
 * has a WebSocket endpoint that closes every socket with 4501, and counts the upgrades it saw.
 */
final class TestSite implements AutoCloseable {

  private final HttpServer server;
  private final Map<String, Queue<Supplier<String>>> queued = new ConcurrentHashMap<>();
  private final AtomicInteger closedWith4501 = new AtomicInteger();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> tokensServed = new ConcurrentHashMap<>();
  private final Map<String, Long> failingUntil = new ConcurrentHashMap<>();
  private final Queue<String> issued = new ConcurrentLinkedQueue<>();

  private TestSite(HttpServer server) {
    this.server = server;
  }

  static TestSite start(Vertx vertx) {
    TestSite[] site = new TestSite[1];
    // the client offers paynotify.v1 (with its token beside it): a server that answers no protocol fails its handshake
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setWebSocketSubProtocols(List.of("paynotify.v1")))
        .requestHandler(r -> site[0].handle(r))
        .webSocketHandler(ws -> {
          site[0].closedWith4501.incrementAndGet();
          ws.close((short) 4501, "not allowed here, do not come back");
        });
    site[0] = new TestSite(server);
    server.listen(0, "127.0.0.1").await();
    return site[0];
  }

  String origin() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The test page for {@code user}, its client connecting to {@code wsUrl} with the module of {@code nodePort}. */
  String page(int nodePort, String wsUrl, String user, boolean share) {
    return page(nodePort, wsUrl, user, share, "{}");
  }

  /** ... with more options of {@code connect} ({@code options}: a JSON object). */
  String page(int nodePort, String wsUrl, String user, boolean share, String options) {
    return origin() + "/page.html?lib=" + enc("http://127.0.0.1:" + nodePort + "/paynotify.js") + "&ws=" + enc(wsUrl)
        + "&user=" + enc(user) + "&share=" + share + "&options=" + enc(options);
  }

  /** Until {@code millis} from now, {@code /token?user=} answers 503 with an HTML error page for {@code user}. */
  void failTokens(String user, long millis) {
    failingUntil.put(user, System.currentTimeMillis() + millis);
  }

  /** Every token handed out so far. */
  List<String> issued() {
    return List.copyOf(issued);
  }

  String closingEndpoint() {
    return "ws://127.0.0.1:" + server.actualPort() + "/closes-with-4501";
  }

  int closedWith4501() {
    return closedWith4501.get();
  }

  /**
   * The next token {@code /token?user=} hands out for {@code user}, made when it is asked for (so a
   * short-lived one does not age while the page loads); afterwards valid ones again.
   */
  void nextToken(String user, Supplier<String> token) {
    queued.computeIfAbsent(user, u -> new ConcurrentLinkedQueue<>()).add(token);
  }

  /** From now on {@code /token?user=} answers 401 for {@code user} (signed out), once its queued tokens are out. */
  void signOut(String user) {
    refusals.put(user, "signed-out");
  }

  /** From now on every token of {@code user} is signed with a key the node does not know. */
  void badKeys(String user) {
    refusals.put(user, "bad-key");
  }

  int tokensServed(String user) {
    AtomicInteger n = tokensServed.get(user);
    return n == null ? 0 : n.get();
  }

  private void handle(HttpServerRequest request) {
    if (request.path().equals("/page.html")) {
      request.response().putHeader("content-type", "text/html; charset=utf-8").end(PAGE);
    } else if (request.path().equals("/token") && failing(request.getParam("user"))) {
      tokensServed.computeIfAbsent(request.getParam("user"), u -> new AtomicInteger()).incrementAndGet();
      request.response().setStatusCode(503).putHeader("content-type", "text/html")
          .end("<html><body><h1>503 Service Unavailable</h1></body></html>");
    } else if (request.path().equals("/token")) {
      String token = token(request.getParam("user"));
      if (token != null) {
        issued.add(token);
      }
      if (token == null) {
        request.response().setStatusCode(401).end();
      } else {
        request.response().putHeader("content-type", "text/plain").end(token);
      }
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private boolean failing(String user) {
    Long until = failingUntil.get(user);
    return until != null && System.currentTimeMillis() < until;
  }

  /** The user's next token: a queued one, else none (signed out), one with a foreign key, or a valid one. */
  private String token(String user) {
    tokensServed.computeIfAbsent(user, u -> new AtomicInteger()).incrementAndGet();
    Queue<Supplier<String>> q = queued.get(user);
    Supplier<String> next = q == null ? null : q.poll();
    String refusal = refusals.get(user);
    if (next != null) {
      return next.get();
    } else if ("signed-out".equals(refusal)) {
      return null;
    } else if ("bad-key".equals(refusal)) {
      long exp = System.currentTimeMillis() / 1000 + 3600;
      return Tokens.sign("not-the-node-key-0123456789", Tokens.claims(user).put("exp", exp));
    }
    return Tokens.valid(user);
  }


  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
  }

  /**
   * The page records every event, state change and error in {@code window.log}, and every URL its
   * scripts open (WebSocket and fetch) in {@code log.urls}. Its getToken is the naive one that
   * returns whatever the token endpoint answered (an error page included), except a 401.
   */
  private static final String PAGE = """
      <!doctype html>
      <meta charset="utf-8"><title>paynotify client test</title>
      <script type="module">
        const q = new URLSearchParams(location.search);
        const log = window.log = { events: [], states: [], errors: [], urls: [] };
        const RealSocket = window.WebSocket;
        window.WebSocket = class extends RealSocket {
          constructor(url, protocols) { log.urls.push(String(url)); super(url, protocols); }
        };
        const realFetch = window.fetch;
        window.fetch = (input, init) => { log.urls.push(String(input.url || input)); return realFetch(input, init); };
        const { connect } = await import(q.get('lib'));
        const user = q.get('user');
        const client = window.client = connect({
          ...JSON.parse(q.get('options') || '{}'),
          url: q.get('ws'), shareAcrossTabs: q.get('share') !== 'false',
          getToken: async () => {
            const r = await fetch('/token?user=' + encodeURIComponent(user));
            if (r.status === 401) throw Object.assign(new Error('signed out'), { status: 401 });
            return r.text();
          },
        });
        client.on('*', (e) => log.events.push(e));
        client.on('state', (s) => log.states.push(Object.assign({ at: Date.now() }, s)));
        client.on('error', (e) => log.errors.push({ kind: e.kind, message: e.message, fatal: e.fatal }));
      </script>
      """;

  @Override
  public void close() {
    server.close().await();
  }

  static JsonObject json(Object value) {
    return new JsonObject(String.valueOf(value));
  }
}
