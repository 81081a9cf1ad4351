package io.paynotify.notify;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/** Hands a {@link UserEvent} to local consumers as it is: no copy, no encoding per socket. */
final class LocalEventCodec implements MessageCodec<UserEvent, UserEvent> {

  @Override
  public void encodeToWire(Buffer buffer, UserEvent event) {
    throw new UnsupportedOperationException("user events travel between nodes as JSON on " + Addresses.RELAY);
  }

  @Override
  public UserEvent decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("user events travel between nodes as JSON on " + Addresses.RELAY);
  }

  @Override
  public UserEvent transform(UserEvent event) {
    return event;
  }

  @Override
  public String name() {
    return "paynotify-user-event";
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
