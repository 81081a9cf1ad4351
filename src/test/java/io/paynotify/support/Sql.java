package io.paynotify.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One SQL statement against a test's database over JDBC (user {@code postgres}, trust auth). */
final class Sql {

  private Sql() {
  }

  /** Runs {@code sql}; returns the first column of the first row, or null. */
  static String first(String jdbcUrl, String sql) {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", null); Statement st = c.createStatement()) {
      if (!st.execute(sql)) {
        return null;
      }
      try (ResultSet rs = st.getResultSet()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
