package io.paynotify.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free local ports for nodes whose port must be known before they start. They are taken below the
 * kernel's ephemeral range: a port from inside it (what {@code bind(0)} returns) can be handed to
 * some other socket's connect or {@code bind(0)} between the moment we pick it and the moment the
 * node binds it, and the node would fail with "address already in use".
 */
public final class Ports {

  private static final int LOWEST = 10_000;

  private Ports() {
  }

  public static int free() {
    int below = ephemeralRangeStart();
    for (int attempt = 0; attempt < 200 && below - LOWEST > 1000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      if (isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port the kernel hands out by itself (32768 by default on Linux). */
  private static int ephemeralRangeStart() {
    try {
      // line-wise: /proc files report a size of 0, and Files.readString comes back truncated
      String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
      return Integer.parseInt(range.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return 32_768;
    }
  }
}
