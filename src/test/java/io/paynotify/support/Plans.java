package io.paynotify.support;

import io.paynotify.config.Plan;
import java.math.BigDecimal;

/** The default plans catalog of {@code conf/config.json}, as the tests' payments use it. */
public final class Plans {

  public static final Plan ADDON_3 = new Plan("addon_3", 3, new BigDecimal("1500.00"), "ARS");
  public static final Plan ADDON_5 = new Plan("addon_5", 5, new BigDecimal("2400.00"), "ARS");
  public static final Plan ADDON_10 = new Plan("addon_10", 10, new BigDecimal("4500.00"), "ARS");

  private Plans() {
  }
}
