package io.paynotify.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.RawHttp;
import io.paynotify.support.Scrape;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Strangers cannot create metric series: made-up HTTP methods and paths, once each kind has been
 * seen, add no series to {@code /metrics} (an unknown method counts as {@code other}).
 */
@ExtendWith(VertxExtension.class)
class MetricLabelsIT {

  @RegisterExtension
  static final PaynotifyNode fx = PaynotifyNode.standalone("metriclabels");

  @Test
  void madeUpMethodsAndPathsAddNoSeries() {
    strangeRequests("WARMUP"); // each kind of answer (404, 405, 400, ...) is seen once
    series(); // and a scrape itself
    long before = series();

    for (int i = 0; i < 20; i++) {
      strangeRequests("ZZTEST" + (char) ('A' + i));
    }

    String scrape = Scrape.of(fx.http(), fx.port()).text();
    assertThat(series()).as("series after 20 rounds of made-up methods and paths").isEqualTo(before);
    assertThat(scrape).doesNotContain("ZZTEST").doesNotContain("zz-").contains("method=\"other\"");
  }

  /** Made-up methods on real and unknown paths, and real methods on made-up paths. */
  static void strangeRequests(String method) {
    String path = "/zz-" + UUID.randomUUID();
    for (String uri : new String[] {"/health", path, "/payments/" + UUID.randomUUID(), "/internal" + path}) {
      RawHttp.send(fx.port(), method, uri, Map.of(), "");
      RawHttp.send(fx.port(), "GET", uri + "?x=" + method, Map.of(), "");
      RawHttp.send(fx.port(), "POST", uri, Map.of("content-type", "application/json"), "{}");
    }
  }

  static long series() {
    return Arrays.stream(Scrape.of(fx.http(), fx.port()).text().split("\n"))
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        // the process's own meters (memory pools, threads, GC) vary with the JVM, not with requests
        .filter(line -> line.startsWith("vertx_http") || line.startsWith("paynotify_"))
        .count();
  }
}
