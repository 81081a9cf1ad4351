package io.paynotify.db;

import io.paynotify.error.AppException;
import io.paynotify.error.ErrorCode;
import io.paynotify.notify.UserEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} of the internal API, inside the caller's transaction: the first request
 * under a key does its work and its answer is stored with the key in the same commit; a repeat gets
 * that answer and does nothing; another request under the same key is 422. A concurrent repeat waits
 * on the key's row (the unique index) until the first commits, then gets its answer.
 */
public final class IdempotencyKeys {

  /** The longest key accepted (CONTRACT §6). */
  public static final int MAX_KEY = 255;

  private static final String CLAIM = """
      INSERT INTO idempotency_keys (scope, key, request_hash) VALUES ($1, $2, $3)
      ON CONFLICT (scope, key) DO NOTHING RETURNING true""";
  private static final String ANSWER = "UPDATE idempotency_keys SET status = $3, response = $4 WHERE scope = $1 AND key = $2";
  private static final String FIRST = "SELECT request_hash, status, response FROM idempotency_keys WHERE scope = $1 AND key = $2";

  /** An answer: HTTP status and body; {@code event} is what the work stored (to publish after commit), null on a repeat. */
  public record Reply(int status, JsonObject body, UserEvent event) { }

  private IdempotencyKeys() {
  }

  /** A key as sent: 1–255 visible ASCII characters, else 400. */
  public static String checked(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw AppException.badRequest("an Idempotency-Key header of 1 to " + MAX_KEY + " visible ASCII characters is required");
    }
    return key;
  }

  /** A fingerprint of a request's meaning (its parts joined), to tell a repeat from another request. */
  public static String fingerprint(String... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  /** Runs {@code work} once per {@code scope} and {@code key}, in {@code tx}. */
  public static Future<Reply> once(SqlConnection tx, String scope, String key, String fingerprint,
                                   Supplier<Future<Reply>> work) {
    return tx.preparedQuery(CLAIM).execute(Tuple.of(scope, key, fingerprint)).compose(rows -> rows.size() > 0
        ? work.get().compose(reply -> tx.preparedQuery(ANSWER)
            .execute(Tuple.of(scope, key, reply.status(), reply.body())).map(reply))
        : first(tx, scope, key, fingerprint));
  }

  private static Future<Reply> first(SqlConnection tx, String scope, String key, String fingerprint) {
    return tx.preparedQuery(FIRST).execute(Tuple.of(scope, key)).map(rows -> {
      var row = rows.iterator().next();
      if (!fingerprint.equals(row.getString("request_hash"))) {
        throw new AppException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
            "this Idempotency-Key was used for another request; use a new key");
      }
      return new Reply(row.getInteger("status"), (JsonObject) row.getValue("response"), null);
    });
  }
}
