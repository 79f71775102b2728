package io.spear.client;

import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK {@link HttpClient} for a list of SMS addresses. Built without a context, the JDK's client
 * builds the JVM's default {@link SSLContext} (reads the trust store, sets up its keys: about a
 * tenth of a one-shot CLI command) even when it never speaks TLS; a client of {@code http://}
 * addresses only gets a context that refuses to be used instead.
 */
final class PlainHttp {

  /** The protocol name of the context that refuses TLS. */
  static final String NO_TLS = "none (http:// only)";

  private PlainHttp() {}

  static HttpClient client(List<String> baseUrls, Duration connectTimeout) {
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(connectTimeout);
    if (baseUrls.stream().allMatch(url -> url.startsWith("http://"))) {
      builder.sslContext(noTls()).sslParameters(new SSLParameters());
    }
    return builder.build();
  }

  /** A context whose every use fails: nothing here may open a TLS connection. */
  static SSLContext noTls() {
    return new SSLContext(new Refusing(), null, NO_TLS) {};
  }

  private static final class Refusing extends SSLContextSpi {

    private static IllegalStateException refused() {
      return new IllegalStateException("TLS is not set up: this client talks http:// only");
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
      throw refused();
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
      throw refused();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
      throw refused();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
      throw refused();
    }
  }
}
