package io.paynotify.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.MercadoPagoDouble;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Schema migrations when several nodes start on one empty database at once. */
@ExtendWith(VertxExtension.class)
class MigrationIT {

  @Test
  void twoNodesMigratingOneEmptyDatabaseAtTheSameMomentBothStart(Vertx vertx) throws Exception {
    try (TestDatabase db = TestDatabase.create("migrate")) {
      MercadoPagoDouble mp = MercadoPagoDouble.start(vertx);
      CyclicBarrier together = new CyclicBarrier(2);
      List<CompletableFuture<TestNode>> starting = List.of(1, 2).stream()
          .map(i -> CompletableFuture.supplyAsync(() -> {
            try {
              together.await();
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
            return TestNode.start(TestNode.env(db, mp.url()));
          }))
          .toList();
      List<TestNode> nodes = List.of(starting.get(0).get(), starting.get(1).get());
      try {
        assertThat(nodes).allSatisfy(n -> assertThat(n.app().schemaVersion()).isEqualTo(latestVersion()));
        assertThat(db.count("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL"))
            .isEqualTo(migrationCount());
        assertThat(db.count("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
            + "('accounts', 'events', 'payments', 'inbox')")).isEqualTo(4);
      } finally {
        nodes.forEach(TestNode::close);
        mp.close().await();
      }
    }
  }

  /** Versions are assigned per issue (V3 may land before V2), so count the files rather than trust the highest number. */
  private static long migrationCount() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      return files.filter(p -> p.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String latestVersion() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      return String.valueOf(files.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow());
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
