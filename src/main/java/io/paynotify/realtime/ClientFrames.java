package io.paynotify.realtime;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What a client may send on its socket, frame by frame. A message (one frame, or a first frame and
 * its continuations) is reassembled up to {@link #MAX_MESSAGE} bytes; one byte more and the socket is
 * closed with 1009, so a client cannot make the server buffer more than that however it fragments.
 * A text message {@code {"type":"PING"}} is answered with {@code {"type":"PONG"}}; every other text
 * message and every binary message is ignored. Any frame counts as a sign of life.
 */
final class ClientFrames {

  static final int MAX_MESSAGE = 4096;

  private final Runnable onPing;
  private final Runnable onAlive;
  private final Consumer<CloseCode> onViolation;
  private Buffer message;
  private boolean text;

  ClientFrames(Runnable onPing, Runnable onAlive, Consumer<CloseCode> onViolation) {
    this.onPing = onPing;
    this.onAlive = onAlive;
    this.onViolation = onViolation;
  }

  void handle(WebSocketFrame frame) {
    onAlive.run();
    if (frame.isText() || frame.isBinary()) {
      text = frame.isText();
      message = Buffer.buffer();
    } else if (!frame.isContinuation() || message == null) {
      return;
    }
    Buffer data = frame.binaryData();
    if (message.length() + data.length() > MAX_MESSAGE) {
      message = null;
      onViolation.accept(CloseCode.TOO_BIG);
      return;
    }
    message.appendBuffer(data);
    if (frame.isFinal()) {
      Buffer complete = message;
      message = null;
      if (text && isPing(complete)) {
        onPing.run();
      }
    }
  }

  private static boolean isPing(Buffer message) {
    if (message.length() > 256) {
      return false;
    }
    try {
      String json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(message.getBytes())).toString();
      return "PING".equals(new JsonObject(json).getValue("type"));
    } catch (CharacterCodingException | DecodeException | ClassCastException e) {
      return false;
    }
  }
}
