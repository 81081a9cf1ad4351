package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shipped logback.xml shows the MDC fields in both formats; LogFields leaves nothing behind. */
class LogFormatsTest {

  private static String logWith(String format) throws Exception {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(org.slf4j.MDC.getMDCAdapter()); // the adapter LogFields writes to
    context.putProperty("LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      configurator.doConfigure(LogFormatsTest.class.getResource("/logback.xml"));
      try (LogFields fields = LogFields.of(LogFields.PAYMENT_ID, "123", LogFields.REQUEST_ID, "req-9")) {
        context.getLogger("io.paynotify.payment.WebhookHandler").warn("payment {} rejected", "123");
      }
      context.stop();
    } finally {
      System.setOut(out);
    }
    return captured.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void textShowsTheFieldsCompactly() throws Exception {
    assertThat(logWith("text")).contains("[paymentId=123, requestId=req-9] - payment 123 rejected");
  }

  @Test
  void jsonCarriesTheFieldsAsAnObject() throws Exception {
    String line = logWith("json");
    JsonObject json = new JsonObject(line.substring(line.indexOf('{')));
    assertThat(json.getString("formattedMessage")).isEqualTo("payment 123 rejected");
    assertThat(line).contains("\"paymentId\"").contains("\"123\"").contains("\"requestId\"").contains("\"req-9\"");
  }

  @Test
  void fieldsAreRestoredWhenTheBlockEnds() {
    try (LogFields outer = LogFields.payment("1")) {
      try (LogFields inner = LogFields.of(LogFields.PAYMENT_ID, "2", LogFields.USER_ID, "u")) {
        assertThat(org.slf4j.MDC.get("paymentId")).isEqualTo("2");
      }
      assertThat(org.slf4j.MDC.get("paymentId")).isEqualTo("1");
      assertThat(org.slf4j.MDC.get("userId")).isNull();
    }
    assertThat(org.slf4j.MDC.get("paymentId")).isNull();
  }
}
