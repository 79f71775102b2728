package io.spear.client;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SMS replicas a client may talk to, from {@code host:port,host:port} (or URLs): one is
 * current, and a client moves to the next when the current one stops answering. Thread-safe.
 */
public final class SmsAddresses {

  private final List<String> bases;
  private final AtomicInteger current = new AtomicInteger();

  private SmsAddresses(List<String> bases) {
    this.bases = bases;
  }

  /** Parses a comma-separated list of addresses, each {@code host:port} or a URL. */
  public static SmsAddresses parse(String addresses) {
    List<String> bases =
        Arrays.stream(addresses.split(","))
            .map(String::trim)
            .filter(a -> !a.isEmpty())
            .map(SmsClient::normalize)
            .distinct()
            .toList();
    if (bases.isEmpty()) {
      throw new IllegalArgumentException("no SMS address in '" + addresses + "'");
    }
    return new SmsAddresses(bases);
  }

  /** Every address, as base URLs, in the order given. */
  public List<String> all() {
    return bases;
  }

  /** How many addresses there are. */
  public int size() {
    return bases.size();
  }

  /** The base URL requests go to now. */
  public String current() {
    return bases.get(Math.floorMod(current.get(), bases.size()));
  }

  /**
   * Moves away from {@code failed} after it did not answer, unless another thread already did;
   * answers the address to try next.
   */
  public String failOver(String failed) {
    int index = bases.indexOf(failed);
    if (index >= 0) {
      current.compareAndSet(index, (index + 1) % bases.size());
    }
    return current();
  }

  @Override
  public String toString() {
    return String.join(",", bases);
  }
}
