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
 * message and every binary message is ignored; a text message that is not UTF-8 closes with 1007.
 * Any frame counts as a sign of life.
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
      if (text) {
        onText(complete);
      }
    }
  }

  /** A text message must be UTF-8 (else 1007, as RFC 6455 asks); a PING is answered. */
  private void onText(Buffer complete) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(complete.getBytes())).toString();
    } catch (CharacterCodingException e) {
      onViolation.accept(CloseCode.INVALID_DATA);
      return;
    }
    if (isPing(text)) {
      onPing.run();
    }
  }

  private static boolean isPing(String text) {
    if (text.length() > 256) {
      return false;
    }
    try {
      return "PING".equals(new JsonObject(text).getValue("type"));
    } catch (DecodeException | ClassCastException e) {
      return false;
    }
  }
}
