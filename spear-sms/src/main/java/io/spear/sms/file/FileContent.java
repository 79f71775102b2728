package io.spear.sms.file;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stored file opened for reading; the caller closes it.
 *
 * @param meta the file's metadata
 * @param bytes its bytes, exactly {@code meta.len()} of them
 */
public record FileContent(FileMeta meta, InputStream bytes) implements AutoCloseable {

  @Override
  public void close() throws IOException {
    bytes.close();
  }
}
