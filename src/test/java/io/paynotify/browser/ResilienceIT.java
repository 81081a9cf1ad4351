package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.paynotify.support.Browser;
import io.paynotify.support.PaynotifyNode;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * paynotify.js when things go wrong, in a real headless Chromium against real nodes: a token that
 * expires (4001), a server that says do not come back (4501), the network going away and coming
 * back, and a database whose event log is another one (epoch).
 */
class ResilienceIT extends ShopBrowserTest {

  JsonObject lastState(String tab) {
    return TestSite.json(browser.eval(tab, "JSON.stringify(log.states[log.states.length - 1])"));
  }

  @Test
  void anExpiredTokenIsReplacedByAFreshOneAndTheSocketReconnectsAtOnce() {
    String user = PaynotifyNode.user();
    site.nextToken(user, () -> Tokens.expiringIn(user, 2));
    String tab = browser.open(site.page(fx.port(), ws(fx.port()), user, true));
    Pages.awaitReady(browser, tab);
    browser.await(tab, "log.states.filter(s => s.code === 4001).length", n -> (Long) n == 1);
    JsonObject expired = TestSite.json(browser.eval(tab, "JSON.stringify(log.states.find(s => s.code === 4001))"));
    assertThat(expired.getString("state")).isEqualTo("disconnected");
    assertThat(expired.getString("reason")).isEqualTo("token expired");
    browser.awaitEquals(tab, "log.states.filter(s => s.state === 'ready').length", 2L);
    // no back-off: the next attempt starts in the same task as the close (a back-off would wait on a timer)
    JsonObject next = TestSite.json(browser.eval(tab,
        "JSON.stringify(log.states[log.states.findIndex(s => s.code === 4001) + 1])"));
    assertThat(next.getString("state")).isEqualTo("connecting");
    assertThat(next.getLong("at") - expired.getLong("at")).as("ms from 4001 to the next attempt").isLessThan(50);

    String payment = pay(fx.node(), user);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", payment);
  }

  @Test
  void aCloseCodeFrom4500To4999MakesTheClientFailForGood() {
    String tab = browser.open(site.page(fx.port(), site.closingEndpoint(), PaynotifyNode.user(), true));
    browser.awaitEquals(tab, "client.state", "failed");
    JsonObject failed = lastState(tab);
    assertThat(failed.getInteger("code")).isEqualTo(4501);
    assertThat(failed.getString("reason")).isEqualTo("not allowed here, do not come back");
    assertThat(site.closedWith4501()).isEqualTo(1);
    assertThat(browser.eval(tab, "log.states.map(s => s.state).join(',')")).isEqualTo("connecting,failed");
  }

  @Test
  void aSignedOutUserMakesTheClientFailWithoutRetrying() {
    String user = PaynotifyNode.user();
    site.nextToken(user, () -> Tokens.expiringIn(user, 2));
    site.signOut(user);
    String tab = browser.open(site.page(fx.port(), ws(fx.port()), user, true));
    // the first token expires (4001), the client asks for a fresh one and is told the user signed out
    browser.awaitEquals(tab, "client.state", "failed");
    JsonObject failed = lastState(tab);
    assertThat(failed.getInteger("code")).isEqualTo(401);
    assertThat(failed.getString("reason")).isEqualTo("getToken: signed out");
    assertThat(site.tokensServed(user)).isEqualTo(2);
  }

  @Test
  void anUpgradeRefusedEvenWithAFreshTokenMakesTheClientFail() {
    String user = PaynotifyNode.user();
    site.badKeys(user);
    String tab = browser.open(site.page(fx.port(), ws(fx.port()), user, true));
    browser.awaitEquals(tab, "client.state", "failed");
    JsonObject failed = lastState(tab);
    assertThat(failed.getInteger("code")).isEqualTo(401);
    assertThat(site.tokensServed(user)).as("the first token, then one fresh one").isEqualTo(2);
  }

  @Test
  void offlineClosesTheSocketAndOnlineReconnectsAtOnceWithWhatWasMissed() {
    String user = PaynotifyNode.user();
    String tab = browser.open(site.page(fx.port(), ws(fx.port()), user, true));
    Pages.awaitReady(browser, tab);
    double before = openSockets();

    browser.offline(tab, true);
    browser.awaitEquals(tab, "client.state + ':' + log.states[log.states.length - 1].reason", "disconnected:offline");
    await("the socket stayed open while offline").atMost(Browser.WAIT).until(() -> openSockets() == before - 1);
    String missed = pay(fx.node(), user);
    fx.awaitProcessed(missed);

    browser.offline(tab, false);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", missed);
    assertThat(browser.eval(tab, "client.state")).isEqualTo("ready");
    assertThat(openSockets()).isEqualTo(before);
  }

  @Test
  void anotherEventLogResetsTheStoredSeqAndSaysNotRecovered() {
    String user = PaynotifyNode.user();
    String tab = browser.open(site.page(fx.port(), ws(fx.port()), user, true));
    Pages.awaitReady(browser, tab);
    String first = pay(fx.node(), user);
    String second = pay(fx.node(), user);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", first);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", second);
    browser.closeTab(tab);

    // the same URL after a restore would look like this: another database, another epoch, seqs from 1 again
    try (TestDatabase otherDb = TestDatabase.create("resilience2");
         TestNode restored = TestNode.start(withOrigin(TestNode.env(otherDb, fx.mp().url())))) {
      String again = browser.open(site.page(restored.port(), ws(restored.port()), user, true));
      Pages.awaitReady(browser, again);
      JsonObject ready = lastState(again);
      assertThat(ready.getBoolean("recovered")).isFalse();
      assertThat(browser.eval(again, "client.lastSeq")).isEqualTo(0L);
      String afterRestore = pay(restored, user);
      Pages.awaitOnce(browser, again, "PAYMENT_CONFIRMED", afterRestore);
      assertThat(Pages.seqs(browser, again)).isEqualTo("1");
    }
  }

  Map<String, String> withOrigin(Map<String, String> env) {
    env.put("ALLOWED_ORIGINS", site.origin());
    return env;
  }

  static String ws(int port) {
    return ShopWorld.ws(port);
  }

  String pay(TestNode node, String user) {
    return world.pay(node.port(), user);
  }

  double openSockets() {
    return world.openSockets();
  }
}
