package io.spear.model.api;

import java.util.List;

/** One page of a list answer: its items and how many match over all pages. */
public interface Paged<T> {

  /** The items of this page. */
  List<T> items();

  /** How many items match over all pages. */
  long totalCount();
}
