package io.paynotify.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.paynotify.payment.PaymentRules;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Only what a node publishes passes the relay: the shape of {@link UserEvent#toJson()}, a real user id, seq and type. */
class RelayMessageTest {

  static JsonObject good() {
    return new UserEvent("42", 7, "PAYMENT_CONFIRMED", new JsonObject().put("paymentId", "1")).toJson();
  }

  static RelayMessage.Problem problem(Object body) {
    return RelayMessage.check(body).problem();
  }

  @Test
  void passesWhatANodePublishes() {
    RelayMessage.Checked checked = RelayMessage.check(good());
    assertThat(checked.problem()).isNull();
    assertThat(checked.event().toJson()).isEqualTo(good());
    assertThat(problem(good().put("type", "ORDER_SHIPPED"))).isNull();
    assertThat(problem(good().put("type", EventTypes.CREDITS_CHANGED))).isNull();
  }

  @Test
  void dropsWhatIsNotAnEventObject() {
    assertThat(problem("PAYMENT_CONFIRMED")).isEqualTo(RelayMessage.Problem.MALFORMED);
    assertThat(problem(new JsonArray().add(good()))).isEqualTo(RelayMessage.Problem.MALFORMED);
    assertThat(problem(null)).isEqualTo(RelayMessage.Problem.MALFORMED);
    assertThat(problem(good().put("data", "{}"))).isEqualTo(RelayMessage.Problem.MALFORMED);
    assertThat(problem(good().putNull("data"))).isEqualTo(RelayMessage.Problem.MALFORMED);
  }

  @Test
  void dropsUserIdsNoTokenCouldCarry() {
    assertThat(problem(good().put("userId", 42))).isEqualTo(RelayMessage.Problem.USER_ID);
    assertThat(problem(good().put("userId", " "))).isEqualTo(RelayMessage.Problem.USER_ID);
    assertThat(problem(good().put("userId", "x".repeat(129)))).isEqualTo(RelayMessage.Problem.USER_ID);
    JsonObject missing = good();
    missing.remove("userId");
    assertThat(problem(missing)).isEqualTo(RelayMessage.Problem.USER_ID);
    assertThat(problem(good().put("userId", "x".repeat(128)))).isNull();
  }

  @Test
  void dropsSeqsThatAreNotPositiveIntegers() {
    for (Object seq : new Object[] {0, -1, 1.5, 2.0, "3", true}) {
      assertThat(problem(good().put("seq", seq))).as("seq %s", seq).isEqualTo(RelayMessage.Problem.SEQ);
    }
    assertThat(problem(good().put("seq", Long.MAX_VALUE))).isNull();
  }

  @Test
  void dropsTypesANodeNeverStores() {
    for (String type : new String[] {"READY", "PING", "PONG", "PAYMENT_APPROVED", "payment_confirmed", "", "A".repeat(65)}) {
      assertThat(problem(good().put("type", type))).as("type %s", type).isEqualTo(RelayMessage.Problem.TYPE);
    }
    assertThat(problem(good().put("type", 5))).isEqualTo(RelayMessage.Problem.TYPE);
  }

  @Test
  void everyEventTypeThePaymentRulesProduceIsStorable() throws IllegalAccessException {
    Field[] constants = Arrays.stream(PaymentRules.class.getFields())
        .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class).toArray(Field[]::new);
    assertThat(constants).isNotEmpty();
    for (Field constant : constants) {
      String value = (String) constant.get(null);
      if (value.startsWith("PAYMENT_")) {
        assertThat(EventTypes.isStorable(value)).as(constant.getName()).isTrue();
      }
    }
  }
}
