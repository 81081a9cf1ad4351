package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The cached timestamp writes exactly what the pattern {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} would. */
class TimestampTest {

  private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private static String expected(long millis) {
    return PATTERN.format(Instant.ofEpochMilli(millis).atZone(ZoneId.systemDefault()));
  }

  @Test
  void everyMillisecondAcrossSecondsIsWrittenAsThePatternWould() {
    Timestamp timestamp = new Timestamp();
    long start = 1_796_115_599_990L; // 10 ms before a second boundary
    LongStream.range(start, start + 2_100).forEach(ms -> assertThat(timestamp.format(ms)).isEqualTo(expected(ms)));
  }

  @Test
  void timesGoingBackAndFarApartAreRight() {
    Timestamp timestamp = new Timestamp();
    for (long ms : new long[] {1_796_115_600_005L, 1_796_115_599_999L, 0L, 1_000L, 86_400_000L * 366 + 7, 1_796_115_600_005L}) {
      assertThat(timestamp.format(ms)).isEqualTo(expected(ms));
    }
  }
}
