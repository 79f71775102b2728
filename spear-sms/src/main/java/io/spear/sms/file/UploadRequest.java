package io.spear.sms.file;

import java.util.Objects;
import java.util.Optional;

/**
 * How a client asked to store a file.
 *
 * @param name the file name to record
 * @param contentType the media type to record
 * @param declaredSha256 the lower-case hex sha256 the client claims the body has, if any
 * @param maxBytes the largest body accepted
 */
public record UploadRequest(
    String name, String contentType, Optional<String> declaredSha256, long maxBytes) {

  /** Checks the parts eagerly. */
  public UploadRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(declaredSha256, "declaredSha256");
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be positive but was " + maxBytes);
    }
  }
}
