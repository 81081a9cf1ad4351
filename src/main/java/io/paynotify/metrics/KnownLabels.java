package io.paynotify.metrics;

import java.util.List;

/**
 * The label values of paynotify's labelled counters that are known in advance. Each is registered
 * at zero when the node starts: a series that first appears at its first increment is invisible to
 * {@code increase()} and {@code rate()} for that increment, so an alert on "any increase" would miss
 * the first review event, relay drop or bad signature.
 */
final class KnownLabels {

  /** {@code paynotify_webhooks_total{result}}: the webhook's answer (OpsRoutes). */
  static final List<String> WEBHOOK_RESULTS = List.of(
      "accepted", "bad_signature", "malformed", "too_large", "ipn_rate_limited", "unavailable", "draining");

  /** {@code paynotify_ws_rejects_total{reason}}: why an upgrade was refused (SocketUpgrades). */
  static final List<String> REJECT_REASONS = List.of(
      "unauthorized", "origin", "bad_request", "user_limit", "node_limit", "draining");

  /** {@code paynotify_relay_dropped_total{reason}}: what was wrong with a relay message (RelayMessage). */
  static final List<String> RELAY_DROP_REASONS = List.of("malformed", "user_id", "seq", "type");

  /** {@code paynotify_payments_needs_review_total{reason}}: the check a payment failed (PaymentRules). */
  static final List<String> REVIEW_REASONS = List.of(
      "unknown_plan", "amount_mismatch", "currency_mismatch", "collector_mismatch");

  /**
   * {@code paynotify_gateway_calls_total{status}}: Mercado Pago's answers that the alert rules look
   * for (the access token refused, throttling, server errors, unreachable); other statuses appear
   * when they first happen.
   */
  static final List<String> GATEWAY_STATUSES = List.of(
      "200", "401", "403", "404", "429", "500", "502", "503", "504", "unreachable");

  private KnownLabels() {
  }
}
