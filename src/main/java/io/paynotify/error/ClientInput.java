package io.paynotify.error;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/** Reading what a client sent into values: anything unreadable is a 400 in the one error shape. */
public final class ClientInput {

  private ClientInput() {
  }

  /** {@code value} as a whole number from 0 to {@code max}; {@code fallback} when it is absent. */
  public static long wholeNumber(String name, String value, long fallback, long max) {
    if (value == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > max) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw AppException.badRequest(name + (max == Long.MAX_VALUE ? " must be a non-negative whole number"
          : " must be a whole number from 0 to " + max));
    }
  }

  /** {@code text} as a JSON object. */
  public static JsonObject jsonObject(String text) {
    try {
      return new JsonObject(text == null ? "" : text);
    } catch (DecodeException | ClassCastException e) {
      throw AppException.badRequest("the body must be a JSON object");
    }
  }
}
