package io.spear.sms.kv;

import java.util.List;
import java.util.Optional;

/**
 * One page of a namespace's keys in byte order.
 *
 * @param keys the keys of this page
 * @param lastKey the key to continue after, when more may follow
 */
public record KvPage(List<KvKey> keys, Optional<String> lastKey) {

  /** Copies the keys. */
  public KvPage {
    keys = List.copyOf(keys);
  }
}
