package io.spear.http.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Makes this process's HTTPS clients trust a private CA (or a self-signed certificate) besides the
 * JDK's own: every client (the CLI, a Spearlet calling SMS, SMS calling Spearlets) builds its
 * {@code HttpClient} on the default {@link SSLContext}, which this replaces.
 */
public final class TlsTrust {

  private TlsTrust() {}

  /** Trusts the certificates of {@code caPem} in addition to the JDK's. */
  public static void install(Path caPem) {
    install(List.of(caPem));
  }

  /** Trusts the certificates of every file of {@code pemFiles} in addition to the JDK's. */
  public static void install(List<Path> pemFiles) {
    try {
      List<Certificate> extra = new java.util.ArrayList<>();
      pemFiles.forEach(f -> extra.addAll(Pem.certificates(f)));
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {combined(extra)}, null);
      SSLContext.setDefault(context);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot trust " + pemFiles + ": " + e, e);
    }
  }

  private static X509TrustManager combined(List<Certificate> extra)
      throws GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    for (int i = 0; i < extra.size(); i++) {
      store.setCertificateEntry("extra-" + i, extra.get(i));
    }
    X509TrustManager ours = trustManager(store);
    X509TrustManager system = trustManager(null);
    return new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        system.checkClientTrusted(chain, authType);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType)
          throws CertificateException {
        try {
          ours.checkServerTrusted(chain, authType);
        } catch (CertificateException e) {
          system.checkServerTrusted(chain, authType);
        }
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        X509Certificate[] a = ours.getAcceptedIssuers();
        X509Certificate[] b = system.getAcceptedIssuers();
        X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
      }
    };
  }

  private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }
}
