package io.paynotify.error;

/**
 * The one application exception: an {@link ErrorCode} and a message that is safe to show a client.
 * Never built from another exception's message.
 */
public class AppException extends RuntimeException {

  private final ErrorCode code;

  public AppException(ErrorCode code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static AppException badRequest(String message) {
    return new AppException(ErrorCode.BAD_REQUEST, message);
  }

  public static AppException unauthorized(String message) {
    return new AppException(ErrorCode.UNAUTHORIZED, message);
  }

  public static AppException notFound(String message) {
    return new AppException(ErrorCode.NOT_FOUND, message);
  }

  public static AppException unavailable(String message) {
    return new AppException(ErrorCode.UNAVAILABLE, message);
  }
}
