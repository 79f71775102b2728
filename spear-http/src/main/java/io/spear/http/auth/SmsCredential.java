package io.spear.http.auth;

import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The secret SMS gave this Spearlet when it last registered, which SMS presents when it forwards to
 * this node: it authenticates as role {@link Role#SMS}. Only digests are kept. The secret of the
 * registration before is accepted too, so that an SMS replica whose view of the nodes is a moment
 * old still reaches a node that has just registered again through another replica.
 */
public final class SmsCredential {

  /** The name such a caller has. */
  public static final String CALLER_NAME = "sms";

  private record Digests(byte[] current, byte[] previous) {}

  private static final byte[] NONE = new byte[0];

  private final AtomicReference<Digests> digests = new AtomicReference<>(new Digests(NONE, NONE));

  /** Accepts {@code secret} from now on, and the one before it, but no older. */
  public void accept(String secret) {
    if (secret == null || secret.isBlank()) {
      return;
    }
    byte[] digest = TokenRegistry.digest(secret);
    digests.updateAndGet(d -> new Digests(digest, d.current()));
  }

  /** The SMS caller when {@code digest} is the SHA-256 of a secret accepted. */
  Optional<Caller> authenticate(byte[] digest) {
    Digests d = digests.get();
    // Both are compared whatever the first gives, in constant time.
    boolean current = d.current().length > 0 && MessageDigest.isEqual(d.current(), digest);
    boolean previous = d.previous().length > 0 && MessageDigest.isEqual(d.previous(), digest);
    return current | previous ? Optional.of(new Caller(CALLER_NAME, Role.SMS)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "SmsCredential[***]";
  }
}
