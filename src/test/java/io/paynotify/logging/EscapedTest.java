package io.paynotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whatever a log field holds, a text log line stays one line and shows no raw control character. */
class EscapedTest {

  @Test
  void escapesLineBreaksAndControlCharactersAndLeavesTheRestAlone() {
    assertThat(Escaped.line("a\r\nb")).isEqualTo("a\\r\\nb");
    assertThat(Escaped.line("\u001b[31mred\u0000\u2028")).isEqualTo("\\u001b[31mred\\u0000\\u2028");
    assertThat(Escaped.line("usuário-42 ✓")).isEqualTo("usuário-42 ✓");
    assertThat(Escaped.line(null)).isNull();
  }

  @Test
  void theShippedTextPatternEscapesTheMessageAndTheMdc() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    config.doConfigure(getClass().getResource("/logback.xml"));
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern("%logger%replace( [%mdc]){' \\[\\]', ''} - %msg");
    layout.start();
    LoggingEvent event = new LoggingEvent("x", context.getLogger("io.paynotify.Test"), Level.WARN,
        "rejected user {}", null, new Object[] {"a\r\nWARN forged line"});
    event.setMDCPropertyMap(Map.of("userId", "a\nb"));

    String line = layout.doLayout(event);

    assertThat(line).doesNotContain("\n").doesNotContain("\r")
        .contains("rejected user a\\r\\nWARN forged line").contains("userId=a\\nb");
  }
}
