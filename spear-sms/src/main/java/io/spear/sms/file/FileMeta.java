package io.spear.sms.file;

import io.spear.model.task.SmsFileUri;
import java.time.Instant;

/**
 * What SMS knows about one stored file.
 *
 * @param id the file's id (a UUID)
 * @param name the name its uploader gave
 * @param len its size in bytes
 * @param sha256 lower-case hex sha256 of its bytes
 * @param contentType the media type its uploader declared
 * @param createdAt when it was stored
 */
public record FileMeta(
    String id, String name, long len, String sha256, String contentType, Instant createdAt) {

  /** The URI tasks use to point at this file. */
  public String uri() {
    return SmsFileUri.SCHEME + "://" + id;
  }
}
