package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Browser;
import io.paynotify.support.PaynotifyNode;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * paynotify.js in a real headless Chromium against a real node (not development mode), imported
 * from the node by a page on the shop's own origin: the tabs of one user share one socket, another
 * takes over when its holder closes, and a page that was closed gets what it missed.
 */
class TabSharingIT extends ShopBrowserTest {

  @AfterEach
  @Override
  void closeTabs() {
    super.closeTabs();
    awaitOpenSockets(0);
  }

  String page(String user) {
    return world.page(user);
  }

  void awaitOpenSockets(double n) {
    await().atMost(Browser.WAIT)
        .untilAsserted(() -> assertThat(openSockets() == n)
            .as(() -> "open sockets " + openSockets() + ", expected " + n).isTrue());
  }

  double openSockets() {
    return world.openSockets();
  }

  String pay(String user) {
    return world.pay(fx.port(), user);
  }

  @Test
  void threeTabsOfOneUserShareOneSocketAndEachGetsAPaymentExactlyOnce() {
    String user = PaynotifyNode.user();
    String holder = browser.open(page(user));
    Pages.awaitReady(browser, holder);
    List<String> tabs = List.of(holder, browser.open(page(user)), browser.open(page(user)));
    tabs.forEach(tab -> Pages.awaitReady(browser, tab));
    awaitOpenSockets(1);

    String payment = pay(user);
    tabs.forEach(tab -> Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", payment));
    assertThat(openSockets()).isEqualTo(1);
    for (String tab : tabs) {
      assertThat(Pages.seqs(browser, tab)).isEqualTo("1");
      assertThat(browser.eval(tab, "client.lastSeq")).isEqualTo(1L);
    }
  }

  @Test
  void whenTheHolderTabClosesAnotherTakesOverAndTheNextPaymentReachesTheRestOnce() {
    String user = PaynotifyNode.user();
    String holder = browser.open(page(user));
    Pages.awaitReady(browser, holder);
    List<String> rest = List.of(browser.open(page(user)), browser.open(page(user)));
    rest.forEach(tab -> Pages.awaitReady(browser, tab));
    String first = pay(user);
    rest.forEach(tab -> Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", first));

    browser.closeTab(holder);
    // the new holder's socket replaces the old one; its READY reaches the other tab too
    rest.forEach(tab -> browser.await(tab, "log.states.filter(s => s.state === 'ready').length", n -> (Long) n >= 2));
    awaitOpenSockets(1);
    String second = pay(user);
    rest.forEach(tab -> Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", second));
    for (String tab : rest) {
      assertThat(Pages.seqs(browser, tab)).isEqualTo("1,2");
    }
  }

  @Test
  void aPageClosedWhileAPaymentLandsGetsItWhenItOpensAgain() {
    String user = PaynotifyNode.user();
    String tab = browser.open(page(user));
    Pages.awaitReady(browser, tab);
    String seen = pay(user);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", seen);
    browser.closeTab(tab);
    awaitOpenSockets(0);

    String missed = pay(user);
    fx.awaitProcessed(missed);
    String again = browser.open(page(user));
    Pages.awaitOnce(browser, again, "PAYMENT_CONFIRMED", missed);
    assertThat(Pages.seqs(browser, again)).isEqualTo("2");
  }
}
