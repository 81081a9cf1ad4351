package io.paynotify.bench;

/** A pause of the bench's own driving thread (never an event loop): the bench polls figures between phases. */
final class Pause {

  private Pause() {
  }

  static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
