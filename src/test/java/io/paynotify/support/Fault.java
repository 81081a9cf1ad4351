package io.paynotify.support;

import io.paynotify.fault.Faults;

/** The faults a fault test can build a node with (see {@link FaultyNode}). */
public enum Fault implements Faults {

  /** The node halts ({@code Runtime.halt}, like kill -9) right after a payment's transaction commits. */
  HALT_AFTER_COMMIT {
    @Override
    public void afterCommit() {
      Runtime.getRuntime().halt(137);
    }
  },

  /** The node drops every event that reaches it on the cluster relay (a lost message between nodes). */
  DROP_RELAY {
    @Override
    public boolean dropRelayMessage() {
      return true;
    }
  }
}
