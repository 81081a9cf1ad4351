package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BadSignatureLogTest {

  @Test
  void logsOncePerWindowPerSourceWithTheCountSinceTheLastLine() {
    BadSignatureLog log = new BadSignatureLog(LoggerFactory.getLogger(BadSignatureLogTest.class), 60_000);
    assertThat(log.rejected("10.0.0.1", "1", 0)).isTrue();
    assertThat(log.rejected("10.0.0.1", "1", 1_000)).isFalse();
    assertThat(log.rejected("10.0.0.2", "1", 1_000)).isTrue(); // another source has its own window
    assertThat(log.rejected("10.0.0.1", "1", 59_999)).isFalse();
    assertThat(log.rejected("10.0.0.1", "1", 60_000)).isTrue();
  }
}
