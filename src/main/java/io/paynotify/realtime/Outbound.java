package io.paynotify.realtime;

/** The outbound side of one socket, as an {@link EventStream} writes to it. */
interface Outbound {

  void writeText(String text);

  /** True when the socket's bounded outbound queue is full. */
  boolean queueFull();

  /** Runs {@code then} once, when the outbound queue has drained. */
  void onDrain(Runnable then);
}
