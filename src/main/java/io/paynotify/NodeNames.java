package io.paynotify;

import io.paynotify.config.AppConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** A node's name in its log lines: its cluster address, else its host name and HTTP port. */
final class NodeNames {

  private NodeNames() {
  }

  static String of(AppConfig config) {
    if (config.cluster().enabled()) {
      return config.cluster().host() + ":" + config.cluster().port();
    }
    try {
      return InetAddress.getLocalHost().getHostName() + ":" + config.httpPort();
    } catch (UnknownHostException e) {
      return "localhost:" + config.httpPort();
    }
  }
}
