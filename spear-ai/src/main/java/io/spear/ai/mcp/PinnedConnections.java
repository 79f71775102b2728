package io.spear.ai.mcp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The node's connections to streamable HTTP MCP servers: one Apache HttpClient whose routes carry
 * the address the egress policy checked, so it never resolves a name (its resolver refuses every
 * lookup), while the {@code Host} header, TLS server name and certificate check use the name.
 */
final class PinnedConnections implements AutoCloseable {

  private static final DnsResolver NO_LOOKUPS =
      new DnsResolver() {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
          throw new UnknownHostException("MCP connects only to the address its egress check gave");
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
          throw new UnknownHostException("MCP connects only to the address its egress check gave");
        }
      };

  private final PoolingHttpClientConnectionManager pool;
  private final CloseableHttpClient client;

  PinnedConnections(SSLContext tls) {
    this.pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
            .setDnsResolver(NO_LOOKUPS)
            // A session holds its server-to-client stream open beside its calls.
            .setMaxConnPerRoute(64)
            .setMaxConnTotal(512)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.ofSeconds(10))
                    .setTimeToLive(TimeValue.ofMinutes(5))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(pool)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableContentCompression()
            .disableAuthCaching()
            .setUserAgent("spear-mcp")
            .evictIdleConnections(TimeValue.ofSeconds(30))
            .build();
  }

  /** The node's default trust: the JDK's certificate authorities. */
  static SSLContext defaultTls() {
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }

  CloseableHttpClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException e) {
      // closing: nothing left to tell anyone
    }
    pool.close();
  }
}
