package io.paynotify.error;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Application errors across the event bus, both ways, in one place: a failed reply carries the
 * HTTP status as its failure code and {@code "<wire code> <message>"} as its message, and is read
 * back into the same {@link AppException} on the requesting side.
 */
public final class BusErrors {

  private BusErrors() {
  }

  /** Fails {@code message} with {@code error}'s code and client-safe message. */
  public static void fail(Message<?> message, AppException error) {
    message.fail(error.code().status(), error.code().wire() + " " + error.getMessage());
  }

  /**
   * The application error a failed request carries; {@code otherwise} when the recipient did not
   * answer with one (no consumer, a timeout, an unknown code).
   */
  public static AppException fromReply(Throwable failure, AppException otherwise) {
    if (!(failure instanceof ReplyException reply) || reply.failureType() != ReplyFailure.RECIPIENT_FAILURE
        || reply.getMessage() == null) {
      return otherwise;
    }
    String text = reply.getMessage();
    int space = text.indexOf(' ');
    return ErrorCode.forWire(space < 0 ? text : text.substring(0, space))
        .map(code -> new AppException(code, space < 0 ? "" : text.substring(space + 1)))
        .orElse(otherwise);
  }
}
