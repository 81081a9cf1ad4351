package io.paynotify.payment;

import java.util.regex.Pattern;

/**
 * A chargeback notification (topic {@code chargebacks}) waits in the inbox like a payment's, under
 * the key {@code chargeback:<id>}: stored before the answer, retried with back-off, taken over when
 * a node dies. Working it fetches the chargeback and notifies each of its payments.
 */
final class ChargebackKey {

  static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
  private static final String PREFIX = "chargeback:";

  private ChargebackKey() {
  }

  static String of(String chargebackId) {
    return PREFIX + chargebackId;
  }

  static boolean is(String inboxKey) {
    return inboxKey.startsWith(PREFIX);
  }

  static String id(String inboxKey) {
    return inboxKey.substring(PREFIX.length());
  }
}
