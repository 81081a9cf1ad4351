package io.paynotify.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole configuration of one node, parsed and validated once at start-up. */
public record AppConfig(
    int httpPort,
    int httpInstances,
    String databaseUrl,
    int dbPoolSize,
    Jwt jwt,
    MercadoPago mercadoPago,
    Optional<String> internalApiToken,
    List<String> allowedOrigins,
    Cluster cluster,
    Optional<Tls> tls,
    Limits limits,
    Inbox inbox,
    Retention retention,
    Map<String, Plan> plans,
    boolean devMode,
    Duration shutdownDrain,
    boolean accessLog) {

  /**
   * How user tokens are checked. Exactly one of {@code secret}, {@code publicKeyPem} and
   * {@code jwks.url} is set.
   */
  public record Jwt(Optional<String> secret, Optional<String> publicKeyPem, Jwks jwks, Optional<String> issuer,
                    Optional<String> audience, int clockSkewSeconds) { }

  /**
   * The identity provider's JWKS document: fetched at start, again every {@code refresh} (or sooner when
   * its {@code Cache-Control: max-age} says so), and at once on an unknown {@code kid}, but never more
   * often than every {@code minRefresh}.
   */
  public record Jwks(Optional<String> url, Duration refresh, Duration minRefresh) { }

  /**
   * How Mercado Pago is reached and checked; {@code acceptUnsignedIpn}: an unsigned legacy IPN call is
   * taken as a (rate-limited) hint to fetch that payment; {@code previousWebhookSecret}: a second secret
   * that also verifies, while the secret is rotated in Mercado Pago's panel.
   */
  public record MercadoPago(String webhookSecret, String accessToken, String apiUrl,
                            Optional<String> collectorId, Duration timeout, boolean acceptUnsignedIpn,
                            Optional<String> previousWebhookSecret) {
    public MercadoPago(String webhookSecret, String accessToken, String apiUrl, Optional<String> collectorId,
                       Duration timeout, boolean acceptUnsignedIpn) {
      this(webhookSecret, accessToken, apiUrl, collectorId, timeout, acceptUnsignedIpn, Optional.empty());
    }

    public MercadoPago(String webhookSecret, String accessToken, String apiUrl, Optional<String> collectorId,
                       Duration timeout) {
      this(webhookSecret, accessToken, apiUrl, collectorId, timeout, false);
    }

    /** The secrets a webhook signature may be made with: the current one, then the previous one if set. */
    public java.util.List<String> webhookSecrets() {
      return previousWebhookSecret.map(p -> java.util.List.of(webhookSecret, p)).orElse(java.util.List.of(webhookSecret));
    }
  }

  /**
   * Hazelcast membership: TCP/IP join to {@code members}, or, when {@code kubernetesServiceDns} is
   * set, Hazelcast's Kubernetes discovery by the DNS name of a headless service. The clustered event
   * bus listens on {@code eventBusPort} (0: a free port picked at start), with mutual TLS when
   * {@code tls} is set (its {@code caFile} is the CA every peer's certificate must chain to).
   */
  public record Cluster(boolean enabled, String host, int port, List<String> members, String name,
                        Optional<String> kubernetesServiceDns, int eventBusPort, Optional<Tls> tls) {
    /** The name a cluster has unless one is set: anyone may guess it. */
    public static final String DEFAULT_NAME = "paynotify";
  }

  /**
   * PEM files: a certificate (the chain, leaf first), its private key and, for mutual TLS, the CA
   * that a peer's certificate must chain to. Checked readable at start-up.
   */
  public record Tls(Path certFile, Path keyFile, Optional<Path> caFile) { }

  /**
   * Per-socket and per-node limits of the real-time side, and how often each node checks the stored
   * positions of its connected users (the backstop of the live path).
   */
  public record Limits(int socketsPerUser, int socketsPerNode, Duration pingInterval,
                       int outboundQueueBytes, Duration positionCheck) { }

  /**
   * The webhook inbox worker and the reconciliation of pending payments; a payment Mercado Pago answers
   * 404 for is retried with back-off for {@code notFoundPatience} before it is given up.
   */
  public record Inbox(Duration pollInterval, Duration lease, Duration maxBackoff, Duration notFoundPatience,
                      Duration reconcileInterval, Duration reconcilePendingAfter) { }

  /** Events and finished inbox rows older than {@code days} are deleted, a pass every {@code interval}. */
  public record Retention(int days, Duration interval) { }

  /** This configuration with another Mercado Pago API base URL (the development stand-in). */
  public AppConfig withMercadoPagoApiUrl(String url) {
    MercadoPago mp = new MercadoPago(mercadoPago.webhookSecret(), mercadoPago.accessToken(), url,
        mercadoPago.collectorId(), mercadoPago.timeout(), mercadoPago.acceptUnsignedIpn(),
        mercadoPago.previousWebhookSecret());
    return new AppConfig(httpPort, httpInstances, databaseUrl, dbPoolSize, jwt, mp, internalApiToken, allowedOrigins,
        cluster, tls, limits, inbox, retention, plans, devMode, shutdownDrain, accessLog);
  }

  public Optional<Plan> plan(String type) {
    return Optional.ofNullable(type).map(plans::get);
  }

  /** The configuration as one log line's worth of JSON-ish text, secrets masked. */
  public String describe() {
    return "httpPort=" + httpPort + " database=" + ConfigLoader.maskUrl(databaseUrl)
        + " jwt=" + (jwt.secret().isPresent() ? "HS256 secret ***"
            : jwt.jwks().url().map(u -> "jwks " + ConfigLoader.maskUrl(u)).orElse("public key"))
        + jwt.issuer().map(i -> " iss=" + i).orElse("") + jwt.audience().map(a -> " aud=" + a).orElse("")
        + " mpApi=" + ConfigLoader.maskUrl(mercadoPago.apiUrl()) + " mpWebhookSecret=***" + (mercadoPago.previousWebhookSecret().isPresent() ? " mpWebhookSecretPrevious=***" : "")
        + " mpAccessToken=***"
        + mercadoPago.collectorId().map(c -> " collector=" + c).orElse("")
        + (mercadoPago.acceptUnsignedIpn() ? " unsignedIpn=accepted" : "")
        + " internalApi=" + (internalApiToken.isPresent() ? "on" : "off")
        + " origins=" + (allowedOrigins.isEmpty() ? "any" : String.join(",", allowedOrigins))
        + " tls=" + (tls.isPresent() ? "on" : "off")
        + " cluster=" + (cluster.enabled() ? cluster.name() + "@" + cluster.host() + ":" + cluster.port()
            + cluster.kubernetesServiceDns().map(d -> " kubernetes=" + d).orElse(" members=" + cluster.members())
            + " clusterTls=" + (cluster.tls().isPresent() ? "on" : "off")
            : "off")
        + " retentionDays=" + retention.days() + " plans=" + plans.keySet() + " shutdownDrain=" + shutdownDrain.toSeconds() + "s"
        + (devMode ? " DEV MODE" : "");
  }
}
