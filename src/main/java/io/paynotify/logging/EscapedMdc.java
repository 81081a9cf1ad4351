package io.paynotify.logging;

import ch.qos.logback.classic.pattern.MDCConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %mdc} of the text log, one line whatever its values hold (see {@link Escaped}). */
public final class EscapedMdc extends MDCConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return Escaped.line(super.convert(event));
  }
}
