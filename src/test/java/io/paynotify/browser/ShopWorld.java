package io.paynotify.browser;

import static io.paynotify.support.Plans.ADDON_3;
import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Browser;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.Scrape;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * A browser test class's world: the shop's site (its own origin), a real node that allows that
 * origin (not in development mode) and a headless Chromium; payments made through the stand-in and
 * signed webhooks.
 */
final class ShopWorld implements AutoCloseable {

  final TestSite site;
  final PaynotifyNode fx;
  final Browser browser;

  private ShopWorld(TestSite site, PaynotifyNode fx, Browser browser) {
    this.site = site;
    this.fx = fx;
    this.browser = browser;
  }

  static ShopWorld start(Vertx vertx, String name) {
    TestSite site = TestSite.start(vertx);
    PaynotifyNode fx = PaynotifyNode.standalone(name).env("ALLOWED_ORIGINS", site.origin()).started();
    return new ShopWorld(site, fx, Browser.launch());
  }

  static String ws(int port) {
    return "ws://127.0.0.1:" + port + "/notifications/ws";
  }

  /** The test page of {@code user} on the site, its client connecting to the world's node. */
  String page(String user) {
    return site.page(fx.port(), ws(fx.port()), user, true);
  }

  /** An approved payment of {@code user} in the stand-in, notified (signed) to the node at {@code port}. */
  String pay(int port, String user) {
    String id = FakePayments.nextId();
    fx.mp().put(FakePayments.payment(id, user, ADDON_3, "approved"));
    assertThat(fx.http().webhook(port, id)).isEqualTo(200);
    return id;
  }

  double openSockets() {
    return Scrape.of(fx.http(), fx.port()).value("paynotify_ws_open_sockets");
  }

  @Override
  public void close() {
    browser.close();
    fx.close();
    site.close();
  }
}
