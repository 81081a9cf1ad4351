package io.paynotify.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client on a plain TCP socket, the upgrade done by hand: it reads only when asked
 * (answering the server's pings as it reads them, unless {@link #silent()}), and can send any frame
 * (fragments, binary, oversized, broken UTF-8). For tests that need a client misbehaving in ways a
 * real client library will not.
 */
public final class RawSocket implements AutoCloseable {

  public static final int CONTINUATION = 0, TEXT = 1, BINARY = 2, CLOSE = 8, PING = 9, PONG = 10;

  /** One frame read from the server. */
  public record Frame(int opcode, boolean fin, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final int status;
  private final String head;
  private final String key;
  private String body = "";
  private boolean broken;
  private boolean answerPings = true;

  private RawSocket(Socket socket, String head, String key) throws IOException {
    this.socket = socket;
    this.key = key;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.head = head;
    this.status = RawHttp.status(head);
  }

  /**
   * Connects and sends the upgrade; {@code headers} add to or replace the upgrade's own ({@code ""}
   * leaves one out); {@code receiveBuffer} > 0 sets a small TCP receive buffer.
   */
  public static RawSocket upgrade(int port, String uri, Map<String, String> headers, int receiveBuffer) {
    try {
      Socket s = new Socket();
      if (receiveBuffer > 0) {
        s.setReceiveBufferSize(receiveBuffer);
      }
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(20_000);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      Map<String, String> all = new LinkedHashMap<>(Map.of("Upgrade", "websocket", "Connection", "Upgrade",
          "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key)));
      all.putAll(headers); // a test's own value replaces the default; an empty one leaves the header out
      StringBuilder req = new StringBuilder("GET " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
      all.forEach((k, v) -> req.append(v.isEmpty() ? "" : k + ": " + v + "\r\n"));
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      RawSocket raw = new RawSocket(s, RawHttp.readHead(s.getInputStream()), all.get("Sec-WebSocket-Key"));
      if (raw.status != 101) {
        raw.body = RawHttp.readBody(raw.in, raw.head);
      }
      return raw;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static RawSocket open(int port, String token) {
    return upgrade(port, "/notifications/ws?token=" + Tab.encode(token), Map.of(), 0);
  }

  /** The {@code Sec-WebSocket-Key} the upgrade sent. */
  public String key() {
    return key;
  }

  /** The status line and headers of the server's answer to the upgrade. */
  public String head() {
    return head;
  }

  /** The body of a refused upgrade (empty when accepted). */
  public String body() {
    return body;
  }

  /** From now on the server's pings are read but never answered: a tab whose pongs stopped. */
  public RawSocket silent() {
    answerPings = false;
    return this;
  }

  /** 101 when the upgrade was accepted, else the HTTP status of the refusal. */
  public int status() {
    return status;
  }

  /**
   * Sends one masked frame. Once the server has closed the connection a send is dropped, as a real
   * client's would be, and {@link #read()} still returns what the server sent before it closed.
   */
  public void send(int opcode, boolean fin, byte[] payload) {
    if (broken) {
      return;
    }
    try {
      ByteBuffer header = ByteBuffer.allocate(14);
      header.put((byte) ((fin ? 0x80 : 0) | opcode));
      if (payload.length < 126) {
        header.put((byte) (0x80 | payload.length));
      } else if (payload.length < 65536) {
        header.put((byte) (0x80 | 126)).putShort((short) payload.length);
      } else {
        header.put((byte) (0x80 | 127)).putLong(payload.length);
      }
      byte[] mask = new byte[4];
      ThreadLocalRandom.current().nextBytes(mask);
      header.put(mask);
      byte[] masked = new byte[payload.length];
      for (int i = 0; i < payload.length; i++) {
        masked[i] = (byte) (payload[i] ^ mask[i % 4]);
      }
      byte[] frame = Arrays.copyOf(header.array(), header.position() + masked.length);
      System.arraycopy(masked, 0, frame, header.position(), masked.length);
      out.write(frame); // one write: the frame arrives whole, never with its payload trailing behind
      out.flush();
    } catch (IOException e) {
      broken = true;
    }
  }

  public void sendText(String text) {
    send(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The next frame, or null when the connection ends (or stays silent past the read timeout). */
  public Frame read() {
    try {
      int b0 = in.read();
      if (b0 < 0) {
        return null;
      }
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      if ((b0 & 0x0f) == PING && answerPings) {
        send(PONG, true, payload);
      }
      return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The next whole message (continuations joined) or control frame; null when the connection ends. */
  public Frame readMessage() {
    Frame first = read();
    if (first == null || first.fin() || first.opcode() >= CLOSE) {
      return first;
    }
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.writeBytes(first.payload());
    for (Frame f = read(); f != null; f = read()) {
      if (f.opcode() == CONTINUATION) {
        message.writeBytes(f.payload());
        if (f.fin()) {
          return new Frame(first.opcode(), true, message.toByteArray());
        }
      } else if (f.opcode() == CLOSE) {
        return f;
      }
    }
    return null;
  }

  /** Reads until the server's close frame; its code, or -1 when the connection ends without one. */
  public int awaitClose() {
    for (Frame f = read(); f != null; f = read()) {
      if (f.opcode() == CLOSE) {
        return f.closeCode();
      }
    }
    return -1;
  }

  /** Reads until a text frame arrives; null if the connection ends first. */
  public Frame readText() {
    for (Frame f = read(); f != null; f = read()) {
      if (f.opcode() == TEXT || f.opcode() == CLOSE) {
        return f;
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
