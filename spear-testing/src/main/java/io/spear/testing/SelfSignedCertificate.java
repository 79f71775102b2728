package io.spear.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made with the JDK's {@code
 * keytool} and written as PEM: the certificate and its PKCS#8 key.
 *
 * @param certificate the PEM certificate
 * @param privateKey the PEM private key
 */
public record SelfSignedCertificate(Path certificate, Path privateKey) {

  /** Creates the files in {@code dir}. */
  public static SelfSignedCertificate create(Path dir) {
    Path keystore = dir.resolve("tls.p12");
    String password = "test-password";
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    try {
      Process process =
          new ProcessBuilder(
                  keytool.toString(),
                  "-genkeypair",
                  "-alias",
                  "server",
                  "-keyalg",
                  "EC",
                  "-groupname",
                  "secp256r1",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  keystore.toString(),
                  "-storepass",
                  password)
              .redirectErrorStream(true)
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore store = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(keystore)) {
        store.load(in, password.toCharArray());
      }
      Key key = store.getKey("server", password.toCharArray());
      Path cert = dir.resolve("tls-cert.pem");
      Path keyFile = dir.resolve("tls-key.pem");
      Files.writeString(cert, pem("CERTIFICATE", store.getCertificate("server").getEncoded()));
      Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));
      return new SelfSignedCertificate(cert, keyFile);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot make a test certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
