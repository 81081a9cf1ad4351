package io.paynotify.ops;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code GET /ready}: 200 when PostgreSQL answers {@code SELECT 1} quickly, the node is a cluster
 * member (when clustered) and it is not draining; otherwise 503 naming what is down.
 */
public final class Readiness {

  private static final long DB_TIMEOUT_MILLIS = 1500;
  private static final long CHECK_TIMEOUT_MILLIS = 2000;

  private final HealthChecks checks;
  /** 1 when the last check (a probe or a metrics scrape) found the node ready, else 0. */
  private volatile int lastUp;

  public Readiness(Vertx vertx, Pool pool, HazelcastClusterManager cluster, BooleanSupplier draining) {
    checks = HealthChecks.create(vertx);
    checks.register("database", CHECK_TIMEOUT_MILLIS, p -> database(pool, p));
    if (cluster != null) {
      checks.register("cluster", CHECK_TIMEOUT_MILLIS, p -> p.complete(cluster(cluster)));
    }
    checks.register("accepting", CHECK_TIMEOUT_MILLIS,
        p -> p.complete(draining.getAsBoolean() ? Status.KO(new JsonObject().put("reason", "shutting down")) : Status.OK()));
  }

  private static void database(Pool pool, Promise<Status> promise) {
    pool.query("SELECT 1").execute()
        .timeout(DB_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .onSuccess(rows -> promise.complete(Status.OK()))
        .onFailure(e -> promise.complete(Status.KO(new JsonObject().put("reason", e.getClass().getSimpleName()))));
  }

  private static Status cluster(HazelcastClusterManager cluster) {
    try {
      if (cluster.isActive() && cluster.getNodes().contains(cluster.getNodeId())) {
        return Status.OK(new JsonObject().put("members", cluster.getNodes().size()));
      }
    } catch (RuntimeException e) {
      // Hazelcast is shutting down or gone: not a member
    }
    return Status.KO(new JsonObject().put("reason", "not a cluster member"));
  }

  /** The check results as {@code {"status":"UP"|"DOWN","checks":{...},"clusterMembers":n,"down":[...]}}. */
  public Future<JsonObject> check() {
    return checks.checkStatus().map(result -> {
      JsonObject detail = new JsonObject();
      JsonArray down = new JsonArray();
      Integer members = null;
      for (CheckResult check : result.getChecks()) {
        boolean up = CheckResult.isUp(check);
        detail.put(check.getId(), up ? "UP" : "DOWN");
        if (check.getData() != null && check.getData().containsKey("members")) {
          members = check.getData().getInteger("members");
        }
        if (!up) {
          down.add(check.getId());
        }
      }
      lastUp = down.isEmpty() ? 1 : 0;
      JsonObject body = new JsonObject().put("status", down.isEmpty() ? "UP" : "DOWN").put("checks", detail);
      if (members != null) {
        body.put("clusterMembers", members);
      }
      return body.put("down", down);
    });
  }

  int lastUp() {
    return lastUp;
  }

  void handle(RoutingContext ctx) {
    check().onComplete(ar -> {
      JsonObject body = ar.succeeded() ? ar.result()
          : new JsonObject().put("status", "DOWN").put("down", new JsonArray().add("checks"));
      boolean up = "UP".equals(body.getString("status"));
      if (!up) {
        body.put("error", "unavailable").put("message", "not ready: " + String.join(", ", body.getJsonArray("down").getList()));
      }
      ctx.response().setStatusCode(up ? 200 : 503).putHeader("content-type", "application/json")
          .putHeader("cache-control", "no-store").end(body.encode());
    });
  }
}
