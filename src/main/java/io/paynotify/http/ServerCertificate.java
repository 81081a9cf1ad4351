package io.paynotify.http;

import io.paynotify.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificate of a node's HTTP port ({@code TLS_CERT_FILE}, {@code TLS_KEY_FILE}), one per node
 * and shared by its HTTP verticles. Read before the servers listen, then read again every few seconds
 * (through Vert.x's file system, off the event loops); when the files' content changed, every server's
 * SSL options are updated in place, so new connections get the rotated certificate without a restart
 * (open ones keep theirs). A change that cannot be used (unreadable, not PEM, a key that does not
 * belong to the certificate, as between the two writes of a rotation by hand) keeps the previous
 * certificate and is logged at WARN, once per distinct problem.
 */
public final class ServerCertificate {

  private static final Logger LOG = LoggerFactory.getLogger(ServerCertificate.class);
  static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");
  static final long CHECK_INTERVAL_MILLIS = 3000;

  private final Vertx vertx;
  private final AppConfig.Tls files;
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final AtomicBoolean checking = new AtomicBoolean();
  private volatile Pem served;
  private volatile String lastProblem;

  /** The content of the two files at one moment. */
  private record Pem(Buffer cert, Buffer key) { }

  private ServerCertificate(Vertx vertx, AppConfig.Tls files, Pem served) {
    this.vertx = vertx;
    this.files = files;
    this.served = served;
    vertx.setPeriodic(CHECK_INTERVAL_MILLIS, id -> check()); // ends with the node's Vert.x
  }

  /** Reads the files and starts watching them. */
  public static Future<ServerCertificate> load(Vertx vertx, AppConfig.Tls files) {
    return read(vertx, files).compose(pem -> usable(vertx, pem)).map(pem -> new ServerCertificate(vertx, files, pem))
        .recover(e -> Future.failedFuture(new IllegalStateException("TLS_CERT_FILE / TLS_KEY_FILE cannot be used: "
            + e.getMessage())));
  }

  private static Future<Pem> read(Vertx vertx, AppConfig.Tls files) {
    Future<Buffer> cert = vertx.fileSystem().readFile(files.certFile().toString());
    Future<Buffer> key = vertx.fileSystem().readFile(files.keyFile().toString());
    return Future.all(cert, key).map(both -> new Pem(cert.result(), key.result()));
  }

  /** The pair, once parsed and found to belong together (off the event loop). */
  private static Future<Pem> usable(Vertx vertx, Pem pem) {
    return vertx.executeBlocking(() -> {
      KeyCertPair.check(vertx, keyCert(pem));
      return pem;
    });
  }

  /** {@code options} serving the current certificate over TLS 1.2 / 1.3. */
  HttpServerOptions apply(HttpServerOptions options) {
    return options.setSsl(true).setKeyCertOptions(keyCert(served)).setEnabledSecureTransportProtocols(PROTOCOLS);
  }

  /** A listening server that a rotation must update. */
  void serve(HttpServer server) {
    servers.add(server);
  }

  void forget(HttpServer server) {
    servers.remove(server);
  }

  private static PemKeyCertOptions keyCert(Pem pem) {
    return new PemKeyCertOptions().setCertValue(pem.cert()).setKeyValue(pem.key());
  }

  /** One look at the files; none while the previous one still runs (a slow disk). */
  private void check() {
    if (!checking.compareAndSet(false, true)) {
      return;
    }
    read(vertx, files)
        .compose(pem -> pem.equals(served) || servers.isEmpty() ? unchanged() : usable(vertx, pem).compose(this::update))
        .onFailure(this::keepOld)
        .onComplete(done -> checking.set(false));
  }

  /** The files are what is served (again, after a passing problem): a new problem will be worth a WARN. */
  private Future<Void> unchanged() {
    lastProblem = null;
    return Future.succeededFuture();
  }

  private Future<Void> update(Pem pem) {
    ServerSSLOptions next = new ServerSSLOptions().setKeyCertOptions(keyCert(pem))
        .setEnabledSecureTransportProtocols(PROTOCOLS);
    List<Future<Boolean>> updates = servers.stream().map(server -> update(server, next)).toList();
    return Future.all(updates).map(done -> {
      served = pem;
      lastProblem = null;
      LOG.info("TLS certificate reloaded from TLS_CERT_FILE / TLS_KEY_FILE");
      return null;
    });
  }

  private static Future<Boolean> update(HttpServer server, ServerSSLOptions next) {
    try {
      return server.updateSSLOptions(next);
    } catch (IllegalStateException notListening) {
      return Future.succeededFuture(false); // closed meanwhile (the node is stopping)
    }
  }

  private void keepOld(Throwable cause) {
    String problem = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    if (!Objects.equals(problem, lastProblem)) {
      lastProblem = problem;
      LOG.warn("TLS_CERT_FILE / TLS_KEY_FILE changed but cannot be used, still serving the previous certificate: {}",
          problem);
    }
  }
}
