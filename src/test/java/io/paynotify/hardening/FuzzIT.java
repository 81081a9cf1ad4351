package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.config.Plan;
import io.paynotify.dev.FakePayments;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawHttp;
import io.paynotify.support.RawSocket;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of the two doors a stranger can knock on: random and mutated webhook requests, and
 * random WebSocket frames. No 5xx but 503, no credit, no event, and a healthy tab keeps working.
 */
@ExtendWith(VertxExtension.class)
class FuzzIT {

  private static final Logger LOG = LoggerFactory.getLogger(FuzzIT.class);
  static final long SEED = Long.getLong("fuzz.seed", 20261128L);
  static final int WEBHOOK_CASES = 2500;
  static final int SOCKET_CASES = 400;
  static final int REQUEST_CASES = 600;

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("fuzz");
  static String victimPayment;

  @BeforeAll
  static void victim() {
    victimPayment = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(victimPayment, "victim", new Plan("addon_10", 10, new BigDecimal("4500.00"), "ARS"),
        "approved"));
  }

  @Test
  void strangersCannotCrashCreditOrPublishWhileAHealthyTabKeepsWorking() {
    Random random = new Random(SEED);
    WebhookFuzz webhooks = new WebhookFuzz(random, victimPayment, TestNode.WEBHOOK_SECRET);
    FrameFuzz frames = new FrameFuzz(random);
    Map<Integer, Integer> statuses = new TreeMap<>();
    Map<Integer, Integer> outcomes = new TreeMap<>();
    long started = System.nanoTime();
    try (Tab healthy = Tab.open(fx.vertx(), fx.port(), Tokens.valid("victim"))) {
      healthy.ready();
      int webhooksSent = 0;
      int socketsOpened = 0;
      for (int i = 0; webhooksSent < WEBHOOK_CASES || socketsOpened < SOCKET_CASES; i++) {
        if (socketsOpened < SOCKET_CASES && (i % 7 == 6 || webhooksSent == WEBHOOK_CASES)) {
          socketsOpened++;
          outcomes.merge(socketCase(frames, i), 1, Integer::sum);
        } else {
          webhooksSent++;
          WebhookFuzz.Request r = webhooks.next();
          RawHttp.Answer answer = RawHttp.send(fx.port(), "POST", r.uri(), r.headers(), r.body());
          statuses.merge(answer.status(), 1, Integer::sum);
          assertThat(answer.status()).as("case %d (seed %d): %s", i, SEED, r).isNotIn(500, 501, 502, 504)
              .matches(s -> s > 0 || r.body().length > 65_536 || r.headers().toString().length() > 8000,
                  "an answer, unless the request was too large to be read");
          if (answer.status() >= 400) {
            assertThat(new JsonObject(answer.body()).getString("error")).as("one shape, case %d", i).isNotBlank();
          }
        }
        if (i % 100 == 0) {
          assertHealthy(healthy);
        }
      }
      assertHealthy(healthy);
      assertThat(healthy.events()).as("no event reached the victim").isEmpty();
      assertThat(healthy.closeCode()).isNull();
    }
    LOG.info("fuzz seed {}: {} cases in {} ms; webhook statuses {}; socket outcomes (0 = still open) {}", SEED,
        WEBHOOK_CASES + SOCKET_CASES, (System.nanoTime() - started) / 1_000_000, statuses, outcomes);
    assertThat(fx.http().credits(fx.port(), "victim")).isZero();
    assertThat(fx.db().count("SELECT count(*) FROM events")).isZero();
    assertThat(fx.db().count("SELECT count(*) FROM accounts WHERE credits <> 0")).isZero();
    assertThat(fx.mp().fetches()).as("no fuzzed notification passed the signature check").isZero();
  }

  /** One stranger's socket: random frames, then a PING; 0 when it is still open (PONG), else its close code. */
  private int socketCase(FrameFuzz frames, int i) {
    try (RawSocket socket = RawSocket.open(fx.port(), Tokens.valid("stranger-" + i))) {
      assertThat(socket.status()).isEqualTo(101);
      assertThat(socket.readText().text()).contains("READY");
      int expected = frames.sendSome(socket);
      if (expected == 0) {
        socket.sendText("{\"type\":\"PING\"}");
      }
      int outcome = -1;
      for (RawSocket.Frame f = socket.readMessage(); f != null; f = socket.readMessage()) {
        if (f.opcode() == RawSocket.CLOSE) {
          outcome = f.closeCode();
          break;
        }
        boolean pong = f.opcode() == RawSocket.TEXT && f.text().equals("{\"type\":\"PONG\"}");
        if (pong && expected == 0) {
          outcome = 0;
          break;
        }
        assertThat(pong || f.opcode() == RawSocket.PING || f.opcode() == RawSocket.PONG)
            .as("a stranger receives nothing but PONG").isTrue();
      }
      // Codec-level violations are refused by Netty, after which Vert.x drops the connection at once:
      // the 1002 we answer with is best effort (-1: dropped without it). Our own checks close cleanly.
      assertThat(outcome).as("case %d (seed %d), frames %s", i, SEED, frames.lastSent())
          .isIn(expected == 1002 ? List.of(1002, -1) : List.of(expected));
      return outcome;
    }
  }

  @Test
  void fuzzedMethodsPathsAndSubsNeitherCreateMetricSeriesNorAUserWithAControlCharacter() {
    Random random = new Random(SEED + 1);
    RequestFuzz fuzz = new RequestFuzz(random);
    java.util.Set<String> sentMethods = new java.util.TreeSet<>();
    for (int i = 0; i < REQUEST_CASES; i++) {
      RequestFuzz.Request r = fuzz.next();
      sentMethods.add(r.method());
      RawHttp.Answer answer = RawHttp.send(fx.port(), r.method(), r.uri(), r.headers(), "");
      assertThat(answer.status()).as("case %d (seed %d): %s", i, SEED, r).isNotIn(500, 501, 502, 504);
      if (r.sub() != null && r.uri().equals("/users/me/credits") && r.method().equals("GET")) {
        assertThat(answer.status()).as("sub %s", io.paynotify.logging.Escaped.line(r.sub()))
            .isEqualTo(io.paynotify.notify.EventTypes.isUserId(r.sub()) ? 200 : 401);
      }
    }
    String scrape = fx.http().get(fx.port(), "/metrics", null).body();
    java.util.Set<String> labelled = new java.util.TreeSet<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("method=\"([^\"]*)\"").matcher(scrape);
    while (m.find()) {
      labelled.add(m.group(1));
    }
    assertThat(labelled).as("methods sent: %s", sentMethods)
        .isSubsetOf("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "other");
    assertThat(fx.db().count("SELECT count(*) FROM accounts WHERE user_id ~ '[[:cntrl:]]'")).isZero();
  }

  private static void assertHealthy(Tab tab) {
    int pongs = (int) tab.frames().stream().filter(f -> "PONG".equals(f.getString("type"))).count();
    tab.socket().writeTextMessage("{\"type\":\"PING\"}");
    tab.awaitFrame(f -> "PONG".equals(f.getString("type")) && tab.frames().stream()
        .filter(g -> "PONG".equals(g.getString("type"))).count() > pongs, Duration.ofSeconds(10));
  }

}
