package io.paynotify.notify;

import io.paynotify.db.IdempotencyKeys;
import io.paynotify.metrics.NodeMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The per-user event log: seq allocation, append, replay. */
public final class EventStore {

  private static final String NEXT_SEQ = """
      INSERT INTO accounts (user_id, last_seq) VALUES ($1, 1)
      ON CONFLICT (user_id) DO UPDATE SET last_seq = accounts.last_seq + 1, updated_at = now()
      RETURNING last_seq""";
  private static final String APPEND = "INSERT INTO events (user_id, seq, type, data) VALUES ($1, $2, $3, $4)";
  private static final String LAST_SEQ = "SELECT last_seq FROM accounts WHERE user_id = $1";
  private static final String POSITIONS = "SELECT user_id, last_seq FROM accounts WHERE user_id = ANY($1)";
  // the clock's row is always there, with or without recent events; through events_by_age
  private static final String RECENT_SEQS = """
      SELECT clock.now, recent.user_id, recent.seq FROM (SELECT now()) AS clock (now) LEFT JOIN (
        SELECT user_id, max(seq) AS seq FROM events WHERE created_at >= $1 GROUP BY user_id) AS recent ON true""";
  private static final String RESUME_POINT = """
      SELECT last_seq, (SELECT min(seq) FROM events WHERE user_id = $1 AND seq > $2) FROM accounts WHERE user_id = $1""";
  private static final String RESUME_POINTS = """
      SELECT s.user_id, s.since, a.last_seq,
        CASE WHEN s.since < 0 THEN NULL
          ELSE (SELECT min(e.seq) FROM events e WHERE e.user_id = s.user_id AND e.seq > s.since) END
      FROM unnest($1::text[], $2::bigint[]) AS s(user_id, since) JOIN accounts a ON a.user_id = s.user_id""";
  private static final String AFTER = """
      SELECT seq, type, data FROM events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

  private static final String EPOCH = "SELECT epoch FROM log_meta";

  private final Pool pool;
  private final NodeMetrics metrics;

  public EventStore(Pool pool, NodeMetrics metrics) {
    this.pool = pool;
    this.metrics = metrics;
  }

  /**
   * Appends an event inside the caller's transaction. The account row it locks serializes every
   * writer of that user, so seqs are gap-free and commit in order.
   */
  public static Future<UserEvent> append(SqlClient tx, String userId, String type, JsonObject data) {
    return tx.preparedQuery(NEXT_SEQ).execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(seq -> appendAt(tx, userId, seq, type, data));
  }

  /**
   * Appends an event with a seq the caller already took inside its transaction, in the same statement
   * that locked the user's account row and raised {@code accounts.last_seq} to {@code seq}.
   */
  public static Future<UserEvent> appendAt(SqlClient tx, String userId, long seq, String type, JsonObject data) {
    return tx.preparedQuery(APPEND).execute(Tuple.of(userId, seq, type, data))
        .map(done -> new UserEvent(userId, seq, type, data));
  }

  /** Appends an event in a transaction of its own. */
  public Future<UserEvent> append(String userId, String type, JsonObject data) {
    return pool.withTransaction(tx -> append(tx, userId, type, data)).onSuccess(event -> metrics.eventStored());
  }

  /**
   * Appends an event once per {@code Idempotency-Key}: a repeat of the key (with the same request)
   * stores nothing and gets the first answer ({@code 202 {"seq":n}}); another request under it is 422.
   */
  public Future<IdempotencyKeys.Reply<UserEvent>> appendOnce(String userId, String type, JsonObject data, String key) {
    String fingerprint = IdempotencyKeys.fingerprint(userId, type, data.encode());
    return pool.withTransaction(tx -> IdempotencyKeys.once(tx, "notify", key, fingerprint,
            () -> append(tx, userId, type, data).map(e -> new IdempotencyKeys.Reply<>(202,
                new JsonObject().put("seq", e.seq()), e))))
        .onSuccess(reply -> {
          if (reply.event() != null) {
            metrics.eventStored();
          }
        });
  }

  /** The name of this event log, fixed when the schema was created (READY's {@code epoch}). */
  public Future<String> epoch() {
    return pool.query(EPOCH).execute().map(rows -> rows.iterator().next().getString(0));
  }

  /** The newest seq stored for the user; 0 when none. */
  public Future<Long> lastSeq(String userId) {
    return pool.preparedQuery(LAST_SEQ).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /**
   * Where a resume after {@code since} starts: the newest seq and whether every event after
   * {@code since} still exists ({@code recovered}: false when retention deleted some of them, i.e.
   * the first stored event after {@code since} is not {@code since + 1} while {@code lastSeq > since}).
   */
  public record ResumePoint(long lastSeq, boolean recovered) { }

  /** The resume point after {@code since}; null {@code since}: a fresh start, always recovered. */
  public Future<ResumePoint> resumePoint(String userId, Long since) {
    if (since == null) {
      return lastSeq(userId).map(last -> new ResumePoint(last, true));
    }
    return pool.preparedQuery(RESUME_POINT).execute(Tuple.of(userId, since)).map(rows -> {
      if (rows.size() == 0) {
        return new ResumePoint(0, true);
      }
      Row row = rows.iterator().next();
      return point(row.getLong(0), since, row.getLong(1));
    });
  }

  /** A resume point asked for in a batch: {@code since} null for a fresh start. */
  public record ResumeKey(String userId, Long since) { }

  /** The resume points of many sockets in one query; a user without any event is absent (lastSeq 0). */
  public Future<Map<ResumeKey, ResumePoint>> resumePoints(List<ResumeKey> keys) {
    String[] users = keys.stream().map(ResumeKey::userId).toArray(String[]::new);
    Long[] sinces = keys.stream().map(k -> k.since() == null ? -1L : k.since()).toArray(Long[]::new);
    return pool.preparedQuery(RESUME_POINTS).execute(Tuple.tuple().addArrayOfString(users).addArrayOfLong(sinces)).map(rows -> {
      Map<ResumeKey, ResumePoint> points = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        long raw = row.getLong(1);
        Long since = raw < 0 ? null : raw;
        points.put(new ResumeKey(row.getString(0), since), point(row.getLong(2), since, row.getLong(3)));
      }
      return points;
    });
  }

  /** Recovered: a fresh start, nothing after {@code since}, or the first stored event after it is {@code since + 1}. */
  private static ResumePoint point(long last, Long since, Long first) {
    return new ResumePoint(last, since == null || last <= since || first != null && first == since + 1);
  }

  /** The newest stored seq of each of these users that has one (one query, for the position check). */
  public Future<Map<String, Long>> lastSeqs(List<String> userIds) {
    return pool.preparedQuery(POSITIONS).execute(Tuple.of(userIds.toArray(new String[0]))).map(rows -> {
      Map<String, Long> positions = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        positions.put(row.getString(0), row.getLong(1));
      }
      return positions;
    });
  }

  /** What {@link #recentSeqs} answers: the database's clock, and the newest seq of each user it found. */
  public record RecentSeqs(Instant now, Map<String, Long> lastSeqs) { }

  /**
   * The newest seq of each user with an event created at or after {@code from} (the database's clock),
   * and the database's clock itself, in one query (for the position check, which starts its next
   * window from that clock, never from this node's). A null {@code from} asks for the clock alone.
   */
  public Future<RecentSeqs> recentSeqs(Instant from) {
    OffsetDateTime bound = from == null ? null : from.atOffset(ZoneOffset.UTC);
    return pool.preparedQuery(RECENT_SEQS).execute(Tuple.of(bound)).map(rows -> {
      Instant now = null;
      Map<String, Long> seqs = new HashMap<>();
      for (Row row : rows) {
        now = row.getOffsetDateTime(0).toInstant();
        if (row.getString(1) != null) {
          seqs.put(row.getString(1), row.getLong(2));
        }
      }
      return new RecentSeqs(now, seqs);
    });
  }

  /** Up to {@code limit} events with {@code seq > since}, oldest first. */
  public Future<List<UserEvent>> after(String userId, long since, int limit) {
    return pool.preparedQuery(AFTER).execute(Tuple.of(userId, since, limit)).map(rows -> {
      List<UserEvent> events = new ArrayList<>(rows.size());
      for (Row row : rows) {
        events.add(new UserEvent(userId, row.getLong("seq"), row.getString("type"), (JsonObject) row.getValue("data")));
      }
      return events;
    });
  }
}
