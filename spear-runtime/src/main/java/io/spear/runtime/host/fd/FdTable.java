package io.spear.runtime.host.fd;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The descriptors of one execution. Numbers start at {@value #FIRST_FD} and are never reused, in
 * one sequence shared by every kind, as in SPEAR: a guest's second session is always 1002 after a
 * session and a response, so fd numbers in logs are reproducible.
 */
public final class FdTable {

  /** The first number handed out. */
  public static final int FIRST_FD = 1000;

  /** The errno value of a bad descriptor. */
  public static final int EBADF = 9;

  private final AtomicInteger next = new AtomicInteger(FIRST_FD);
  private final ConcurrentHashMap<Integer, FdEntry<?>> entries = new ConcurrentHashMap<>();
  private final int maxOpen;

  /** A table that refuses to create more than {@code maxOpen} descriptors in total. */
  public FdTable(int maxOpen) {
    if (maxOpen < 1) {
      throw new IllegalArgumentException("maxOpen must be at least 1 but was " + maxOpen);
    }
    this.maxOpen = maxOpen;
  }

  /**
   * A new descriptor, or empty when the table has handed out its maximum (the guest sees -ENOMEM).
   */
  public <S> Optional<FdEntry<S>> allocate(FdKind kind, S state, int readiness) {
    int fd = next.getAndIncrement();
    if (fd - FIRST_FD >= maxOpen) {
      next.decrementAndGet();
      return Optional.empty();
    }
    FdEntry<S> entry = new FdEntry<>(fd, kind, state, readiness);
    entries.put(fd, entry);
    return Optional.of(entry);
  }

  /** The open descriptor {@code fd} of {@code kind} with state of {@code type}, if there is one. */
  public <S> Optional<FdEntry<S>> open(int fd, FdKind kind, Class<S> type) {
    FdEntry<?> entry = entries.get(fd);
    if (entry == null
        || entry.closed()
        || entry.kind() != kind
        || !type.isInstance(entry.state())) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    FdEntry<S> typed = (FdEntry<S>) entry;
    return Optional.of(typed);
  }

  /** Any descriptor by number, open or closed. */
  public Optional<FdEntry<?>> get(int fd) {
    return Optional.ofNullable(entries.get(fd));
  }

  /**
   * Closes a descriptor: 0, also when it was closed already (as SPEAR), {@code -EBADF} when it
   * never existed. Its readiness becomes HUP for watchers.
   */
  public int close(int fd) {
    FdEntry<?> entry = entries.get(fd);
    if (entry == null) {
      return -EBADF;
    }
    if (entry.markClosed()) {
      entry.raise(Readiness.HUP);
    }
    return 0;
  }

  /** Descriptors handed out so far. */
  public int allocated() {
    return next.get() - FIRST_FD;
  }
}
