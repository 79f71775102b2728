package io.spear.sms.jdbc;

import io.spear.model.error.ErrorCode;
import io.spear.model.error.InvalidRequestException;
import io.spear.model.error.PayloadTooLargeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** An upload's running length and SHA-256, and the rules every store holds them to. */
public final class UploadDigest {

  private final MessageDigest digest;
  private final long maxBytes;
  private long len;

  /** A digest of a body that may hold at most {@code maxBytes}. */
  public UploadDigest(long maxBytes) {
    this.maxBytes = maxBytes;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM provides SHA-256", e);
    }
  }

  /** Counts and hashes {@code n} more bytes; refuses them past the limit. */
  public void update(byte[] bytes, int offset, int n) {
    len += n;
    if (len > maxBytes) {
      throw new PayloadTooLargeException("upload exceeds the limit of " + maxBytes + " bytes");
    }
    digest.update(bytes, offset, n);
  }

  /** The bytes counted so far. */
  public long len() {
    return len;
  }

  /** The body's SHA-256 in hex, once it ended; refuses an empty body or a different checksum. */
  public String finish(Optional<String> declaredSha256) {
    if (len == 0) {
      throw new InvalidRequestException(ErrorCode.EMPTY_UPLOAD, "upload body is empty");
    }
    String sha = HexFormat.of().formatHex(digest.digest());
    if (declaredSha256.isPresent() && !declaredSha256.get().equals(sha)) {
      throw new InvalidRequestException(
          ErrorCode.CHECKSUM_MISMATCH,
          "checksum mismatch: declared sha256 "
              + declaredSha256.get()
              + " but the body's sha256 is "
              + sha);
    }
    return sha;
  }
}
