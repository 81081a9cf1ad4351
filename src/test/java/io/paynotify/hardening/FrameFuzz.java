package io.paynotify.hardening;

import io.paynotify.support.RawSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded random WebSocket frames a stranger may send: text, binary, fragments (with control frames
 * between them), oversized messages, invalid UTF-8, reserved opcodes, oversized control frames,
 * orphan continuations, data frames inside a fragmented message and attempts to publish events. Never a client close frame.
 */
final class FrameFuzz {

  private final Random random;
  private final StringBuilder sent = new StringBuilder();

  FrameFuzz(Random random) {
    this.random = random;
  }

  /**
   * Sends 1-5 random frames, stopping after the first one the server must refuse; returns the close
   * code that one must get (1009 too big, 1007 not UTF-8, 1002 protocol error), or 0 when every frame
   * was acceptable and the socket must stay open.
   */
  int sendSome(RawSocket socket) {
    sent.setLength(0);
    int frames = 1 + random.nextInt(5);
    for (int i = 0; i < frames; i++) {
      int kind = random.nextInt(12);
      sent.append(kind).append(' ');
      sendOne(socket, kind);
      int expected = switch (kind) {
        case 4, 5 -> 1009;
        case 6 -> 1007;
        case 7, 8, 10, 11 -> 1002;
        default -> 0;
      };
      if (expected != 0) {
        return expected;
      }
    }
    return 0;
  }

  private void sendOne(RawSocket socket, int kind) {
    switch (kind) {
      case 0 -> socket.sendText("{\"type\":\"" + word() + "\",\"data\":{\"n\":" + random.nextInt() + "}}");
      case 1 -> socket.sendText("{\"type\":\"PAYMENT_CONFIRMED\",\"seq\":1,\"data\":{\"userId\":\"victim\",\"creditsAdded\":99}}");
      case 2 -> socket.send(RawSocket.BINARY, true, bytes(random.nextInt(300)));
      case 3 -> fragments(socket, "{\"type\":\"PING\",\"pad\":\"" + "p".repeat(random.nextInt(3000)) + "\"}");
      case 4 -> socket.send(random.nextBoolean() ? RawSocket.TEXT : RawSocket.BINARY, true, filled(4097 + random.nextInt(6000)));
      case 5 -> fragments(socket, "q".repeat(4097 + random.nextInt(4000)));
      case 6 -> socket.send(RawSocket.TEXT, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'});
      case 7 -> socket.send(pick(3, 4, 5, 6, 7, 11, 12, 13, 14, 15), true, bytes(random.nextInt(20)));
      case 8 -> socket.send(RawSocket.PING, true, bytes(126 + random.nextInt(200)));
      case 9 -> socket.send(RawSocket.PING, true, bytes(random.nextInt(125)));
      case 10 -> socket.send(RawSocket.CONTINUATION, random.nextBoolean(), bytes(random.nextInt(100)));
      default -> { // a new data frame inside a fragmented message
        socket.send(RawSocket.TEXT, false, "{\"type\":".getBytes(StandardCharsets.UTF_8));
        socket.send(RawSocket.TEXT, true, "\"PING\"}".getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** The kinds of frame sent by the last {@link #sendSome} (for a failure message). */
  String lastSent() {
    return sent.toString();
  }

  /** The message split into 2-4 fragments, sometimes with a ping between two of them. */
  private void fragments(RawSocket socket, String message) {
    byte[] all = message.getBytes(StandardCharsets.UTF_8);
    int parts = 2 + random.nextInt(3);
    int size = Math.max(1, all.length / parts);
    for (int start = 0, n = 0; start < all.length; start += size, n++) {
      boolean last = start + size >= all.length;
      byte[] part = Arrays.copyOfRange(all, start, last ? all.length : start + size);
      socket.send(n == 0 ? RawSocket.TEXT : RawSocket.CONTINUATION, last, part);
      if (!last && random.nextInt(4) == 0) {
        socket.send(RawSocket.PING, true, bytes(4));
      }
      if (last) {
        break;
      }
    }
  }

  private String word() {
    return pick("PING", "ping", "PONG", "HELLO", "SUBSCRIBE", "", "PUBLISH", "READY");
  }

  private byte[] filled(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'f');
    return b;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }
}
