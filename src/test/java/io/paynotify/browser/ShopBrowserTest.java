package io.paynotify.browser;

import io.paynotify.support.Browser;
import io.paynotify.support.PaynotifyNode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A browser test class: one {@link ShopWorld} (site, node, Chromium) for all its tests; tabs closed after each. */
@ExtendWith(VertxExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ShopBrowserTest {

  ShopWorld world;
  TestSite site;
  PaynotifyNode fx;
  Browser browser;

  @BeforeAll
  void startWorld(Vertx vertx) {
    world = ShopWorld.start(vertx, getClass().getSimpleName().toLowerCase());
    site = world.site;
    fx = world.fx;
    browser = world.browser;
  }

  @AfterAll
  void stopWorld() {
    world.close();
  }

  @AfterEach
  void closeTabs() {
    browser.closeTabs();
  }
}
