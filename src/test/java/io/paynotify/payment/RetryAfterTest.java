package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Retry-After as seconds or as an HTTP-date; the retry is no earlier than it asks, and capped. */
class RetryAfterTest {

  static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  @Test
  void readsDelaySecondsAndHttpDates() {
    assertThat(RetryAfter.parse("120", NOW)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 7 ", NOW)).contains(Duration.ofSeconds(7));
    assertThat(RetryAfter.parse("Tue, 01 Dec 2026 08:00:30 GMT", NOW)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Tue, 01 Dec 2026 07:59:00 GMT", NOW)).contains(Duration.ZERO);
  }

  @Test
  void ignoresWhatIsNotARetryAfter() {
    assertThat(RetryAfter.parse(null, NOW)).isEmpty();
    assertThat(RetryAfter.parse("", NOW)).isEmpty();
    assertThat(RetryAfter.parse("soon", NOW)).isEmpty();
    assertThat(RetryAfter.parse("-5", NOW)).isEmpty();
  }

  @Test
  void theRetryIsNoEarlierThanAskedAndCappedByTheMaximumBackoff() {
    RetryPolicy processor = BackoffTest.POLICY; // cap 10 s
    assertThat(processor.retryDelay(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    assertThat(processor.retryDelay(1, Duration.ofSeconds(600))).isEqualTo(Duration.ofSeconds(10));
    assertThat(processor.retryDelay(1, Duration.ZERO).toMillis()).isBetween(1000L, 1200L);
    assertThat(processor.retryDelay(4, Duration.ofSeconds(2)).toMillis()).isBetween(8000L, 9600L);
  }
}
