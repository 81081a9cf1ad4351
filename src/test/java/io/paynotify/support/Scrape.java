package io.paynotify.support;

import java.util.HashMap;
import java.util.Map;

/** One scrape of {@code GET /metrics}: each sample line as {@code name{labels}} to value. */
public final class Scrape {

  private final Map<String, Double> samples = new HashMap<>();
  private final String text;

  private Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  public static Scrape of(Http http, int port) {
    Http.Response r = http.get(port, "/metrics", null);
    if (r.status() != 200) {
      throw new AssertionError("/metrics answered " + r.status());
    }
    return new Scrape(r.body());
  }

  /** The value of the sample {@code series} (e.g. {@code paynotify_webhooks_total{result="accepted"}}); 0 if absent. */
  public double value(String series) {
    return samples.getOrDefault(series, 0.0);
  }

  public boolean has(String series) {
    return samples.containsKey(series);
  }

  /** Whether any sample's name starts with {@code prefix}. */
  public boolean hasPrefix(String prefix) {
    return samples.keySet().stream().anyMatch(k -> k.startsWith(prefix));
  }

  public String text() {
    return text;
  }
}
