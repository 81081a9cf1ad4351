package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.config.AppConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The inbox retry delay: 1 s, 2 s, 4 s ... capped, with up to 20% jitter on top. */
class BackoffTest {

  static final AppConfig.Inbox CONFIG = new AppConfig.Inbox(Duration.ofSeconds(1), Duration.ofSeconds(30),
      Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(60), Duration.ofSeconds(600));
  static final RetryPolicy POLICY = new RetryPolicy(CONFIG);

  static void assertDelay(int attempts, long baseMillis) {
    for (int i = 0; i < 200; i++) {
      assertThat(POLICY.backoff(attempts).toMillis()).as("attempt %d", attempts)
          .isBetween(baseMillis, baseMillis + baseMillis / 5);
    }
  }

  @Test
  void doublesWithEveryAttempt() {
    assertDelay(1, 1000);
    assertDelay(2, 2000);
    assertDelay(3, 4000);
    assertDelay(4, 8000);
  }

  @Test
  void staysAtTheCapHoweverManyAttempts() {
    assertDelay(5, 10_000);
    assertDelay(30, 10_000);
    assertDelay(Integer.MAX_VALUE, 10_000);
  }

  @Test
  void treatsAnUnexpectedAttemptCountAsTheFirst() {
    assertDelay(0, 1000);
    assertDelay(-3, 1000);
  }
}
