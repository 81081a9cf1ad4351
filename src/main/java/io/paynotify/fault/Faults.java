package io.paynotify.fault;

/**
 * Where a node can be made to fail on purpose: the fault tests prove the backstops of the live path
 * (a node dying between commit and publish, a lost relay message) on a real node. A node is built
 * with one implementation; production's is {@link #NONE}, and only the test tree has another, so no
 * setting, property or environment variable can arm a fault in a deployment.
 */
public interface Faults {

  /** Nothing ever fails on purpose. */
  Faults NONE = new Faults() { };

  /** Called right after a payment's transaction commits, before its event is published. */
  default void afterCommit() {
  }

  /** Whether the cluster relay drops the message that just reached this node. */
  default boolean dropRelayMessage() {
    return false;
  }
}
