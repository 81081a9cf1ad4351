package io.paynotify.browser;

import io.paynotify.support.Browser;

/** What the test page recorded ({@code window.log}), read from a tab. */
final class Pages {

  private Pages() {
  }

  static void awaitReady(Browser browser, String tab) {
    browser.awaitEquals(tab, "window.client && window.client.state", "ready");
  }

  /** How many events of payment {@code paymentId} and {@code type} this page was given. */
  static String countOf(String type, String paymentId) {
    return "log.events.filter(e => e.type === '" + type + "' && e.data.paymentId === '" + paymentId + "').length";
  }

  static void awaitOnce(Browser browser, String tab, String type, String paymentId) {
    browser.awaitEquals(tab, countOf(type, paymentId), 1L);
  }

  /** The seqs this page was given, comma-separated. */
  static String seqs(Browser browser, String tab) {
    return String.valueOf(browser.eval(tab, "log.events.map(e => e.seq).join(',')"));
  }
}
