package io.paynotify.config;

import io.vertx.core.net.ClientSSLOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DATABASE_URL} parsed into the {@link PgConnectOptions} that both the pool and the migrations
 * connect with, so its query parameters hold for every connection: {@code sslmode} (disable, allow,
 * prefer, require, verify-ca, verify-full; libpq's meanings: require encrypts without verifying),
 * {@code sslrootcert} (PEM CA file for the verify modes), {@code application_name},
 * {@code search_path}, {@code options}.
 */
public final class DatabaseUrl {

  private static final Pattern ROOT_CERT = Pattern.compile("([?&])sslrootcert=([^&]*)&?");

  private DatabaseUrl() {
  }

  /** Parses the URL; throws {@link IllegalArgumentException} with a message free of the password. */
  public static PgConnectOptions parse(String url) {
    String rest = url;
    String rootCert = null;
    Matcher m = ROOT_CERT.matcher(url);
    if (m.find()) {
      rootCert = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
      rest = (url.substring(0, m.start()) + m.group(1) + url.substring(m.end())).replaceAll("[?&]$", "");
    }
    PgConnectOptions options;
    try {
      options = PgConnectOptions.fromUri(rest);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("DATABASE_URL is not a postgresql://user[:password]@host[:port]/db[?params] URL");
    }
    if (rootCert != null) {
      options.setSslOptions(new ClientSSLOptions().setTrustOptions(new PemTrustOptions().addCertPath(rootCert)));
    } else if (options.getSslMode() == SslMode.REQUIRE || options.getSslMode() == SslMode.PREFER
        || options.getSslMode() == SslMode.ALLOW) {
      // libpq's meaning of these modes: encrypted, not verified (verify-ca / verify-full verify)
      options.setSslOptions(new ClientSSLOptions().setTrustAll(true));
    }
    return options;
  }

}
