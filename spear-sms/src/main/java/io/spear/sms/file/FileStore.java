package io.spear.sms.file;

import io.spear.sms.page.Page;
import io.spear.sms.page.PageRequest;
import java.io.InputStream;
import java.util.Optional;

/**
 * Where uploaded files live. Implementations store the bytes durably before the metadata, so a
 * listed file can always be read.
 */
public interface FileStore {

  /**
   * Streams {@code body} into the store.
   *
   * @throws io.spear.model.error.PayloadTooLargeException when the body exceeds the limit
   * @throws io.spear.model.error.InvalidRequestException when it is empty or its checksum differs
   *     from the declared one; in every failure nothing is stored
   */
  FileMeta put(InputStream body, UploadRequest request);

  /** The metadata of a file. */
  Optional<FileMeta> find(String id);

  /** A file opened for reading. */
  Optional<FileContent> open(String id);

  /** Files whose id or name contains {@code query} (any, when blank), newest first. */
  Page<FileMeta> list(String query, PageRequest page);

  /** Deletes a file; false when there was none. */
  boolean delete(String id);

  /** Bytes stored, counted once per distinct content. */
  long storedBytes();
}
