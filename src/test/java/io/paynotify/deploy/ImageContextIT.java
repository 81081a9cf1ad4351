package io.paynotify.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.deploy.DockerfileSteps.Step;
import io.paynotify.support.Http;
import io.paynotify.support.Ports;
import io.paynotify.support.TestDatabase;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/Dockerfile replayed without a container engine: the build stage's COPY lines bring exactly
 * the files they name from the repository into an empty directory (standing for the image's file
 * system), its RUN lines build there offline from the local Maven repository, and the runtime
 * stage's files and ENTRYPOINT start the jar with the image's own command line. The node must then
 * serve /paynotify.js and answer /ready, and run with the flags of scripts/jvm-flags.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ImageContextIT {

  static final Path REPOSITORY = Path.of("").toAbsolutePath();

  @TempDir
  Path image;

  private final Map<String, String> env = new HashMap<>();
  private Path workdir;
  private List<String> entrypoint;

  @Test
  void theJarBuiltFromExactlyTheCopiedContextServesTheClientAndIsReady() throws Exception {
    List<List<Step>> stages = DockerfileSteps.read(REPOSITORY.resolve("deploy/Dockerfile")).stages();
    assertThat(stages).hasSize(2);
    stages.get(0).forEach(this::replay);
    stages.get(1).stream().filter(s -> !s.keyword().equals("RUN")).forEach(this::replay); // RUN there: useradd
    assertThat(Files.exists(image.resolve("app/paynotify.jar"))).isTrue();

    Http http = new Http();
    try (TestDatabase db = TestDatabase.create("image")) {
      int port = Ports.free();
      env.putAll(Map.of("PAYNOTIFY_DEV", "true", "DATABASE_URL", db.url(), "HTTP_PORT", String.valueOf(port)));
      Process node = start();
      try {
        await().atMost(Duration.ofSeconds(120)).until(() -> !node.isAlive() || status(http, port, "/ready") == 200);
        assertThat(node.isAlive()).as(() -> "node alive; output:\n" + output()).isTrue();
        Http.Response client = http.get(port, "/paynotify.js", null);
        assertThat(client.status()).isEqualTo(200);
        assertThat(client.body()).contains("export function connect");
        assertThat(commandLine(node)).containsAll(jvmFlags());
      } finally {
        node.destroy();
        node.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      http.close();
    }
  }

  private void replay(Step step) {
    switch (step.keyword()) {
      case "WORKDIR" -> workdir = inImage(step.text());
      case "COPY" -> copy(step);
      case "RUN" -> run(step.text());
      case "ENV" -> env.put(step.text().split("=", 2)[0], step.text().split("=", 2)[1].replace("\"", ""));
      case "ENTRYPOINT" -> entrypoint = new JsonArray(step.text()).stream()
          .map(a -> ((String) a).replace("/app/", image.resolve("app") + "/")).toList();
      default -> { } // FROM, USER, EXPOSE: nothing to replay outside an engine
    }
  }

  private void copy(Step step) {
    List<String> args = step.args();
    String dest = args.get(args.size() - 1);
    Path target = dest.startsWith("/") ? inImage(dest) : workdir.resolve(dest);
    boolean intoDirectory = dest.endsWith("/") || dest.equals(".") || args.size() > 2;
    for (String source : args.subList(0, args.size() - 1)) {
      Path from = step.option("from") != null ? inImage(source) : REPOSITORY.resolve(source);
      copyTree(from, intoDirectory ? target.resolve(from.getFileName().toString()) : target);
    }
  }

  private static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path dest = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(dest);
        } else {
          Files.createDirectories(dest.getParent());
          Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("COPY " + from + ": " + e, e);
    }
  }

  /** A RUN line, offline: every Maven invocation gets -o, so nothing comes from outside the context. */
  private void run(String command) {
    String offline = command.replaceAll("(^|\\s)(\\./mvnw|mvn)(\\s)", "$1$2 -o$3");
    try {
      Process p = new ProcessBuilder("sh", "-c", offline).directory(workdir.toFile()).redirectErrorStream(true)
          .redirectOutput(image.resolve("build.log").toFile()).start();
      assertThat(p.waitFor(480, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(() -> "RUN " + offline + "\n" + read(image.resolve("build.log"))).isZero();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Process start() throws IOException {
    ProcessBuilder pb = new ProcessBuilder(entrypoint).directory(image.resolve("app").toFile());
    pb.environment().putAll(env);
    pb.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
    return pb.redirectErrorStream(true).redirectOutput(image.resolve("node.log").toFile()).start();
  }

  private Path inImage(String absolute) {
    return image.resolve(absolute.replaceAll("^/+", ""));
  }

  private static int status(Http http, int port, String path) {
    try {
      return http.get(port, path, null).status();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private static List<String> jvmFlags() throws IOException {
    List<String> flags = new ArrayList<>();
    for (String line : Files.readAllLines(REPOSITORY.resolve("scripts/jvm-flags"))) {
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        flags.addAll(List.of(line.strip().split("\\s+")));
      }
    }
    return flags;
  }

  private static List<String> commandLine(Process node) throws IOException {
    return List.of(Files.readString(Path.of("/proc/" + node.pid() + "/cmdline")).split("\0"));
  }

  private String output() {
    return read(image.resolve("node.log"));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
