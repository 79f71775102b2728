package io.spear.http.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads PEM certificates and PKCS#8 keys with the JDK alone. */
final class Pem {

  private static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

  private Pem() {}

  /** The certificates of a PEM file, in order. */
  public static List<Certificate> certificates(Path file) {
    try {
      byte[] pem = Files.readAllBytes(file);
      List<Certificate> chain =
          List.copyOf(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(pem)));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException("no certificate in " + file);
      }
      return chain;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read certificates from " + file + ": " + e, e);
    }
  }

  /** The PKCS#8 private key of a PEM file (RSA, EC or Ed25519). */
  public static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read private key " + file + ": " + e, e);
    }
    Matcher m = PRIVATE_KEY.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException(
          file
              + " holds no PKCS#8 key (BEGIN PRIVATE KEY); convert it with"
              + " 'openssl pkcs8 -topk8 -nocrypt -in key.pem'");
    }
    byte[] der = Base64.getMimeDecoder().decode(m.group(1));
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // Try the next algorithm: PKCS#8 names it inside, but KeyFactory wants it up front.
      }
    }
    throw new IllegalArgumentException(file + " holds a key of an unsupported algorithm");
  }

  /** A key store holding {@code files}' key under the alias {@code server}. */
  public static KeyStore keyStore(TlsFiles files, char[] password) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "server",
          privateKey(files.privateKey()),
          password,
          certificates(files.certificate()).toArray(Certificate[]::new));
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot use TLS files " + files + ": " + e, e);
    }
  }
}
