package io.paynotify.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which failures are retried, after how long, and which are given up (no jitter: exact delays). */
class RetryPolicyTest {

  static final RetryPolicy POLICY = new RetryPolicy(BackoffTest.CONFIG, bound -> 0); // cap 10 s, 5 not-founds

  static GatewayException gateway(GatewayException.Kind kind, Duration retryAfter) {
    return new GatewayException(kind, "mercado pago said " + kind, retryAfter);
  }

  @Test
  void givesUpAtOnceWhenTheAccessTokenIsRefused() {
    RetryPolicy.Decision decision = POLICY.decide(1, gateway(GatewayException.Kind.REFUSED, null));
    assertThat(decision.giveUp()).isTrue();
    assertThat(decision.reason()).isEqualTo("mercado pago said REFUSED");
  }

  @Test
  void retriesANotFoundUntilTheConfiguredAttemptsThenGivesUp() {
    assertThat(POLICY.decide(4, gateway(GatewayException.Kind.NOT_FOUND, null)))
        .isEqualTo(new RetryPolicy.Decision(false, Duration.ofSeconds(8), "mercado pago said NOT_FOUND"));
    assertThat(POLICY.decide(5, gateway(GatewayException.Kind.NOT_FOUND, null)).giveUp()).isTrue();
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
