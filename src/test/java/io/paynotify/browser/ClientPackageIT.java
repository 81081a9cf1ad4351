package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * clients/js is an npm package: {@code npm pack} packs exactly the module, its types, README and CHANGELOG,
 * and a TypeScript consumer of the packed package type-checks ({@code tsc --noEmit}, TypeScript 5
 * installed from npm into target/), while misuse does not.
 */
class ClientPackageIT {

  static final Path CLIENT = Path.of("clients/js").toAbsolutePath();
  static final Path WORK = Path.of("target/ts-consumer").toAbsolutePath();

  static JsonObject packed;

  @BeforeAll
  static void packAndInstall() throws Exception {
    Files.createDirectories(WORK);
    packed = new JsonArray(run(CLIENT, "npm", "pack", "--json", "--pack-destination", WORK.toString()).output)
        .getJsonObject(0);
    for (String file : List.of("consumer.ts", "misuse.ts", "tsconfig.json")) {
      Files.copy(Path.of("src/test/resources/ts-consumer", file), WORK.resolve(file),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(WORK.resolve("package.json"), "{\"name\":\"consumer\",\"private\":true,\"type\":\"module\"}");
    Result install = run(WORK, "npm", "install", "--no-save", "--no-audit", "--no-fund", "--no-package-lock",
        "typescript@5", "./" + packed.getString("filename"));
    assertThat(install.status).as(install.output).isZero();
  }

  @Test
  void packsTheModuleItsTypesAndReadmeOnly() throws IOException {
    JsonObject pkg = new JsonObject(Files.readString(CLIENT.resolve("package.json")));
    assertThat(packed.getString("name")).isEqualTo("paynotify");
    assertThat(packed.getString("version")).isEqualTo(pkg.getString("version"));
    List<String> files = packed.getJsonArray("files").stream().map(f -> ((JsonObject) f).getString("path"))
        .sorted().collect(Collectors.toList());
    assertThat(files).containsExactly("CHANGELOG.md", "README.md", "package.json", "paynotify.d.ts", "paynotify.js");
    assertThat(pkg.getString("type")).isEqualTo("module");
    assertThat(pkg.getJsonObject("exports").getJsonObject(".").getString("types")).isEqualTo("./paynotify.d.ts");
  }

  @Test
  void aTypeScriptConsumerOfThePackedPackageTypeChecks() throws Exception {
    Result tsc = run(WORK, "node", "node_modules/typescript/bin/tsc", "-p", "tsconfig.json");
    assertThat(tsc.status).as(tsc.output).isZero();
  }

  @Test
  void theTypesCatchMisuse() throws Exception {
    Result tsc = run(WORK, "node", "node_modules/typescript/bin/tsc", "--noEmit", "--strict", "--module", "NodeNext",
        "--moduleResolution", "NodeNext", "--lib", "ES2022,DOM", "misuse.ts");
    assertThat(tsc.status).isNotZero();
    assertThat(tsc.output).contains("misuse.ts(4,").contains("misuse.ts(6,").contains("misuse.ts(7,")
        .contains("misuse.ts(8,");
  }

  record Result(int status, String output) { }

  static Result run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8)
        + (p.exitValue() == 0 ? "" : new String(err, StandardCharsets.UTF_8)));
  }
}
