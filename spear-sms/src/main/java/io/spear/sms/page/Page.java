package io.spear.sms.page;

import java.util.List;

/**
 * One page of a listing and the size of the whole filtered set.
 *
 * @param items the page's items, in listing order
 * @param totalCount how many items match the filter, over all pages
 * @param <T> the item type
 */
public record Page<T>(List<T> items, long totalCount) {

  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }
}
