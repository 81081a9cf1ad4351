package io.paynotify.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The text format's timestamp ({@code %ts} in logback.xml): what {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX}}
 * writes, e.g. {@code 2026-12-01T10:48:12.045Z}, in the JVM's zone; formatted once per second and the
 * milliseconds appended. Logback's own date converter formats anew each millisecond, and formatting a
 * date is a large part of what an access line costs the event loop that writes it.
 */
public final class Timestamp extends ClassicConverter {

  private static final DateTimeFormatter TO_SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("XXX");

  /** One second's text: what comes before and after the milliseconds. */
  private record Second(long epochSecond, String prefix, String offset) { }

  private final ZoneId zone = ZoneId.systemDefault();
  private volatile Second cached = new Second(Long.MIN_VALUE, "", "");

  @Override
  public String convert(ILoggingEvent event) {
    return format(event.getTimeStamp());
  }

  String format(long epochMillis) {
    long epochSecond = Math.floorDiv(epochMillis, 1000);
    Second second = cached;
    if (second.epochSecond() != epochSecond) {
      ZonedDateTime time = Instant.ofEpochSecond(epochSecond).atZone(zone);
      second = new Second(epochSecond, TO_SECOND.format(time), OFFSET.format(time));
      cached = second;
    }
    int millis = (int) Math.floorMod(epochMillis, 1000);
    StringBuilder text = new StringBuilder(second.prefix().length() + 10).append(second.prefix()).append('.');
    if (millis < 100) {
      text.append('0');
    }
    if (millis < 10) {
      text.append('0');
    }
    return text.append(millis).append(second.offset()).toString();
  }
}
