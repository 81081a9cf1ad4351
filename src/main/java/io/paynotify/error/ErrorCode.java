package io.paynotify.error;

import java.util.Optional;

/**
 * Every error a client can see: HTTP status, stable wire code, and whether it is temporary (the same
 * request may succeed later, so a client or Mercado Pago should retry it).
 */
public enum ErrorCode {
  BAD_REQUEST(400, "bad_request"),
  UNAUTHORIZED(401, "unauthorized"),
  FORBIDDEN(403, "forbidden"),
  NOT_FOUND(404, "not_found"),
  METHOD_NOT_ALLOWED(405, "method_not_allowed"),
  REQUEST_TIMEOUT(408, "request_timeout", true),
  PAYLOAD_TOO_LARGE(413, "payload_too_large"),
  URI_TOO_LONG(414, "uri_too_long"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
  INSUFFICIENT_CREDITS(409, "insufficient_credits"),
  IDEMPOTENCY_KEY_REUSED(422, "idempotency_key_reused"),
  UPGRADE_REQUIRED(426, "upgrade_required"),
  TOO_MANY_REQUESTS(429, "too_many_requests", true),
  HEADERS_TOO_LARGE(431, "headers_too_large"),
  INTERNAL(500, "internal_error"),
  UNAVAILABLE(503, "unavailable", true);

  private final int status;
  private final String wire;
  private final boolean temporary;

  ErrorCode(int status, String wire) {
    this(status, wire, false);
  }

  ErrorCode(int status, String wire, boolean temporary) {
    this.status = status;
    this.wire = wire;
    this.temporary = temporary;
  }

  public int status() {
    return status;
  }

  public String wire() {
    return wire;
  }

  public boolean temporary() {
    return temporary;
  }

  /** The code of a wire name, or empty when there is none of that name. */
  public static Optional<ErrorCode> forWire(String wire) {
    for (ErrorCode code : values()) {
      if (code.wire.equals(wire)) {
        return Optional.of(code);
      }
    }
    return Optional.empty();
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
