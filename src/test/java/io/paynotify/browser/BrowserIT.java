package io.paynotify.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.support.Chromium;
import io.paynotify.support.Http;
import io.paynotify.support.TestDatabase;
import io.paynotify.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The browser side in a real headless Chromium: the demo page (development mode) and the client
 * library {@code paynotify.js} get events pushed without polling, and catch up after being away.
 */
@ExtendWith(VertxExtension.class)
class BrowserIT {

  static final Duration WAIT = Duration.ofSeconds(20);

  static Vertx vertx;
  static TestDatabase db;
  static TestNode node;
  static Chromium chromium;
  static Http http;

  @BeforeAll
  static void start(Vertx classVertx) throws Exception {
    vertx = classVertx;
    db = TestDatabase.create("browser");
    Map<String, String> env = TestNode.env(db, "http://127.0.0.1:9");
    env.put("PAYNOTIFY_DEV", "true");
    node = TestNode.start(env);
    http = new Http(vertx);
    chromium = Chromium.launch(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    http.close();
    node.close();
    db.close();
  }

  String openDemo(String userId) {
    chromium.navigate("http://127.0.0.1:" + node.port() + "/?userId=" + userId);
    chromium.awaitValue("window.paynotifyDemo && window.paynotifyDemo.status", "ready"::equals, WAIT);
    return userId;
  }

  @Test
  void aClickOnBuyShowsTheConfirmedPaymentWithoutPolling() {
    String user = openDemo("b-" + UUID.randomUUID().toString().substring(0, 8));
    chromium.eval("document.getElementById('buy-addon_5').click()");
    chromium.awaitValue("paynotifyDemo.events.length", v -> Objects.equals(v, 1), WAIT);
    JsonObject event = new JsonObject((String) chromium.eval("JSON.stringify(paynotifyDemo.events[0])"));
    assertThat(event.getString("type")).isEqualTo("PAYMENT_CONFIRMED");
    assertThat(event.getLong("seq")).isEqualTo(1);
    assertThat(event.getJsonObject("data").getInteger("creditsAdded")).isEqualTo(5);
    assertThat(chromium.eval("document.getElementById('credits').textContent")).isEqualTo("5");
    assertThat(http.credits(node.port(), user)).isEqualTo(5);
  }

  @Test
  void aTabThatWasAwayGetsWhatItMissedWhenItComesBack() {
    String user = openDemo("away-" + UUID.randomUUID().toString().substring(0, 8));
    chromium.eval("document.getElementById('buy-addon_3').click()");
    chromium.awaitValue("paynotifyDemo.events.length", v -> Objects.equals(v, 1), WAIT);

    chromium.navigate("about:blank");
    // Page.navigate returns when navigation starts; only once the demo page is gone can no event reach it
    chromium.awaitValue("location.href", "about:blank"::equals, WAIT);
    devPay(user, "addon_10");
    devPay(user, "addon_5");
    io.paynotify.support.Waits.until(() -> http.credits(node.port(), user) == 18, WAIT, () -> "payments not applied");

    openDemo(user);
    chromium.awaitValue("paynotifyDemo.events.map(e => e.seq).join(',')", "2,3"::equals, WAIT);
    assertThat(chromium.eval("document.getElementById('credits').textContent")).isEqualTo("18");
  }

  void devPay(String userId, String plan) {
    Http.Response r = http.send(new RequestOptions().setMethod(HttpMethod.POST).setPort(node.port()).setURI("/dev/pay")
            .putHeader("content-type", "application/json"),
        Buffer.buffer(new JsonObject().put("userId", userId).put("planType", plan).encode()));
    assertThat(r.status()).isEqualTo(200);
  }
}
