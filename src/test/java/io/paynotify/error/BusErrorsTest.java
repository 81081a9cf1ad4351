package io.paynotify.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An application error crosses the event bus and comes back as the same code and message. */
class BusErrorsTest {

  private final Vertx vertx = Vertx.vertx();
  private final AppException otherwise = AppException.unavailable("retry later");

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void aFailedReplyComesBackAsTheSameApplicationError() {
    vertx.eventBus().<String>localConsumer("a", m -> BusErrors.fail(m, AppException.unauthorized("missing or invalid x-signature")))
        .completion().await();

    Throwable failure = failureOf(vertx.eventBus().request("a", "x"));
    AppException back = BusErrors.fromReply(failure, otherwise);

    assertThat(back.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(back.getMessage()).isEqualTo("missing or invalid x-signature");
  }

  @Test
  void aRequestNobodyAnsweredIsTheFallback() {
    Throwable failure = failureOf(vertx.eventBus().request("nobody", "x"));

    assertThat(BusErrors.fromReply(failure, otherwise)).isSameAs(otherwise);
  }

  private static Throwable failureOf(Future<?> request) {
    return request.<Throwable>transform(ar -> Future.succeededFuture(ar.cause())).await();
  }

  @Test
  void onlyUnavailableAndTooManyRequestsAreTemporary() {
    assertThat(ErrorCode.UNAVAILABLE.temporary()).isTrue();
    assertThat(ErrorCode.TOO_MANY_REQUESTS.temporary()).isTrue();
    assertThat(ErrorCode.BAD_REQUEST.temporary()).isFalse();
    assertThat(ErrorCode.INTERNAL.temporary()).isFalse();
  }
}
