package io.spear.client.kv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * One page of a namespace's keys.
 *
 * @param keys the keys of the page, in byte order
 * @param count how many keys of the namespace start with the prefix
 * @param nextCursor where the next page starts; absent on the last page
 */
public record KvListing(List<Key> keys, long count, Optional<String> nextCursor) {

  /** Copies the keys. */
  public KvListing {
    keys = List.copyOf(keys);
  }

  /**
   * A key without its value.
   *
   * @param key the key
   * @param version its version
   * @param size its value's length in bytes
   * @param updatedAtMs when it was last written, epoch milliseconds
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Key(String key, long version, long size, long updatedAtMs) {}
}
