package io.paynotify.db;

import io.vertx.pgclient.PgConnectOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
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

  /**
   * Migrates the database {@code options} name (the same options the pool uses, TLS included) and
   * returns the schema version now in place.
   */
  public static String migrate(PgConnectOptions options) throws SQLException {
    DataSource dataSource = DatabaseOptions.dataSource(options);
    try (Connection lock = dataSource.getConnection(); Statement st = lock.createStatement()) {
      st.execute("SELECT pg_advisory_lock(" + LOCK_KEY + ")");
      try {
        Flyway flyway = Flyway.configure()
            .dataSource(dataSource)
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
