package io.paynotify.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.List;
import java.util.Set;

/**
 * Label values that come from outside are mapped to fixed sets before a meter exists, so that no
 * stranger can create series (every new label value is a new series in memory and in each scrape):
 * the HTTP method of Vert.x's request meters (a client may send any token as a method) and the HTTP
 * status Mercado Pago's API answered. A value outside its set counts as {@code other}.
 */
final class LabelSets {

  static final String OTHER = "other";
  static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE",
      "CONNECT");
  static final Set<String> GATEWAY_STATUSES = Set.of("200", "201", "204", "400", "401", "403", "404", "408", "409",
      "422", "429", "500", "502", "503", "504", "unreachable");

  private LabelSets() {
  }

  static MeterFilter filter() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (id.getName().startsWith("vertx.http.")) {
          return fixed(id, "method", METHODS);
        }
        if (id.getName().equals("paynotify.gateway.calls")) {
          return fixed(id, "status", GATEWAY_STATUSES);
        }
        return id;
      }
    };
  }

  private static Meter.Id fixed(Meter.Id id, String key, Set<String> allowed) {
    String value = id.getTag(key);
    if (value == null || allowed.contains(value)) {
      return id;
    }
    List<Tag> tags = id.getTags().stream().map(t -> t.getKey().equals(key) ? Tag.of(key, OTHER) : t).toList();
    return id.replaceTags(tags);
  }
}
