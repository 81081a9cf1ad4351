package io.paynotify.http;

import io.paynotify.config.AppConfig;
import io.paynotify.notify.EventStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Optional;

/**
 * What the HTTP edge reads once per node before it serves: the event log's epoch (every READY carries
 * it), the browser client, the API documents and the port's certificate (watched for rotation; empty
 * when TLS is off). Read asynchronously: never file I/O on an event loop.
 */
public record EdgeAssets(String epoch, ClientScript script, ApiDocuments docs, Optional<ServerCertificate> tls) {

  public static Future<EdgeAssets> load(Vertx vertx, EventStore events, Optional<AppConfig.Tls> tls) {
    Future<String> epoch = events.epoch();
    Future<ClientScript> script = ClientScript.load(vertx);
    Future<ApiDocuments> docs = ApiDocuments.load(vertx);
    Future<Optional<ServerCertificate>> certificate = tls
        .map(files -> ServerCertificate.load(vertx, files).map(Optional::of))
        .orElseGet(() -> Future.succeededFuture(Optional.empty()));
    return Future.all(epoch, script, docs, certificate)
        .map(all -> new EdgeAssets(epoch.result(), script.result(), docs.result(), certificate.result()));
  }
}
