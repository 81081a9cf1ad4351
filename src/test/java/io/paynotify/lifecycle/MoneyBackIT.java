package io.paynotify.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.dev.FakePayments;
import io.paynotify.support.Fixture;
import io.paynotify.support.Http;
import io.paynotify.support.Plans;
import io.paynotify.support.Scrape;
import io.paynotify.support.Tab;
import io.paynotify.support.TestNode;
import io.paynotify.support.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Money coming back (CONTRACT §4): each row of the table against a node, the stand-in serving each
 * state; partial refunds that add up whatever the order; a dispute cycle credited once; a debt paid by
 * the next payment; the chargebacks topic healing a lost payment update.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 240, timeUnit = TimeUnit.SECONDS)
class MoneyBackIT {

  static Fixture f;

  @BeforeAll
  static void start(Vertx vertx) {
    f = Fixture.start(vertx, "moneyback", Map.of("INTERNAL_API_TOKEN", Fixture.INTERNAL_TOKEN));
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  /** A confirmed addon_3 payment of a new user: its approved state, credited and processed. */
  static JsonObject confirmed(String user) {
    JsonObject approved = FakePayments.payment(FakePayments.nextId(), user, Plans.ADDON_3, "approved");
    apply(approved);
    assertThat(f.credits(user)).isEqualTo(3);
    return approved;
  }

  /** Mercado Pago now reports {@code state}; one signed notification; waits until it is worked. */
  static void apply(JsonObject state) {
    String id = String.valueOf(state.getValue("id"));
    f.notify(state);
    f.awaitProcessed(id);
  }

  /** The user's stored events, oldest first, as {@code {"type","data"}}. */
  static List<JsonObject> events(String user) {
    String json = f.db.query("SELECT COALESCE(json_agg(json_build_object('type', type, 'data', data) ORDER BY seq), '[]')::text"
        + " FROM events WHERE user_id = '" + user + "'");
    List<JsonObject> events = new ArrayList<>();
    new JsonArray(json).forEach(e -> events.add((JsonObject) e));
    return events;
  }

  static JsonObject last(String user) {
    List<JsonObject> all = events(user);
    return all.get(all.size() - 1);
  }

  @Test
  void aPartialRefundTakesBackItsShareRoundedUpAndTellsTheTab() {
    String user = Fixture.user();
    JsonObject approved = confirmed(user);
    try (Tab tab = Tab.open(f.vertx, f.port(), Tokens.valid(user))) {
      tab.ready();
      apply(FakePayments.changed(approved, "approved", "partially_refunded", "500.01", 60));
      JsonObject data = tab.awaitEvent("PAYMENT_REFUNDED").getJsonObject("data");
      assertThat(data.getBoolean("partial")).isTrue();
      assertThat(new BigDecimal(data.getString("refundedAmount"))).isEqualByComparingTo("500.01");
      assertThat(data.getInteger("creditsRemoved")).isEqualTo(2);
      assertThat(data.getLong("totalCredits")).isEqualTo(1);
      assertThat(data.getString("statusDetail")).isEqualTo("partially_refunded");
    }
    assertThat(f.credits(user)).isEqualTo(1);
    assertThat(f.stored(String.valueOf(approved.getValue("id")), "credits_granted")).isEqualTo("1");
  }

  @Test
  void aFullRefundACancellationAndASettledChargebackTakeBackWhatIsStillGranted() {
    for (String[] state : new String[][] {{"refunded", "refunded"}, {"cancelled", "by_collector"},
        {"charged_back", "settled"}}) {
      String user = Fixture.user();
      JsonObject approved = confirmed(user);
      apply(FakePayments.changed(approved, "approved", "partially_refunded", "100", 30));
      apply(FakePayments.changed(approved, state[0], state[1], state[0].equals("refunded") ? "1500" : "100", 60));
      JsonObject data = last(user).getJsonObject("data");
      assertThat(last(user).getString("type")).as(state[0]).isEqualTo("PAYMENT_REFUNDED");
      assertThat(data.getBoolean("partial")).isFalse();
      assertThat(data.getInteger("creditsRemoved")).as(state[0]).isEqualTo(2);
      assertThat(data.getString("statusDetail")).isEqualTo(state[1]);
      assertThat(f.credits(user)).as(state[0]).isZero();
    }
  }

  @Test
  void openDisputesChangeNothingAndAClosedOneInTheShopsFavourKeepsTheCredits() {
    String user = Fixture.user();
    JsonObject approved = confirmed(user);
    apply(FakePayments.changed(approved, "in_mediation", "in_mediation", "0", 10));
    assertThat(last(user).getString("type")).isEqualTo("PAYMENT_DISPUTED");
    assertThat(f.credits(user)).isEqualTo(3);
    apply(FakePayments.changed(approved, "charged_back", "in_process", "0", 20));
    assertThat(last(user).getString("type")).isEqualTo("PAYMENT_DISPUTED");
    assertThat(f.credits(user)).isEqualTo(3);
    apply(FakePayments.changed(approved, "charged_back", "reimbursed", "0", 30));
    assertThat(last(user).getString("type")).isEqualTo("PAYMENT_DISPUTE_CLOSED");
    assertThat(last(user).getJsonObject("data").getString("outcome")).isEqualTo("kept");
    assertThat(f.credits(user)).isEqualTo(3);
    assertThat(events(user)).extracting(e -> e.getString("type")).containsExactly("PAYMENT_CONFIRMED",
        "PAYMENT_DISPUTED", "PAYMENT_DISPUTED", "PAYMENT_DISPUTE_CLOSED");
  }

  @Test
  void approvedInMediationApprovedThenSettledCreditsOnceAndRemovesOnce() {
    String user = Fixture.user();
    JsonObject approved = confirmed(user);
    apply(FakePayments.changed(approved, "in_mediation", "in_mediation", "0", 10));
    apply(FakePayments.changed(approved, "approved", "accredited", "0", 20));
    apply(FakePayments.changed(approved, "approved", "accredited", "0", 20));
    apply(FakePayments.changed(approved, "charged_back", "settled", "0", 30));
    apply(FakePayments.changed(approved, "approved", "accredited", "0", 40));
    // the money went back: approved again later is never a second credit
    assertThat(events(user)).extracting(e -> e.getString("type")).containsExactly("PAYMENT_CONFIRMED",
        "PAYMENT_DISPUTED", "PAYMENT_DISPUTE_CLOSED", "PAYMENT_REFUNDED");
    assertThat(f.credits(user)).isZero();
    assertThat(f.stored(String.valueOf(approved.getValue("id")), "credits_added")).isEqualTo("3");
  }

  @Test
  void severalPartialRefundsInShuffledAndRepeatedOrderEndWithExactlyTheCeilRoundedRemoval() {
    String user = Fixture.user();
    JsonObject approved = FakePayments.payment(FakePayments.nextId(), user, Plans.ADDON_10, "approved");
    apply(approved);
    List<JsonObject> states = new ArrayList<>();
    String[] refunds = {"100", "1000", "2000"};
    for (int i = 0; i < refunds.length; i++) {
      JsonObject state = FakePayments.changed(approved, "approved", "partially_refunded", refunds[i], 10L * (i + 1));
      states.add(state);
      states.add(state);
    }
    Collections.shuffle(states, new Random(UUID.randomUUID().getMostSignificantBits()));
    states.forEach(MoneyBackIT::apply);
    // ceil(10 × 2000 / 4500) = ceil(4.44) = 5 credits removed in all, however the notifications came
    assertThat(f.credits(user)).isEqualTo(5);
    int removed = events(user).stream().filter(e -> e.getString("type").equals("PAYMENT_REFUNDED"))
        .mapToInt(e -> e.getJsonObject("data").getInteger("creditsRemoved")).sum();
    assertThat(removed).isEqualTo(5);
    assertThat(events(user)).filteredOn(e -> e.getString("type").equals("PAYMENT_CONFIRMED")).hasSize(1);
  }

  @Test
  void creditsTakenBackAfterTheyWereSpentAreADebtTheNextPaymentPaysFirst() {
    String user = Fixture.user();
    JsonObject approved = confirmed(user);
    Http.Response spent = f.http.request("POST", f.port(), "/internal/users/" + user + "/credits",
        Map.of("Authorization", "Bearer " + Fixture.INTERNAL_TOKEN, "content-type", "application/json",
            "Idempotency-Key", UUID.randomUUID().toString()), new JsonObject().put("amount", -3).put("reason", "export").encode());
    assertThat(spent.status()).isEqualTo(200);
    apply(FakePayments.changed(approved, "refunded", "refunded", "1500", 60));
    assertThat(last(user).getJsonObject("data").getLong("totalCredits")).isEqualTo(-3);
    assertThat(f.credits(user)).isEqualTo(-3);
    assertThat(Scrape.of(f.http, f.port()).value("paynotify_credits_negative_balances")).isGreaterThanOrEqualTo(1);

    apply(FakePayments.payment(FakePayments.nextId(), user, Plans.ADDON_5, "approved"));
    assertThat(last(user).getString("type")).isEqualTo("PAYMENT_CONFIRMED");
    assertThat(last(user).getJsonObject("data").getLong("totalCredits")).isEqualTo(2);
    assertThat(f.credits(user)).isEqualTo(2);
  }

  @Test
  void aChargebackNotificationHealsALostPaymentUpdate() {
    String user = Fixture.user();
    JsonObject approved = confirmed(user);
    String paymentId = String.valueOf(approved.getValue("id"));
    f.mp.put(FakePayments.changed(approved, "charged_back", "settled", "0", 60)); // its payment notification is lost
    String chargebackId = "2170000" + FakePayments.nextId();
    f.mp.putChargeback(FakePayments.chargeback(chargebackId, paymentId));
    String requestId = UUID.randomUUID().toString();
    Http.Response r = f.http.rawWebhook(f.port(), "?data.id=" + chargebackId + "&type=chargebacks",
        Http.signature(TestNode.WEBHOOK_SECRET, chargebackId, requestId, String.valueOf(System.currentTimeMillis())),
        requestId, new JsonObject().put("type", "chargebacks").put("data", new JsonObject().put("id", chargebackId)).encode());
    assertThat(r.status()).isEqualTo(200);
    f.awaitProcessed("chargeback:" + chargebackId);
    f.awaitProcessed(paymentId);
    assertThat(last(user).getString("type")).isEqualTo("PAYMENT_REFUNDED");
    assertThat(f.credits(user)).isZero();
  }

  @Test
  void anUnsignedChargebackNotificationIs401AndFetchesNothing() {
    String chargebackId = "2170000" + FakePayments.nextId();
    int fetches = f.mp.fetches();
    Http.Response r = f.http.rawWebhook(f.port(), "?data.id=" + chargebackId + "&type=chargebacks", null, null, "{}");
    assertThat(r.status()).isEqualTo(401);
    assertThat(f.mp.fetches()).isEqualTo(fetches);
  }
}
