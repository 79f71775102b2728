package io.spear.runtime.artifact;

/**
 * Module bytes that passed the format and checksum checks.
 *
 * @param bytes the module; not copied, callers must not change it
 * @param sha256 the lower-case hex SHA-256 of the module as served (kept copies lack its custom
 *     sections, so their bytes may hash differently)
 * @param source where the bytes came from, for messages and logs
 * @param kept whether the bytes are the node's kept copy ({@link LocalModules}) rather than a
 *     download or the task's inline bytes
 */
public record ResolvedModule(byte[] bytes, String sha256, String source, boolean kept) {

  /** Module bytes that were downloaded or given inline. */
  public ResolvedModule(byte[] bytes, String sha256, String source) {
    this(bytes, sha256, source, false);
  }
}
