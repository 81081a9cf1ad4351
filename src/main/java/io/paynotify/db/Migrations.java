package io.paynotify.db;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Runs the versioned schema migrations with Flyway. Blocking: call it from a worker thread or
 * {@code main}, never an event loop. Nodes that start together queue on one session advisory lock,
 * so exactly one of them migrates and the others find the schema current.
 */
public final class Migrations {

  private static final long LOCK_KEY = 0x7061796e6f74L; // "paynot"

  private Migrations() {
  }

  /** Migrates the database at {@code databaseUrl} and returns the schema version now in place. */
  public static String migrate(String databaseUrl) throws SQLException {
    PgConnectOptions options = PgConnectOptions.fromUri(databaseUrl);
    String jdbcUrl = "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
    Properties props = new Properties();
    props.setProperty("user", options.getUser());
    if (options.getPassword() != null) {
      props.setProperty("password", options.getPassword());
    }
    props.setProperty("connectTimeout", "10");
    try (Connection lock = DriverManager.getConnection(jdbcUrl, props); Statement st = lock.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      try {
        Flyway flyway = Flyway.configure()
            .dataSource(jdbcUrl, options.getUser(), options.getPassword())
            .locations("classpath:db/migration")
            .load();
        flyway.migrate();
        MigrationInfo current = flyway.info().current();
        return current == null ? "none" : current.getVersion().getVersion();
      } finally {
        st.execute("SELECT pg_advisory_unlock(" + LOCK_KEY + ")");
      }
    }
  }
}
