package io.spear.sms.node;

import java.security.SecureRandom;
import java.util.Base64;

/** The secrets SMS gives nodes at registration: 256 random bits each, URL-safe base64. */
final class ForwardingSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ForwardingSecrets() {}

  /** A new secret. */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
