package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Browser;
import io.paynotify.support.Http;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The demo checkout ({@code GET /} in development mode) in two tabs of a real headless Chromium: a
 * purchase goes through the Mercado Pago stand-in like a real one (pending, then approved, each
 * notification signed and sent to the node), a declined card ends rejected, and both tabs show it
 * over one shared socket. Leaves a screenshot of the page in docs/demo.png for the README.
 */
class DemoIT {

  /** Development mode: the node runs its own Mercado Pago stand-in (the test's is not asked). */
  @RegisterExtension
  static final PaynotifyNode node = PaynotifyNode.standalone("demo").env("PAYNOTIFY_DEV", "true");
  static Browser browser;
  static final Http HTTP = new Http();

  @BeforeAll
  static void launchBrowser() {
    browser = Browser.launch();
  }

  @AfterAll
  static void closeBrowser() {
    browser.close();
  }

  static String trail(String paymentVar) {
    return "(paynotifyDemo.payments[" + paymentVar + "] || []).join(',')";
  }

  @Test
  void aPurchaseShowsPendingThenConfirmedAndADeclinedCardRejectedInBothTabsOverOneSocket() throws Exception {
    String user = "demo-" + UUID.randomUUID().toString().substring(0, 6);
    String url = "http://127.0.0.1:" + node.port() + "/?userId=" + user;
    String first = browser.open(url);
    browser.awaitEquals(first, "window.paynotifyDemo && paynotifyDemo.state", "ready");
    String second = browser.open("http://127.0.0.1:" + node.port() + "/");
    List<String> tabs = List.of(first, second);
    browser.awaitEquals(second, "window.paynotifyDemo && paynotifyDemo.state", "ready");
    assertThat(browser.eval(second, "paynotifyDemo.userId")).as("the second tab keeps the demo user").isEqualTo(user);
    await("the two tabs do not share one socket").atMost(Browser.WAIT)
        .until(() -> Scrape.of(HTTP, node.port()).value("paynotify_ws_open_sockets") == 1);

    browser.eval(first, "document.getElementById('buy-addon_5').click()");
    for (String tab : tabs) {
      browser.awaitEquals(tab, "Object.values(paynotifyDemo.payments).map(t => t.join(',')).join(';')",
          "PAYMENT_PENDING,PAYMENT_CONFIRMED");
      browser.awaitEquals(tab, "document.getElementById('credits').textContent", "5");
    }

    browser.eval(first, "document.getElementById('declined').click()");
    browser.eval(first, "document.getElementById('buy-addon_3').click()");
    for (String tab : tabs) {
      browser.awaitEquals(tab, "Object.values(paynotifyDemo.payments).map(t => t.join(',')).sort().join(';')",
          "PAYMENT_PENDING,PAYMENT_CONFIRMED;PAYMENT_PENDING,PAYMENT_REJECTED");
      assertThat(browser.eval(tab, "paynotifyDemo.events.map(e => e.seq).join(',')")).isEqualTo("1,2,3,4");
    }
    assertThat(browser.eval(first, "document.getElementById('credits').textContent")).isEqualTo("5");
    assertThat(HTTP.credits(node.port(), user)).isEqualTo(5);
    browser.awaitEquals(first, "document.getElementById('sockets').textContent", "1");

    Files.createDirectories(Path.of("docs"));
    Files.write(Path.of("docs/demo.png"), browser.screenshot(first));
  }
}
