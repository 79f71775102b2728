package io.spear.sms.kv;

/** What a write or delete did. */
public sealed interface KvOutcome {

  /** The key was written (or deleted) at {@code version}; {@code created} when it was new. */
  record Done(long version, boolean created) implements KvOutcome {}

  /** The condition did not hold: the key is at {@code current} (0 when absent). */
  record Mismatch(long current) implements KvOutcome {}

  /** A delete of a key that does not exist. */
  record Missing() implements KvOutcome {}

  /** A new key refused: the namespace already holds {@code limit} keys. */
  record Full(long limit) implements KvOutcome {}
}
