package io.spear.sms.kv;

import java.util.List;
import java.util.Optional;

/**
 * Where key-value state is kept. Every acknowledged write is committed durably before it returns;
 * writes to one namespace are ordered, so a compare-and-set never loses an update.
 */
public interface KvStore {

  /** The key's entry, if it exists. */
  Optional<KvEntry> get(String namespace, String key);

  /**
   * Writes the key if {@code condition} holds and, for a new key, the namespace holds fewer than
   * {@code maxKeys} keys.
   */
  KvOutcome put(String namespace, String key, byte[] value, KvCondition condition, long maxKeys);

  /** Deletes the key if it exists and {@code condition} holds; answers the version it had. */
  KvOutcome delete(String namespace, String key, KvCondition condition);

  /** Up to {@code limit} keys starting with {@code prefix}, after {@code after} when given. */
  KvPage list(String namespace, String prefix, Optional<String> after, int limit);

  /** How many keys of the namespace start with {@code prefix}. */
  long count(String namespace, String prefix);

  /** The namespaces that hold keys, by name. */
  List<KvNamespace> namespaces();
}
