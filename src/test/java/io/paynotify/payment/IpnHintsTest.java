package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.paynotify.payment.IpnHints.Verdict;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class IpnHintsTest {

  /** A clock the test moves by hand. */
  static final class Clock implements TimeMeter {
    long nanos = 1_000_000_000L;

    @Override
    public long currentTimeNanos() {
      return nanos;
    }

    @Override
    public boolean isWallClockBased() {
      return false;
    }

    void advance(Duration d) {
      nanos += d.toNanos();
    }
  }

  final Clock clock = new Clock();
  final IpnHints hints = new IpnHints(20, Duration.ofSeconds(10), clock);

  @Test
  void acceptsOneHintPerPaymentPerWindow() {
    assertThat(hints.offer("1")).isEqualTo(Verdict.ACCEPT);
    assertThat(hints.offer("1")).isEqualTo(Verdict.REPEAT);
    clock.advance(Duration.ofSeconds(9));
    assertThat(hints.offer("1")).isEqualTo(Verdict.REPEAT);
    clock.advance(Duration.ofSeconds(1));
    assertThat(hints.offer("1")).isEqualTo(Verdict.ACCEPT);
  }

  @Test
  void acceptsAtMostTheBucketInTotal() {
    int accepted = 0;
    for (int i = 0; i < 100; i++) {
      if (hints.offer(String.valueOf(i)) == Verdict.ACCEPT) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(20);
    assertThat(hints.offer("1000")).isEqualTo(Verdict.OVER_LIMIT);
    clock.advance(Duration.ofMillis(500));
    accepted = 0;
    for (int i = 100; i < 200; i++) {
      if (hints.offer(String.valueOf(i)) == Verdict.ACCEPT) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(10);
  }

  @Test
  void aRepeatedIdCostsNoTokenAndMemoryStaysBounded() {
    hints.offer("1");
    for (int i = 0; i < 1000; i++) {
      assertThat(hints.offer("1")).isEqualTo(Verdict.REPEAT);
    }
    for (int second = 0; second < 60; second++) {
      for (int i = 0; i < 100; i++) {
        hints.offer(second + "-" + i);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(hints.remembered()).isLessThanOrEqualTo(20 + 20 * 10);
  }
}
