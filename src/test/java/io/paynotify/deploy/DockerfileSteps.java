package io.paynotify.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The instructions of a Dockerfile, grouped by stage: just enough parsing (continuation lines,
 * comments, options such as {@code --from=}) to replay a build without a container engine.
 */
record DockerfileSteps(List<List<Step>> stages) {

  /** One instruction: its keyword, its {@code --options} and the rest of the line, split into words. */
  record Step(String keyword, List<String> options, List<String> args, String text) {

    String option(String name) {
      return options.stream().filter(o -> o.startsWith("--" + name + "=")).map(o -> o.substring(name.length() + 3))
          .findFirst().orElse(null);
    }
  }

  static DockerfileSteps read(Path file) {
    List<List<Step>> stages = new ArrayList<>();
    for (String line : logicalLines(file)) {
      String keyword = line.split("\\s+", 2)[0].toUpperCase();
      String text = line.substring(keyword.length()).strip();
      List<String> words = new ArrayList<>(Arrays.asList(text.split("\\s+")));
      List<String> options = new ArrayList<>();
      while (!words.isEmpty() && words.get(0).startsWith("--")) {
        options.add(words.remove(0));
      }
      if (keyword.equals("FROM")) {
        stages.add(new ArrayList<>());
      }
      stages.get(stages.size() - 1).add(new Step(keyword, options, words, String.join(" ", words)));
    }
    return new DockerfileSteps(stages);
  }

  private static List<String> logicalLines(Path file) {
    try {
      List<String> lines = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String raw : Files.readAllLines(file)) {
        String line = raw.strip();
        if (current.length() == 0 && (line.isEmpty() || line.startsWith("#"))) {
          continue;
        }
        boolean continued = line.endsWith("\\");
        current.append(continued ? line.substring(0, line.length() - 1) : line).append(' ');
        if (!continued) {
          lines.add(current.toString().strip());
          current.setLength(0);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
