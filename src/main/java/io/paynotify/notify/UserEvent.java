package io.paynotify.notify;

import io.vertx.core.json.JsonObject;

/**
 * One stored event of one user, as pushed to that user's tabs. The wire frame is encoded once and
 * shared by every socket that receives it.
 */
public final class UserEvent {

  private final String userId;
  private final long seq;
  private final String type;
  private final JsonObject data;
  private String frame;

  public UserEvent(String userId, long seq, String type, JsonObject data) {
    this.userId = userId;
    this.seq = seq;
    this.type = type;
    this.data = data;
  }

  public String userId() {
    return userId;
  }

  public long seq() {
    return seq;
  }

  public String type() {
    return type;
  }

  public JsonObject data() {
    return data;
  }

  /** {@code {"type":..,"seq":..,"data":{..}}}, as a client sees it. */
  public JsonObject toFrameJson() {
    return new JsonObject().put("type", type).put("seq", seq).put("data", data);
  }

  public synchronized String frame() {
    if (frame == null) {
      frame = toFrameJson().encode();
    }
    return frame;
  }

  /** The form carried between nodes. */
  public JsonObject toJson() {
    return new JsonObject().put("userId", userId).put("seq", seq).put("type", type).put("data", data);
  }
}
