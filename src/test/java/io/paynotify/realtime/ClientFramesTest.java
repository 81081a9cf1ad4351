package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client-frame rules on their own: reassembly bounded at 4 KiB, PING, UTF-8, binary ignored. */
class ClientFramesTest {

  final List<String> calls = new ArrayList<>();
  ClientFrames frames;

  @BeforeEach
  void create() {
    frames = new ClientFrames(() -> calls.add("ping"), code -> calls.add("close " + code.code()));
  }

  private void handle(WebSocketFrame frame) {
    try {
      frames.handle(frame);
    } finally {
      frame.release();
    }
  }

  private static TextWebSocketFrame text(String text, boolean fin) {
    return new TextWebSocketFrame(fin, 0, text);
  }

  private static ContinuationWebSocketFrame more(byte[] bytes, boolean fin) {
    return new ContinuationWebSocketFrame(fin, 0, Unpooled.wrappedBuffer(bytes));
  }

  private static ContinuationWebSocketFrame more(String text, boolean fin) {
    return more(text.getBytes(StandardCharsets.UTF_8), fin);
  }

  private static BinaryWebSocketFrame binary(byte[] bytes) {
    return new BinaryWebSocketFrame(true, 0, Unpooled.wrappedBuffer(bytes));
  }

  @Test
  void answersAPingSentWholeOrInFragments() {
    handle(text("{\"type\":\"PING\"}", true));
    handle(text("{\"type\"", false));
    handle(more(":\"PI", false));
    handle(more("NG\"}", true));
    assertThat(calls).containsExactly("ping", "ping");
  }

  @Test
  void ignoresOtherTextBinaryAndOrphanContinuations() {
    handle(text("{\"type\":\"PUBLISH\"}", true));
    handle(text("PING", true));
    handle(binary("{\"type\":\"PING\"}".getBytes(StandardCharsets.UTF_8)));
    handle(more("x", true));
    assertThat(calls).isEmpty();
  }

  @Test
  void acceptsExactly4KiBAndClosesWith1009OneByteOverEvenWhenFragmented() {
    handle(binary("a".repeat(4096).getBytes(StandardCharsets.UTF_8)));
    assertThat(calls).doesNotContain("close 1009");
    handle(text("a".repeat(4000), false));
    handle(more("a".repeat(96), false));
    assertThat(calls).doesNotContain("close 1009");
    handle(more("a", true));
    assertThat(calls).containsOnlyOnce("close 1009");
  }

  @Test
  void closesWith1007ATextMessageThatIsNotUtf8() {
    handle(binary(new byte[] {(byte) 0xC3, (byte) 0x28}));
    assertThat(calls).doesNotContain("close 1007");
    handle(text("\"", false));
    handle(more(new byte[] {(byte) 0xC3}, false));
    handle(more(new byte[] {(byte) 0xA9, '"'}, true));
    assertThat(calls).as("a character split across fragments is fine").doesNotContain("close 1007");
    handle(new TextWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[] {'"', (byte) 0xC3})));
    assertThat(calls).containsOnlyOnce("close 1007");
  }
}
