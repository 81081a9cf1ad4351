package io.paynotify.browser;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Browser;
import io.paynotify.support.Fixture;
import io.paynotify.support.Scrape;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * paynotify.js in a real headless Chromium against a real node (not development mode), imported
 * from the node by a page on the shop's own origin: the tabs of one user share one socket, another
 * takes over when its holder closes, and a page that was closed gets what it missed.
 */
@ExtendWith(VertxExtension.class)
class TabSharingIT {

  static TestSite site;
  static Fixture fx;
  static Browser browser;

  @BeforeAll
  static void start(Vertx vertx) {
    site = TestSite.start(vertx);
    fx = Fixture.start(vertx, "tabsharing", Map.of("ALLOWED_ORIGINS", site.origin()));
    browser = Browser.launch();
  }

  @AfterAll
  static void stop() {
    browser.close();
    fx.close();
    site.close();
  }

  @AfterEach
  void closeTabs() {
    browser.closeTabs();
    awaitOpenSockets(0);
  }

  String page(String user) {
    return site.page(fx.port(), "ws://127.0.0.1:" + fx.port() + "/notifications/ws", user, true);
  }

  void awaitOpenSockets(double n) {
    await().atMost(Browser.WAIT)
        .untilAsserted(() -> assertThat(openSockets() == n)
            .as(() -> "open sockets " + openSockets() + ", expected " + n).isTrue());
  }

  double openSockets() {
    return Scrape.of(fx.http, fx.port()).value("paynotify_ws_open_sockets");
  }

  String pay(String user) {
    String id = FakePayments.nextId();
    fx.notify(FakePayments.payment(id, user, ADDON_3, "approved"));
    return id;
  }

  @Test
  void threeTabsOfOneUserShareOneSocketAndEachGetsAPaymentExactlyOnce() {
    String user = Fixture.user();
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
    String user = Fixture.user();
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
    String user = Fixture.user();
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
