package io.paynotify.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
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
    frames = new ClientFrames(() -> calls.add("ping"), () -> calls.add("alive"), code -> calls.add("close " + code.code()));
  }

  @Test
  void answersAPingSentWholeOrInFragments() {
    frames.handle(WebSocketFrame.textFrame("{\"type\":\"PING\"}", true));
    frames.handle(WebSocketFrame.textFrame("{\"type\"", false));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer(":\"PI"), false));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer("NG\"}"), true));
    assertThat(calls).containsExactly("alive", "ping", "alive", "alive", "alive", "ping");
  }

  @Test
  void ignoresOtherTextBinaryAndOrphanContinuations() {
    frames.handle(WebSocketFrame.textFrame("{\"type\":\"PUBLISH\"}", true));
    frames.handle(WebSocketFrame.textFrame("PING", true));
    frames.handle(WebSocketFrame.binaryFrame(Buffer.buffer("{\"type\":\"PING\"}"), true));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true));
    assertThat(calls).containsOnly("alive").hasSize(4);
  }

  @Test
  void acceptsExactly4KiBAndClosesWith1009OneByteOverEvenWhenFragmented() {
    frames.handle(WebSocketFrame.binaryFrame(Buffer.buffer("a".repeat(4096)), true));
    assertThat(calls).doesNotContain("close 1009");
    frames.handle(WebSocketFrame.textFrame("a".repeat(4000), false));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer("a".repeat(96)), false));
    assertThat(calls).doesNotContain("close 1009");
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer("a"), true));
    assertThat(calls).containsOnlyOnce("close 1009");
  }

  @Test
  void closesWith1007ATextMessageThatIsNotUtf8() {
    frames.handle(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {(byte) 0xC3, (byte) 0x28}), true));
    assertThat(calls).doesNotContain("close 1007");
    Buffer broken = Buffer.buffer(new byte[] {'"', (byte) 0xC3});
    frames.handle(WebSocketFrame.textFrame("\"", false));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {(byte) 0xC3}), false));
    frames.handle(WebSocketFrame.continuationFrame(Buffer.buffer(new byte[] {(byte) 0xA9, '"'}), true));
    assertThat(calls).as("a character split across fragments is fine").doesNotContain("close 1007");
    frames.handle(new io.vertx.core.http.impl.ws.WebSocketFrameImpl(io.vertx.core.http.WebSocketFrameType.TEXT,
        broken.getBytes(), true));
    assertThat(calls).containsOnlyOnce("close 1007");
  }
}
