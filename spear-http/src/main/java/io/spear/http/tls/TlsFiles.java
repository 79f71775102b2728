package io.spear.http.tls;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A server's certificate chain and private key, both PEM files ({@code --tls-cert}, {@code
 * --tls-key}); the key is PKCS#8 ({@code BEGIN PRIVATE KEY}), RSA or EC.
 *
 * @param certificate the certificate chain, leaf first
 * @param privateKey the private key of the leaf certificate
 */
public record TlsFiles(Path certificate, Path privateKey) {

  /** Checks the parts. */
  public TlsFiles {
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(privateKey, "privateKey");
  }
}
