package io.paynotify.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outside development mode, a secret that is still a placeholder stops start-up: the values shipped
 * in {@code deploy/} all contain {@code CHANGE-ME}, and a forgotten edit would otherwise run
 * production with a secret anyone can read in this repository. Problems name the variable, never
 * the value.
 */
final class Placeholders {

  static final String MARK = "CHANGE-ME";

  private Placeholders() {
  }

  static boolean isPlaceholder(String value) {
    return value != null && value.toUpperCase(Locale.ROOT).contains(MARK);
  }

  /** One problem per secret (by name) whose value is a placeholder. */
  static List<String> problems(Map<String, String> secrets) {
    List<String> problems = new ArrayList<>();
    secrets.forEach((name, value) -> {
      if (isPlaceholder(value)) {
        problems.add(name + " is still a placeholder (a value shipped in deploy/): set the real one");
      }
    });
    return problems;
  }
}
