package io.spear.sms.kv;

/** What must hold of a key before a write or delete goes through. */
public sealed interface KvCondition {

  /** Nothing: the write goes through whatever the key holds. */
  enum Always implements KvCondition {
    /** The one value. */
    INSTANCE
  }

  /** The key exists at exactly this version (HTTP {@code If-Match}). */
  record AtVersion(long version) implements KvCondition {}

  /** The key does not exist (HTTP {@code If-None-Match: *}). */
  enum Absent implements KvCondition {
    /** The one value. */
    INSTANCE
  }

  /** Whether a key now at {@code current} (0 when absent) meets this condition. */
  default boolean holds(long current) {
    return switch (this) {
      case Always a -> true;
      case AtVersion v -> current != 0 && current == v.version();
      case Absent a -> current == 0;
    };
  }
}
