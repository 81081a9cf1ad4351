package io.paynotify.notify;

import io.paynotify.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
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
  private static final String LAST_SEQS = "SELECT user_id, last_seq FROM accounts WHERE user_id = ANY($1)";
  private static final String AFTER = """
      SELECT seq, type, data FROM events WHERE user_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";

  private final Pool pool;

  public EventStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Appends an event inside the caller's transaction. The account row it locks serializes every
   * writer of that user, so seqs are gap-free and commit in order.
   */
  public static Future<UserEvent> append(SqlClient tx, String userId, String type, JsonObject data) {
    return tx.preparedQuery(NEXT_SEQ).execute(Tuple.of(userId))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(seq -> tx.preparedQuery(APPEND).execute(Tuple.of(userId, seq, type, data))
            .map(done -> new UserEvent(userId, seq, type, data)));
  }

  /** Appends an event in a transaction of its own. */
  public Future<UserEvent> append(String userId, String type, JsonObject data) {
    return pool.withTransaction(tx -> append(tx, userId, type, data)).onSuccess(event -> Metrics.eventStored());
  }

  /** The newest seq stored for the user; 0 when none. */
  public Future<Long> lastSeq(String userId) {
    return pool.preparedQuery(LAST_SEQ).execute(Tuple.of(userId))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /** The newest seq stored for each of these users that has any (one query, for batched reads). */
  public Future<Map<String, Long>> lastSeqs(List<String> userIds) {
    return pool.preparedQuery(LAST_SEQS).execute(Tuple.of(userIds.toArray(new String[0]))).map(rows -> {
      Map<String, Long> seqs = new HashMap<>(rows.size() * 2);
      for (Row row : rows) {
        seqs.put(row.getString(0), row.getLong(1));
      }
      return seqs;
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
