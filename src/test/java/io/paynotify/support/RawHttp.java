package io.paynotify.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One plain HTTP/1.1 request on its own connection, sent byte for byte as given, so a test can send
 * what an HTTP client library refuses to (an undecodable query, a body of invalid UTF-8).
 */
public final class RawHttp {

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)content-length:\\s*(\\d+)");

  /** The answer: status (0 when the server closed without one), status line with headers, body. */
  public record Answer(int status, String head, String body) { }

  private RawHttp() {
  }

  public static Answer send(int port, String method, String uri, Map<String, String> headers, String body) {
    return send(port, method, uri, headers, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
  }

  public static Answer send(int port, String method, String uri, Map<String, String> headers, byte[] content) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      s.setSoTimeout(20_000);
      StringBuilder req = new StringBuilder(method + " " + uri + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n");
      headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
      s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        s.getOutputStream().write(content);
      } catch (IOException e) {
        // the server answered early (e.g. 413 / 431) and closed; its answer may still be readable
      }
      String head;
      try {
        head = readHead(s.getInputStream());
      } catch (IOException e) {
        head = "";
      }
      int status = status(head);
      return new Answer(status, head, status == 0 ? "" : readBody(new DataInputStream(s.getInputStream()), head));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int status(String head) {
    return head.isEmpty() ? 0 : Integer.parseInt(head.split(" ", 3)[1]);
  }

  /** The status line and headers, read byte by byte so nothing after them is consumed. */
  static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  static String readBody(DataInputStream in, String head) throws IOException {
    Matcher m = CONTENT_LENGTH.matcher(head);
    byte[] bytes = new byte[m.find() ? Integer.parseInt(m.group(1)) : 0];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
