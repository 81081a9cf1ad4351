package io.paynotify.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A reconnect storm: {@code kill -9} of the node holding the idle sockets; every generator reconnects
 * its sockets to the survivor with {@code since}. Meanwhile payments for those users go to the
 * survivor; each one accepted must reach its tab (live or replayed): the rest are lost.
 */
final class StormPhase {

  private static final double PAYMENTS_PER_SECOND = 100;

  private final Vertx vertx;
  private final Payments payments;
  private final List<GeneratorProcess> generators;
  private final Set<String> received;

  StormPhase(Vertx vertx, Payments payments, List<GeneratorProcess> generators, Set<String> received) {
    this.vertx = vertx;
    this.payments = payments;
    this.generators = generators;
    this.received = received;
  }

  JsonObject run(BenchNode victim, int survivorPort, int sockets) {
    Set<String> sent = ConcurrentHashMap.newKeySet();
    boolean[] stormOver = {false};
    generators.forEach(GeneratorProcess::failover);
    long kill = System.nanoTime();
    victim.kill();
    vertx.setPeriodic(1000 / (long) PAYMENTS_PER_SECOND, id -> {
      if (stormOver[0]) {
        vertx.cancelTimer(id);
      } else {
        payments.pay(randomUser(sockets), survivorPort, System.nanoTime()).onSuccess(sent::add);
      }
    });
    long lastReady = awaitAllReady(sockets, kill);
    stormOver[0] = true;
    double seconds = (lastReady - kill) / 1e9;
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!received.containsAll(sent) && System.nanoTime() < deadline) {
      Pause.millis(50);
    }
    List<String> missing = sent.stream().filter(id -> !received.contains(id)).toList();
    long lost = missing.size();
    System.out.printf("storm: %,d sockets READY on the survivor %.2f s after kill -9; %d events sent during the storm, %d lost%n",
        sockets, seconds, sent.size(), lost);
    if (!missing.isEmpty()) {
      lateOrLost(missing);
    }
    return new JsonObject().put("sockets", sockets).put("seconds", Math.round(seconds * 100) / 100.0).put("lost", lost)
        .put("eventsSent", sent.size());
  }

  /**
   * Tells a late event from a lost one: a webhook answered 200 may still be on its inbox's retries
   * (Mercado Pago's API slow under the storm), so the missing ones get 2 more minutes. Counted as
   * lost either way: the figure is what reached the tabs within a minute.
   */
  private void lateOrLost(List<String> missing) {
    System.out.println("storm: missing payment ids " + missing);
    long started = System.nanoTime();
    long deadline = started + 120_000_000_000L;
    while (!received.containsAll(missing) && System.nanoTime() < deadline) {
      Pause.millis(100);
    }
    List<String> still = missing.stream().filter(id -> !received.contains(id)).toList();
    System.out.printf("storm: %d of them arrived within %.0f s more; never: %s%n", missing.size() - still.size(),
        (System.nanoTime() - started) / 1e9, still);
  }

  private String randomUser(int sockets) {
    GeneratorProcess g = generators.get(ThreadLocalRandom.current().nextInt(generators.size()));
    return g.userId(ThreadLocalRandom.current().nextInt(sockets / generators.size()));
  }

  /** Polls the generators until every socket dropped once and all are READY again; the last READY's time. */
  private long awaitAllReady(int sockets, long kill) {
    long deadline = kill + 300_000_000_000L;
    while (System.nanoTime() < deadline) {
      int ready = 0;
      int reconnects = 0;
      long last = 0;
      for (GeneratorProcess g : generators) {
        GeneratorProcess.Status s = g.status();
        ready += s.ready();
        reconnects += s.reconnects();
        last = Math.max(last, s.lastReadyNanos());
      }
      if (reconnects >= sockets && ready == sockets) {
        return last;
      }
      Pause.millis(100);
    }
    throw new IllegalStateException("the sockets were not all READY again within 300 s of the kill");
  }
}
