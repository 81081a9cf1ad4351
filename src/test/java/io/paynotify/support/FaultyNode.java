package io.paynotify.support;

import io.paynotify.Main;

/**
 * A node process built with one {@link Fault} (its name the only argument), otherwise exactly as
 * {@code Main} starts one. It lives in the test tree, so the jar cannot start a faulty node.
 */
public final class FaultyNode {

  private FaultyNode() {
  }

  public static void main(String[] args) {
    Main.run(Fault.valueOf(args[0]));
  }
}
