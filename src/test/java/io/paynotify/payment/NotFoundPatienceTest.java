package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A 404 is given up only once the back-off alone has waited the whole patience. */
class NotFoundPatienceTest {

  @Test
  void theDefaultHourOutlastsTheOldFifteenSeconds() {
    NotFoundPatience patience = new NotFoundPatience(Duration.ofHours(1), Duration.ofSeconds(300));
    assertThat(patience.exhausted(5)).isFalse();
    assertThat(patience.exhausted(15)).isFalse(); // 1+2+...+256 s, then 300 s each: 4 min 15 s + 5 × 5 min
    // 511 s over the first nine retries, then 300 s each: 3600 s are reached after 20 retries
    assertThat(patience.exhausted(20)).isFalse();
    assertThat(patience.exhausted(21)).isTrue();
  }

  @Test
  void aShortBackoffNeedsManyMoreAttemptsForTheSamePatience() {
    NotFoundPatience patience = new NotFoundPatience(Duration.ofHours(1), Duration.ofSeconds(1));
    assertThat(patience.exhausted(3600)).isFalse();
    assertThat(patience.exhausted(3601)).isTrue();
  }

  @Test
  void theFirstFailureIsNeverGivenUp() {
    assertThat(new NotFoundPatience(Duration.ofSeconds(1), Duration.ofSeconds(1)).exhausted(1)).isFalse();
  }
}
