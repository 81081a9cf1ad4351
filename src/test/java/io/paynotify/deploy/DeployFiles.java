package io.paynotify.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The YAML documents under {@code deploy/} (Kubernetes manifests, compose, alert rules), parsed. */
final class DeployFiles {

  static final Path ROOT = Path.of("deploy");

  private DeployFiles() {
  }

  /** Every YAML file under deploy/, whatever other engineers add (a NetworkPolicy, say). */
  static List<Path> yamlFiles() {
    try (Stream<Path> files = Files.walk(ROOT)) {
      return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document of a (multi-document) YAML file; throws on a syntax error. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    List<Map<String, Object>> docs = new ArrayList<>();
    try {
      for (Object doc : new Yaml(options).loadAll(Files.readString(file))) {
        if (doc != null) {
          docs.add((Map<String, Object>) doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The Kubernetes objects of deploy/kubernetes/ of one kind. */
  static List<Map<String, Object>> kubernetes(String kind) {
    return yamlFiles().stream().filter(p -> p.startsWith(ROOT.resolve("kubernetes")))
        .flatMap(p -> documents(p).stream()).filter(d -> kind.equals(d.get("kind"))).toList();
  }

  @SuppressWarnings("unchecked")
  static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (current instanceof List<?> list && key.matches("\\d+")) {
        current = list.get(Integer.parseInt(key));
      } else {
        return null;
      }
    }
    return current;
  }
}
