package io.spear.client.kv;

/** What a conditional write or delete did. */
public sealed interface KvWrite {

  /** It went through; {@code version} is the one written (or, for a delete, the one removed). */
  record Written(long version, boolean created) implements KvWrite {}

  /** Its condition did not hold: another version was there, or none, or one when none was to be. */
  record VersionMismatch(String message) implements KvWrite {}

  /** A delete of a key that was not there. */
  record NotFound() implements KvWrite {}
}
