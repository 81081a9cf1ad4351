package io.paynotify.realtime;

/**
 * Every WebSocket close code paynotify sends. 4000-4499 mean "reconnect (with a fresh token and
 * {@code since})", 4500-4999 mean "don't".
 */
public enum CloseCode {
  GOING_AWAY(1001, "going away"),
  PROTOCOL_ERROR(1002, "protocol error"),
  INVALID_DATA(1007, "invalid frame data"),
  TOO_BIG(1009, "frame too big"),
  INTERNAL(1011, "internal error"),
  TOKEN_EXPIRED(4001, "token expired"),
  PING_TIMEOUT(4002, "ping timeout"),
  SLOW_CONSUMER(4008, "slow consumer");

  private final short code;
  private final String reason;

  CloseCode(int code, String reason) {
    this.code = (short) code;
    this.reason = reason;
  }

  public short code() {
    return code;
  }

  public String reason() {
    return reason;
  }
}
