package io.paynotify.db;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The JDBC side of the one {@link PgConnectOptions} a node connects with ({@code DatabaseUrl.parse}
 * of {@code DATABASE_URL}): the migrations connect with the same host, credentials, {@code sslmode},
 * root certificate and session settings as the pool.
 */
public final class DatabaseOptions {

  private DatabaseOptions() {
  }

  /** A JDBC data source (pgjdbc) for the same database with the same parameters: for Flyway. */
  public static DataSource dataSource(PgConnectOptions options) {
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setUrl(jdbcUrl(options));
    try {
      for (String name : jdbcProperties(options).stringPropertyNames()) {
        source.setProperty(name, jdbcProperties(options).getProperty(name));
      }
    } catch (SQLException e) {
      throw new IllegalArgumentException("DATABASE_URL has a parameter the JDBC driver refuses: " + e.getMessage());
    }
    return source;
  }

  /** The JDBC URL of the same database (parameters travel as {@link #jdbcProperties}). */
  static String jdbcUrl(PgConnectOptions options) {
    String host = options.getHost().contains(":") ? "[" + options.getHost() + "]" : options.getHost();
    return "jdbc:postgresql://" + host + ":" + options.getPort() + "/" + options.getDatabase();
  }

  /** The pgjdbc properties equivalent to {@code options}: user, password, TLS and session settings. */
  static Properties jdbcProperties(PgConnectOptions options) {
    Properties props = new Properties();
    props.setProperty("user", options.getUser());
    if (options.getPassword() != null) {
      props.setProperty("password", options.getPassword());
    }
    props.setProperty("connectTimeout", "10");
    props.setProperty("sslmode", options.getSslMode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    ClientSSLOptions ssl = options.getSslOptions();
    if (ssl != null && ssl.getTrustOptions() instanceof PemTrustOptions pem && !pem.getCertPaths().isEmpty()) {
      props.setProperty("sslrootcert", pem.getCertPaths().get(0));
    }
    Map<String, String> session = options.getProperties();
    putIfPresent(props, "ApplicationName", session.get("application_name"));
    putIfPresent(props, "currentSchema", session.get("search_path"));
    putIfPresent(props, "options", session.get("options"));
    return props;
  }

  private static void putIfPresent(Properties props, String key, String value) {
    if (value != null) {
      props.setProperty(key, value);
    }
  }
}
