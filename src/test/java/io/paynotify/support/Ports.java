package io.paynotify.support;

import java.io.IOException;
import java.net.ServerSocket;

/** Free local ports for nodes whose port must be known before they start. */
public final class Ports {

  private Ports() {
  }

  public static int free() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
