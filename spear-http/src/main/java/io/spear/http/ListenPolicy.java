package io.spear.http;

import io.spear.http.auth.ServerSecurity;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to serve without tokens beyond loopback: anyone who can reach such a server could
 * otherwise delete its data, register a node or run code. {@code --insecure} overrides, with a
 * warning.
 */
final class ListenPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(ListenPolicy.class);

  private ListenPolicy() {}

  static void check(String server, String host, ServerSecurity security) {
    if (security.enabled() || isLoopback(host)) {
      return;
    }
    if (!security.allowInsecure()) {
      throw new IllegalStateException(
          server
              + " would listen on "
              + host
              + ", beyond loopback, without authentication: give a --token-file (or SPEAR_TOKEN),"
              + " or listen on 127.0.0.1, or pass --insecure to accept the risk");
    }
    LOG.warn(
        "{} listens on {} without authentication (--insecure): anyone who can reach it may use"
            + " every route",
        server,
        host);
  }

  static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
