package io.paynotify.notify;

import io.vertx.core.json.JsonObject;

/**
 * What a message on {@link Addresses#RELAY} must be before it reaches any socket: exactly what a node
 * publishes ({@link UserEvent#toJson()}), for a user id and of a type that a node stores. Anything else
 * came from no paynotify node (a stranger on the cluster network, a broken peer) and is dropped.
 */
final class RelayMessage {

  /** Why a message was dropped: the {@code reason} of {@code paynotify_relay_dropped_total}. */
  enum Problem {
    MALFORMED("malformed"), USER_ID("user_id"), SEQ("seq"), TYPE("type");

    final String reason;

    Problem(String reason) {
      this.reason = reason;
    }
  }

  /** The event, or why there is none. */
  record Checked(UserEvent event, Problem problem) { }

  private RelayMessage() {
  }

  static Checked check(Object body) {
    if (!(body instanceof JsonObject json) || !(json.getValue("data") instanceof JsonObject data)) {
      return new Checked(null, Problem.MALFORMED);
    }
    if (!(json.getValue("userId") instanceof String userId) || !EventTypes.isUserId(userId)) {
      return new Checked(null, Problem.USER_ID);
    }
    Object seq = json.getValue("seq");
    if (!(seq instanceof Integer || seq instanceof Long) || ((Number) seq).longValue() <= 0) {
      return new Checked(null, Problem.SEQ);
    }
    if (!(json.getValue("type") instanceof String type) || !EventTypes.isStorable(type)) {
      return new Checked(null, Problem.TYPE);
    }
    return new Checked(new UserEvent(userId, ((Number) seq).longValue(), type, data), null);
  }
}
