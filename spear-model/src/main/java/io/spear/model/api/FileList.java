package io.spear.model.api;

import java.util.List;

/**
 * The answer to {@code GET /api/v1/files}.
 *
 * @param success always true
 * @param files this page, newest first
 * @param totalCount files matching the query over all pages
 */
public record FileList(boolean success, List<FileInfo> files, long totalCount)
    implements Paged<FileInfo> {

  /** Normalizes an absent list to an empty one. */
  public FileList {
    files = files == null ? List.of() : List.copyOf(files);
  }

  @Override
  public List<FileInfo> items() {
    return files;
  }
}
