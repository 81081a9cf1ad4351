package io.paynotify.error;

/** Every error a client can see: HTTP status and stable wire code. */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  URI_TOO_LONG(414, "uri_too_long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  TOO_MANY_REQUESTS(429, "too_many_requests"),
  HEADERS_TOO_LARGE(431, "headers_too_large"),
  INTERNAL(500, "internal_error"),
  UNAVAILABLE(503, "unavailable");

  private final int status;
  private final String wire;

  ErrorCode(int status, String wire) {
    this.status = status;
    this.wire = wire;
  }

  public int status() {
    return status;
  }

  public String wire() {
    return wire;
  }

  public static ErrorCode forStatus(int status) {
    for (ErrorCode code : values()) {
      if (code.status == status) {
        return code;
      }
    }
    return status >= 500 ? INTERNAL : BAD_REQUEST;
  }
}
