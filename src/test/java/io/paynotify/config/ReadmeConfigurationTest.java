package io.paynotify.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration table names exactly the variables the node reads: every one the loader
 * knows (and Logback's two) has a row, and every row names one of them. The README stays a front
 * door: under 20 KB.
 */
class ReadmeConfigurationTest {

  static final Path README = Path.of("README.md");
  /** Read by logback.xml, not the loader. */
  static final Set<String> LOGBACK = Set.of("LOG_FORMAT", "LOG_LEVEL");
  static final Pattern NAME = Pattern.compile("`([A-Z][A-Z0-9_]*[A-Z0-9])`");

  @Test
  void theConfigurationTableAndTheLoaderNameTheSameVariables() throws Exception {
    assertThat(Files.readString(Path.of("src/main/resources/logback.xml"))).contains("${LOG_FORMAT", "${LOG_LEVEL");
    Set<String> known = new TreeSet<>(ConfigLoader.ENV_KEYS);
    known.addAll(LOGBACK);
    Set<String> documented = documented(Files.readAllLines(README));
    assertThat(documented).as("documented in the README but unknown to the loader")
        .isSubsetOf(known);
    assertThat(known).as("known to the loader but missing from the README's configuration table")
        .isSubsetOf(documented);
  }

  @Test
  void theReadmeIsAFrontDoorUnder20Kilobytes() throws Exception {
    assertThat(Files.readString(README).getBytes(StandardCharsets.UTF_8).length).isLessThan(20 * 1024);
  }

  /** The names in the first column of the table under "## Configuration"; `<SECRET>_FILE` lists them in its text. */
  static Set<String> documented(List<String> lines) {
    Set<String> names = new TreeSet<>();
    int start = lines.indexOf("## Configuration");
    assertThat(start).as("a ## Configuration section").isNotNegative();
    boolean inTable = false;
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.startsWith("## ") || (inTable && !line.startsWith("|"))) {
        break;
      }
      inTable = line.startsWith("|");
      String[] cells = line.split("\\|");
      if (inTable && cells.length > 3 && !cells[1].isBlank() && !cells[1].contains("---")) {
        String column = cells[1].contains("<SECRET>_FILE") ? line : cells[1];
        Matcher m = NAME.matcher(column);
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
