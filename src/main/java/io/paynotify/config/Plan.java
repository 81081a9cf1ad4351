package io.paynotify.config;

import java.math.BigDecimal;

/** One entry of the plans catalog: what a plan costs and how many credits it grants. */
public record Plan(String type, int credits, BigDecimal price, String currency) {

  /** True when a payment's amount and currency are exactly this plan's. */
  public boolean priceMatches(BigDecimal amount, String currencyId) {
    return amount != null && price.compareTo(amount) == 0 && currency.equals(currencyId);
  }
}
