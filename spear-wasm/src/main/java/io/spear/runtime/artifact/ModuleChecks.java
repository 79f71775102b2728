package io.spear.runtime.artifact;

import io.spear.model.error.InvalidConfigurationException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** The checks module bytes must pass before they are parsed. */
public final class ModuleChecks {

  /** The message of every module that is empty or lacks the WASM magic; clients match on it. */
  public static final String INVALID_FORMAT = "Invalid WASM module format";

  private static final byte[] MAGIC = {0x00, 0x61, 0x73, 0x6d};

  private ModuleChecks() {}

  /** Fails with {@value #INVALID_FORMAT} unless the bytes start with {@code 00 61 73 6d}. */
  public static void requireMagic(byte[] bytes) {
    if (bytes.length < MAGIC.length) {
      throw new InvalidConfigurationException(INVALID_FORMAT);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new InvalidConfigurationException(INVALID_FORMAT);
      }
    }
  }

  /**
   * Fails naming both digests unless the declared sha256 (hex, any case) matches {@code actual}.
   */
  public static void requireChecksum(String declared, String actual) {
    if (!declared.toLowerCase(Locale.ROOT).equals(actual)) {
      throw new InvalidConfigurationException(
          "WASM module checksum mismatch: declared sha256 "
              + declared
              + " but the module's sha256 is "
              + actual);
    }
  }

  /** The lower-case hex SHA-256 of the bytes. */
  public static String sha256Hex(byte[] bytes) {
    return HexFormat.of().formatHex(sha256().digest(bytes));
  }

  /** A fresh SHA-256 digest. */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
