package io.paynotify.config;

/** The configuration cannot start a node; the message names every problem. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message);
  }
}
