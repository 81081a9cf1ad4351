package io.paynotify.config;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The merged configuration values, read as typed settings. A value that does not parse is recorded
 * as a problem (with the key and what it must be) and replaced by a fallback, so that every problem
 * can be reported at once.
 */
final class Settings {

  private final JsonObject values;
  private final List<String> problems = new ArrayList<>();

  Settings(JsonObject values) {
    this.values = values;
  }

  /** The problems found so far; the loader adds its own cross-setting checks to the same list. */
  List<String> problems() {
    return problems;
  }

  Object raw(String key) {
    return values.getValue(key);
  }

  String required(String key, String fallback) {
    Optional<String> value = optional(key);
    if (value.isEmpty() && fallback == null) {
      problems.add(key + " is required");
    }
    return value.orElse(fallback);
  }

  Optional<String> optional(String key) {
    Object value = values.getValue(key);
    String text = value == null ? "" : String.valueOf(value).trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  List<String> list(String key) {
    return optional(key).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  boolean bool(String key, boolean fallback) {
    Optional<String> value = optional(key);
    if (value.isEmpty()) {
      return fallback;
    }
    switch (value.get().toLowerCase()) {
      case "true", "1", "yes", "on": return true;
      case "false", "0", "no", "off": return false;
      default:
        problems.add(key + " must be true or false");
        return fallback;
    }
  }

  int port(String key, boolean zeroAllowed) {
    return integer(key, zeroAllowed ? 0 : 1, 65_535);
  }

  int integer(String key, int min, int max) {
    Optional<String> value = optional(key);
    try {
      int n = Integer.parseInt(value.orElseThrow());
      if (n < min || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (RuntimeException e) {
      problems.add(key + " must be a whole number from " + min + " to " + max);
      return min;
    }
  }
}
