package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failures are retried, after how long, and which are given up (no jitter: exact delays). */
class RetryPolicyTest {

  static final RetryPolicy POLICY = new RetryPolicy(BackoffTest.CONFIG, bound -> 0); // cap 10 s, an hour of 404s

  static GatewayException gateway(GatewayException.Kind kind, Duration retryAfter) {
    return new GatewayException(kind, "mercado pago said " + kind, retryAfter);
  }

  @Test
  void givesUpAtOnceWhenTheAccessTokenIsRefused() {
    RetryPolicy.Decision decision = POLICY.decide(1, gateway(GatewayException.Kind.REFUSED, null));
    assertThat(decision.giveUp()).isTrue();
    assertThat(decision.reason()).isEqualTo("mercado pago said REFUSED");
    assertThat(decision.givenUpAs()).isEqualTo("refused");
  }

  @Test
  void retriesANotFoundForAnHourOfBackoffThenGivesUp() {
    assertThat(POLICY.decide(4, gateway(GatewayException.Kind.NOT_FOUND, null)))
        .isEqualTo(new RetryPolicy.Decision(false, Duration.ofSeconds(8), "mercado pago said NOT_FOUND"));
    // 1 + 2 + 4 + 8 s, then 10 s each: 3600 s are waited before attempt 364
    assertThat(POLICY.decide(363, gateway(GatewayException.Kind.NOT_FOUND, null)).giveUp()).isFalse();
    RetryPolicy.Decision givenUp = POLICY.decide(364, gateway(GatewayException.Kind.NOT_FOUND, null));
    assertThat(givenUp.giveUp()).isTrue();
    assertThat(givenUp.givenUpAs()).isEqualTo("not_found");
  }

  @Test
  void retriesTransientFailuresForeverAtTheCappedBackoff() {
    assertThat(POLICY.decide(50, gateway(GatewayException.Kind.TRANSIENT, null)))
        .isEqualTo(new RetryPolicy.Decision(false, Duration.ofSeconds(10), "mercado pago said TRANSIENT"));
  }

  @Test
  void waitsAtLeastWhatRetryAfterAskedForUpToTheCap() {
    assertThat(POLICY.decide(1, gateway(GatewayException.Kind.TRANSIENT, Duration.ofSeconds(7))).delay())
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(POLICY.decide(1, gateway(GatewayException.Kind.TRANSIENT, Duration.ofHours(1))).delay())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void retriesADatabaseErrorAndNamesOnlyItsType() {
    RetryPolicy.Decision decision = POLICY.decide(2, new IllegalStateException("connection to 10.0.0.3 lost"));
    assertThat(decision).isEqualTo(new RetryPolicy.Decision(false, Duration.ofSeconds(2),
        "processing failed: IllegalStateException"));
  }

  @Test
  void addsAtMostAFifthAsJitter() {
    RetryPolicy most = new RetryPolicy(BackoffTest.CONFIG, bound -> bound);
    assertThat(most.decide(3, gateway(GatewayException.Kind.TRANSIENT, null)).delay()).isEqualTo(Duration.ofMillis(4800));
  }
}
