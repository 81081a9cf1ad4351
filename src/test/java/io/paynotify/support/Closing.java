package io.paynotify.support;

/** Closes what a test class started, in the order given, skipping what never started (null). */
public final class Closing {

  private Closing() {
  }

  public static void all(AutoCloseable... resources) {
    for (AutoCloseable each : resources) {
      if (each != null) {
        try {
          each.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }
}
