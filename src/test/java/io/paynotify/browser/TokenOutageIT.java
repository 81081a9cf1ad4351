package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.PaynotifyNode;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A shop whose token endpoint answers 503 (an HTML error page) for a minute: the page's client keeps
 * retrying with back-off, says why in `error` events, never gives up (`failed`), and is ready by
 * itself once the endpoint is back. And no token ever appears in a URL the client opens (WebSocket or
 * fetch): it travels in Sec-WebSocket-Protocol.
 */
class TokenOutageIT extends ShopBrowserTest {

  static final long OUTAGE_MS = 60_000;

  @Test
  void aTokenEndpointDownForAMinuteDoesNotEndTheNotificationsAndNoTokenIsInAUrl() {
    String user = PaynotifyNode.user();
    site.failTokens(user, OUTAGE_MS);
    long start = System.currentTimeMillis();
    // a back-off cap of 5 s instead of 30 s keeps the wait after the outage short; the path is the default one
    String tab = browser.open(site.page(fx.port(), ShopWorld.ws(fx.port()), user, true, "{\"backoffCap\":5000}"));
    browser.await(tab, "log.errors.length", n -> (Long) n >= 2);
    assertThat(browser.eval(tab, "log.errors[0].message")).isEqualTo("getToken: the answer is not a JWT with a sub claim");

    Awaitility.await("ready after the outage").atMost(Duration.ofMillis(OUTAGE_MS + 30_000))
        .pollInterval(Duration.ofMillis(250)).until(() -> "ready".equals(browser.eval(tab, "client.state")));
    assertThat(System.currentTimeMillis() - start).as("ms until ready").isGreaterThanOrEqualTo(OUTAGE_MS);
    assertThat(browser.eval(tab, "log.states.filter(s => s.state === 'failed').length")).isEqualTo(0L);
    assertThat(browser.eval(tab, "log.errors.every(e => e.kind === 'token' && !e.fatal)")).isEqualTo(true);
    assertThat(site.tokensServed(user)).as("token requests during the outage").isGreaterThan(5);

    String payment = world.pay(fx.port(), user);
    Pages.awaitOnce(browser, tab, "PAYMENT_CONFIRMED", payment);

    JsonArray urls = new JsonArray(String.valueOf(browser.eval(tab, "JSON.stringify(log.urls)")));
    assertThat(urls.stream().map(String::valueOf).filter(u -> u.startsWith("ws")).toList())
        .as("the WebSocket URLs").isNotEmpty().allMatch(u -> !u.contains("token="));
    List<String> issued = site.issued();
    assertThat(issued).isNotEmpty();
    for (Object url : urls) {
      for (String token : issued) {
        assertThat(String.valueOf(url)).doesNotContain(token.substring(token.indexOf('.') + 1));
      }
    }
  }
}
