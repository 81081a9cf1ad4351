package io.paynotify.bench;

import io.paynotify.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A load-generator process: holds idle sockets (user {@code <prefix><i>}) spread over several source
 * addresses, and reconnects the dropped ones to the failover port with {@code since}. Driven by one
 * line per command on stdin ({@code WARMUP n}, {@code CONNECT n}, {@code STATUS}, {@code FAILOVER}: reconnect from now on to
 * the failover port, {@code QUIT}); answers and received
 * payment ids go to stdout, one per line (see {@link GeneratorProcess}). Times are
 * {@code System.nanoTime()}, which on Linux is one clock for every process of the machine.
 *   args: port failoverPort userPrefix firstAddress (e.g. 127.1.0.1) addresses inFlight eventLoops
 */
public final class Generator implements BenchSocket.Listener {

  private final Vertx vertx;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<BenchSocket> sockets = new ArrayList<>();
  private final Queue<BenchSocket> toConnect = new ConcurrentLinkedQueue<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger ready = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicLong lastReady = new AtomicLong();
  private final String prefix;
  private final int maxInFlight;
  private volatile int port;
  private final int failoverPort;

  private Generator(String[] args) {
    port = Integer.parseInt(args[0]);
    failoverPort = Integer.parseInt(args[1]);
    prefix = args[2];
    maxInFlight = Integer.parseInt(args[5]);
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Integer.parseInt(args[6])));
    String[] first = args[3].split("\\.");
    for (int i = 0; i < Integer.parseInt(args[4]); i++) {
      String address = first[0] + "." + first[1] + "." + first[2] + "." + (Integer.parseInt(first[3]) + i);
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setLocalAddress(address)
          .setMaxConnections(20_000).setConnectTimeout(10_000)));
    }
  }

  public static void main(String[] args) throws Exception {
    Generator generator = new Generator(args);
    System.out.println("UP");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.equals("QUIT"); line = in.readLine()) {
      if (line.startsWith("CONNECT ")) {
        generator.connect(Integer.parseInt(line.substring(8)));
      } else if (line.startsWith("WARMUP ")) {
        String[] f = line.split(" ");
        generator.warmUp(Integer.parseInt(f[1]), f.length > 2 ? generator.failoverPort : generator.port);
      } else if (line.equals("STATUS")) {
        generator.status();
      } else if (line.equals("FAILOVER")) {
        generator.port = generator.failoverPort;
        System.out.println("FAILOVER");
      }
    }
    System.exit(0);
  }

  /** Opens {@code n} more sockets and answers {@code CONNECTED n firstUpgradeNanos lastReadyNanos failures}. */
  private void connect(int n) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(n);
    int target = ready.get() + n;
    List<BenchSocket> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int index = sockets.size() + i;
      batch.add(new BenchSocket(prefix + index, Tokens.valid(prefix + index), clients.get(index % clients.size()), this));
    }
    sockets.addAll(batch);
    long start = System.nanoTime(); // the tokens are made: from here on it is upgrades
    toConnect.addAll(batch);
    Thread watcher = new Thread(() -> awaitReady(target, done, n));
    watcher.start();
    pump();
    done.await();
    System.out.printf("CONNECTED %d %d %d %d%n", n, start, lastReady.get(), failures.get());
  }

  /**
   * Opens {@code n} sockets of other users (prefix {@code w}), {@code inFlight} at a time, waits for
   * every READY, closes them all and answers {@code WARMUP n nanos}: the JIT compilers of node and
   * generator have then seen the connect path, as they have on a node that has been up a while.
   * {@code WARMUP n failover} does it on the failover port.
   */
  private void warmUp(int n, int targetPort) {
    BenchSocket.Listener quiet = new BenchSocket.Listener() { };
    Queue<BenchSocket> queue = new ConcurrentLinkedQueue<>();
    List<BenchSocket> warm = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      warm.add(new BenchSocket(prefix + "w" + i, Tokens.valid(prefix + "w" + i), clients.get(i % clients.size()), quiet));
    }
    queue.addAll(warm);
    long start = System.nanoTime();
    AtomicInteger failed = new AtomicInteger();
    List<Future<Void>> chains = new ArrayList<>();
    for (int i = 0; i < maxInFlight; i++) {
      chains.add(connectAll(queue, failed, targetPort));
    }
    Future.all(chains).await();
    long took = System.nanoTime() - start;
    Future.all(warm.stream().map(BenchSocket::close).toList()).await();
    System.out.printf("WARMUP %d %d%n", n, took);
  }

  /** Connects the sockets of {@code queue} one after the other (a failed one goes back to the queue, counted). */
  private Future<Void> connectAll(Queue<BenchSocket> queue, AtomicInteger failed, int targetPort) {
    BenchSocket socket = queue.poll();
    if (socket == null) {
      return Future.succeededFuture();
    }
    return socket.connect(targetPort).recover(e -> {
      if (failed.incrementAndGet() > 100) {
        return Future.failedFuture(e);
      }
      queue.add(socket);
      return Future.succeededFuture();
    }).compose(v -> connectAll(queue, failed, targetPort));
  }

  private void awaitReady(int target, CountDownLatch done, int n) {
    while (ready.get() < target) {
      Pause.millis(5);
    }
    for (int i = 0; i < n; i++) {
      done.countDown();
    }
  }

  private void pump() {
    while (inFlight.get() < maxInFlight) {
      BenchSocket socket = toConnect.poll();
      if (socket == null) {
        return;
      }
      inFlight.incrementAndGet();
      socket.connect(port).onComplete(ar -> {
        inFlight.decrementAndGet();
        if (ar.failed()) {
          if (failures.incrementAndGet() <= 3) {
            System.err.println("connect of " + socket.userId() + " failed: " + ar.cause());
          }
          vertx.setTimer(100, t -> {
            toConnect.add(socket);
            pump();
          });
        }
        pump();
      });
    }
  }

  private void status() {
    System.out.printf("STATUS %d %d %d %d%n", ready.get(), sockets.size(), lastReady.get(), reconnects.get());
  }

  @Override
  public void onReady(BenchSocket socket) {
    ready.incrementAndGet();
    lastReady.accumulateAndGet(System.nanoTime(), Math::max);
  }

  @Override
  public void onDropped(BenchSocket socket, Short closeCode) {
    ready.decrementAndGet();
    if (reconnects.incrementAndGet() <= 3) {
      System.err.println("socket of " + socket.userId() + " dropped (close code " + closeCode + "): reconnecting to " + failoverPort);
    }
    toConnect.add(socket);
    pump();
  }

  @Override
  public void onPayment(String paymentId) {
    System.out.println("EVENT " + paymentId);
  }
}
