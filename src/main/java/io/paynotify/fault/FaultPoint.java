package io.paynotify.fault;

/**
 * TEST-ONLY fault injection, for the fault tests that must prove the backstop of the live path
 * (a node dying between commit and publish, a lost relay message). Armed only by the JVM system
 * property {@code -Dpaynotify.fault=<name>}, which the fault tests set on a node process they
 * start; read once at class load, never set by any script, configuration or environment variable,
 * so it is off in every real deployment.
 */
public enum FaultPoint {

  /** The node halts ({@code Runtime.halt}, like kill -9) right after a payment's transaction commits. */
  HALT_AFTER_COMMIT("halt-after-commit"),

  /** The node drops every event that reaches it on the cluster relay (a lost message between nodes). */
  DROP_RELAY("drop-relay");

  private static final String ARMED = System.getProperty("paynotify.fault", "");

  private final String name;

  FaultPoint(String name) {
    this.name = name;
  }

  /** Whether this fault was armed for this process by the test that started it. */
  public boolean armed() {
    return name.equals(ARMED);
  }

  /** Halts the process at once, without shutdown hooks, when {@link #HALT_AFTER_COMMIT} is armed. */
  public static void haltIfArmedAfterCommit() {
    if (HALT_AFTER_COMMIT.armed()) {
      Runtime.getRuntime().halt(137);
    }
  }
}
