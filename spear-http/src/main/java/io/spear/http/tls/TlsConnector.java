package io.spear.http.tls;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** Jetty's HTTPS connector for a PEM certificate and key: the server then speaks HTTPS only. */
public final class TlsConnector {

  private TlsConnector() {}

  /** A connector on {@code host:port} serving TLS with {@code files}. */
  public static Connector create(
      Server server, HttpConfiguration http, TlsFiles files, String host, int port) {
    char[] password = java.util.UUID.randomUUID().toString().toCharArray();
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStore(Pem.keyStore(files, password));
    ssl.setKeyStorePassword(new String(password));
    HttpConfiguration https = new HttpConfiguration(http);
    SecureRequestCustomizer secure = new SecureRequestCustomizer();
    // Clients often reach a node by IP while its certificate names a host; the certificate
    // check is the client's, so Jetty need not refuse the SNI mismatch.
    secure.setSniHostCheck(false);
    https.addCustomizer(secure);
    ServerConnector connector =
        new ServerConnector(
            server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
    connector.setHost(host);
    connector.setPort(port);
    return connector;
  }
}
