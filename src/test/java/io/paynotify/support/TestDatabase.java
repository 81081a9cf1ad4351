package io.paynotify.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** A fresh PostgreSQL database for one test class on 127.0.0.1:5432; dropped at the end. */
public final class TestDatabase implements AutoCloseable {

  private static final String ADMIN = "jdbc:postgresql://127.0.0.1:5432/postgres";

  private final String name;

  private TestDatabase(String name) {
    this.name = name;
  }

  public static TestDatabase create(String prefix) {
    String name = "pn_" + prefix.toLowerCase().replaceAll("[^a-z0-9]", "") + "_" + UUID.randomUUID().toString().substring(0, 8);
    admin("CREATE DATABASE " + name);
    return new TestDatabase(name);
  }

  public String url() {
    return "postgresql://postgres@127.0.0.1:5432/" + name;
  }

  public String name() {
    return name;
  }

  /** Runs one SQL statement in this database; returns the first column of the first row, or null. */
  public String query(String sql) {
    return Sql.first("jdbc:postgresql://127.0.0.1:5432/" + name, sql);
  }

  public long count(String sql) {
    String value = query(sql);
    return value == null ? 0 : Long.parseLong(value);
  }

  @Override
  public void close() {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) {
    try (Connection c = DriverManager.getConnection(ADMIN, "postgres", null); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
