package io.paynotify.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %msg} of the text log, one line whatever its arguments hold (see {@link Escaped}). */
public final class EscapedMessage extends MessageConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Escaped.line(super.convert(event));
  }
}
