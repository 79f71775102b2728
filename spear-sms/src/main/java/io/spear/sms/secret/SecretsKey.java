package io.spear.sms.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator's 256-bit key that seals secrets at rest: AES-GCM with a random 96-bit nonce per
 * value and the secret's name as associated data, so a sealed value moved to another name does not
 * open.
 */
public final class SecretsKey {

  /** The environment variable holding the key in base64. */
  public static final String ENV = "SPEAR_SECRETS_KEY";

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;

  private SecretsKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "AES");
  }

  /**
   * The key written in base64 (standard or URL-safe, padding optional).
   *
   * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes; the message never
   *     holds the text
   */
  public static SecretsKey ofBase64(String text) {
    byte[] bytes;
    String trimmed = text.strip();
    try {
      bytes =
          trimmed.contains("-") || trimmed.contains("_")
              ? Base64.getUrlDecoder().decode(trimmed)
              : Base64.getDecoder().decode(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secrets key is not base64");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "the secrets key must be 32 bytes (256 bits) in base64 but is "
              + bytes.length
              + " bytes");
    }
    SecretsKey key = new SecretsKey(bytes);
    Arrays.fill(bytes, (byte) 0);
    return key;
  }

  /**
   * The key from {@code file} if given, else from {@link #ENV} in {@code environment}; empty when
   * neither is there.
   */
  public static Optional<SecretsKey> load(Optional<Path> file, Map<String, String> environment) {
    if (file.isPresent()) {
      try {
        return Optional.of(
            ofBase64(new String(Files.readAllBytes(file.get()), StandardCharsets.US_ASCII)));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read the secrets key file " + file.get() + ": " + e.getMessage(), e);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file.get() + ": " + e.getMessage(), e);
      }
    }
    String value = environment.get(ENV);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ofBase64(value));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENV + ": " + e.getMessage(), e);
    }
  }

  /** A new random key in base64, for an operator to keep. */
  public static String generateBase64() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** {@code value} sealed for {@code name}: base64 of nonce then ciphertext with its tag. */
  public String seal(String name, String value) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, name);
      byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /**
   * The value {@link #seal} sealed for {@code name}.
   *
   * @throws IllegalStateException when it was sealed under another key or for another name
   */
  public String open(String name, String sealed) {
    byte[] bytes = Base64.getDecoder().decode(sealed);
    if (bytes.length <= NONCE_BYTES) {
      throw new IllegalStateException("secret " + name + " is not a sealed value");
    }
    try {
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), name);
      byte[] value = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
      return new String(value, StandardCharsets.UTF_8);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException(
          "secret " + name + " does not open with this key (sealed under another key?)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  private Cipher cipher(int mode, byte[] nonce, String name) throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
    cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  @Override
  public String toString() {
    return "SecretsKey[hidden]";
  }
}
