package io.paynotify.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

/**
 * Makes the shared PostgreSQL on 127.0.0.1:5432 serve TLS without restarting it (ssl is reloadable):
 * a self-signed certificate in a directory of the postgres OS user, {@code ALTER SYSTEM} and
 * {@code pg_reload_conf()}, then waits until a TLS connection works. A no-op when TLS is already on.
 * Clients that do not ask for TLS are unaffected.
 */
public final class PostgresTls {

  private static final Path DIR = Path.of("/var/lib/postgresql/paynotify-test-tls");

  private PostgresTls() {
  }

  public static synchronized void ensureEnabled() throws Exception {
    if (tlsWorks()) {
      return;
    }
    Path cert = DIR.resolve("server.crt");
    Path key = DIR.resolve("server.key");
    if (!Files.exists(key)) {
      Files.createDirectories(DIR);
      run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3650", "-subj", "/CN=127.0.0.1",
          "-keyout", key.toString(), "-out", cert.toString());
      run("chown", "-R", "postgres:postgres", DIR.toString());
      run("chmod", "0600", key.toString());
    }
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", null);
         Statement st = c.createStatement()) {
      st.execute("ALTER SYSTEM SET ssl_cert_file = '" + cert + "'");
      st.execute("ALTER SYSTEM SET ssl_key_file = '" + key + "'");
      st.execute("ALTER SYSTEM SET ssl = on");
      st.execute("SELECT pg_reload_conf()");
    }
    await("PostgreSQL accepting a TLS connection").atMost(Duration.ofSeconds(20)).until(PostgresTls::tlsWorks);
  }

  private static boolean tlsWorks() {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    props.setProperty("sslmode", "require");
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", props)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (p.waitFor() != 0) {
      throw new IOException(command[0] + " failed with " + p.exitValue());
    }
  }
}
