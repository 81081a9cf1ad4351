package io.paynotify.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 in front of another port (e.g. PostgreSQL's 5432) that a test can cut:
 * {@link #stop()} refuses new connections and kills every open one, as a dead database host would;
 * {@link #start()} serves again on the same port. Blocking sockets on daemon threads (test code).
 */
public final class TcpProxy implements AutoCloseable {

  private final int port;
  private final int targetPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final List<byte[]> openings = new CopyOnWriteArrayList<>();
  private volatile ServerSocket server;

  public TcpProxy(int targetPort) {
    this.port = Ports.free();
    this.targetPort = targetPort;
  }

  public int port() {
    return port;
  }

  /** Accepts connections (again). */
  public synchronized TcpProxy start() {
    if (server != null) {
      return this;
    }
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      server = s;
      daemon(() -> accept(s), "tcp-proxy-accept-" + port);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops listening (connections are refused) and closes every proxied connection. */
  public synchronized void stop() {
    ServerSocket s = server;
    server = null;
    closeQuietly(s);
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  /** Connections currently proxied. */
  public int openConnections() {
    return open.size() / 2;
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        Socket upstream;
        try {
          upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        synchronized (this) {
          if (server != s) { // stop() ran while this one was being accepted: it must not outlive it
            closeQuietly(client);
            closeQuietly(upstream);
            continue;
          }
          open.add(client);
          open.add(upstream);
        }
        daemon(() -> pump(client, upstream, true), "tcp-proxy-up");
        daemon(() -> pump(upstream, client, false), "tcp-proxy-down");
      } catch (IOException e) {
        // closed by stop(), or the target refused: the client sees its connection drop
      }
    }
  }

  /** The first bytes each client sent (its first read), in connection order. */
  public List<byte[]> openings() {
    return List.copyOf(openings);
  }

  private void pump(Socket from, Socket to, boolean fromClient) {
    byte[] buffer = new byte[16 * 1024];
    boolean first = fromClient;
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (first) {
          openings.add(java.util.Arrays.copyOf(buffer, n));
          first = false;
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // either side closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    stop();
  }
}
