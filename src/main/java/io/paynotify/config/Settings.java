package io.paynotify.config;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The merged configuration values, read as typed settings. A value that does not parse is recorded
 * as a problem (with the key and what it must be) and replaced by a fallback, so that every problem
 * can be reported at once.
 */
final class Settings {

  private final JsonObject values;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, String> secretsRead = new LinkedHashMap<>();

  Settings(JsonObject values) {
    this.values = values;
  }

  /** The problems found so far; the loader adds its own cross-setting checks to the same list. */
  List<String> problems() {
    return problems;
  }

  /** Every secret read so far, by the name a problem about it should give. */
  Map<String, String> secretsRead() {
    return secretsRead;
  }

  /** Records a secret found inside another setting (a password in a URL) for the placeholder check. */
  void noteSecret(String name, String value) {
    if (value != null) {
      secretsRead.put(name, value);
    }
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

  /**
   * A secret, given either as {@code key} itself or as {@code key_FILE}, the path of a file holding it
   * (Kubernetes and Docker secrets; its trailing newline is dropped). Both set is a problem; so is a
   * file that cannot be read. The problem names the variable and the path, never the content.
   */
  Optional<String> secret(String key) {
    Optional<String> value = fromValueOrFile(key);
    value.ifPresent(v -> secretsRead.put(key, v));
    return value;
  }

  private Optional<String> fromValueOrFile(String key) {
    Optional<String> value = optional(key);
    Optional<String> file = optional(key + "_FILE");
    if (file.isEmpty()) {
      return value;
    }
    if (value.isPresent()) {
      problems.add("set only one of " + key + " and " + key + "_FILE");
      return value;
    }
    try {
      String text = Files.readString(Path.of(file.get())).replaceAll("(\\r?\\n)+$", "");
      if (text.isBlank()) {
        problems.add(key + "_FILE " + file.get() + " is empty");
        return Optional.empty();
      }
      return Optional.of(text);
    } catch (IOException | RuntimeException e) {
      problems.add(key + "_FILE " + file.get() + " cannot be read (" + e.getClass().getSimpleName() + ")");
      return Optional.empty();
    }
  }

  /** A required secret ({@link #secret}): its absence is a problem. */
  String requiredSecret(String key) {
    Optional<String> value = secret(key);
    if (value.isEmpty() && !problems.stream().anyMatch(p -> p.contains(key + "_FILE"))) {
      problems.add(key + " is required (or " + key + "_FILE)");
    }
    return value.orElse(null);
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
