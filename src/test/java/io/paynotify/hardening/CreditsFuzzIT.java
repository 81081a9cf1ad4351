package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Fixture;
import io.paynotify.support.RawHttp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeded fuzzing of the credits API with the right token: random and mutated bodies, amounts, keys and
 * user ids, every one of them invalid. Each gets a 4xx in the one error shape, and no balance, event
 * or key is stored.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 180, timeUnit = TimeUnit.SECONDS)
class CreditsFuzzIT {

  private static final Logger LOG = LoggerFactory.getLogger(CreditsFuzzIT.class);
  static final long SEED = Long.getLong("fuzz.seed", 20261203L);
  static final int CASES = 600;
  static final Object[] BAD_AMOUNTS = {0, 1.5, -0.5, "1", "-1", null, true, new JsonObject(), 1_000_000_001L,
      -1_000_000_001L, Long.MAX_VALUE, "NaN", 1e30};
  static final String[] BAD_USERS = {"u".repeat(129), "%00", "a%0Db", "%20%20", "%7F", "x%09y"};

  static Fixture fx;

  @BeforeAll
  static void start(Vertx vertx) {
    fx = Fixture.start(vertx, "creditsfuzz", Map.of("INTERNAL_API_TOKEN", Fixture.INTERNAL_TOKEN));
  }

  @AfterAll
  static void stop() {
    fx.close();
  }

  @Test
  void invalidChangesAre4xxInOneShapeAndChangeNothing() {
    Random random = new Random(SEED);
    Map<Integer, Integer> statuses = new TreeMap<>();
    for (int i = 0; i < CASES; i++) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Authorization", "Bearer " + Fixture.INTERNAL_TOKEN);
      headers.put("content-type", random.nextInt(10) == 0 ? "text/plain" : "application/json");
      String user = "fuzz-user";
      String key = "key-" + i;
      String body = valid();
      switch (random.nextInt(4)) {
        case 0 -> body = badBody(random);
        case 1 -> key = badKey(random);
        case 2 -> user = BAD_USERS[random.nextInt(BAD_USERS.length)];
        default -> body = new JsonObject().put("amount", BAD_AMOUNTS[random.nextInt(BAD_AMOUNTS.length)])
            .put("reason", "x").encode();
      }
      if (key != null) {
        headers.put("Idempotency-Key", key);
      }
      RawHttp.Answer answer = RawHttp.send(fx.port(), "POST", "/internal/users/" + user + "/credits", headers,
          body);
      statuses.merge(answer.status(), 1, Integer::sum);
      assertThat(answer.status()).as("case %d (seed %d): %s %s %s", i, SEED, user, key, body).isIn(400, 413, 415);
      assertThat(new JsonObject(answer.body()).getString("error")).isNotBlank();
    }
    LOG.info("credits fuzz seed {}: {} cases; statuses {}", SEED, CASES, statuses);
    assertThat(fx.db.count("SELECT count(*) FROM accounts")).isZero();
    assertThat(fx.db.count("SELECT count(*) FROM events")).isZero();
    assertThat(fx.db.count("SELECT count(*) FROM idempotency_keys")).isZero();
  }

  static String valid() {
    return new JsonObject().put("amount", 1).put("reason", "fuzz").encode();
  }

  static String badBody(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "[1,2]";
      case 2 -> valid().substring(0, 1 + random.nextInt(valid().length() - 2));
      case 3 -> new JsonObject().put("amount", 1).put("reason", "r".repeat(65 + random.nextInt(100))).encode();
      case 4 -> new JsonObject().put("amount", 1).put("reason", "a" + (char) random.nextInt(32) + "b").encode();
      default -> "x".repeat(5000 + random.nextInt(70_000));
    };
  }

  static String badKey(Random random) {
    return switch (random.nextInt(3)) {
      case 0 -> null;
      case 1 -> "k".repeat(256 + random.nextInt(500));
      default -> "k" + new String(new byte[] {(byte) (0x80 + random.nextInt(0x7f))}, StandardCharsets.ISO_8859_1) + "k";
    };
  }
}
