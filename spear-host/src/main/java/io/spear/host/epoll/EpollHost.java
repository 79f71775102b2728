package io.spear.host.epoll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spear.runtime.host.Errno;
import io.spear.runtime.host.HostCallError;
import io.spear.runtime.host.fd.DescribedState;
import io.spear.runtime.host.fd.FdEntry;
import io.spear.runtime.host.fd.FdKind;
import io.spear.runtime.host.fd.FdTable;
import io.spear.runtime.host.fd.Readiness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The semantics of {@code spear_epoll_*} and {@code spear_fd_ctl} for one execution, apart from
 * guest memory.
 */
public final class EpollHost {

  /** {@code spear_epoll_ctl} op: add a descriptor (or replace its interest). */
  public static final int CTL_ADD = 1;

  /** {@code spear_epoll_ctl} op: change a descriptor's interest. */
  public static final int CTL_MOD = 2;

  /** {@code spear_epoll_ctl} op: remove a descriptor. */
  public static final int CTL_DEL = 3;

  /** {@code spear_fd_ctl}: set or clear flags from {@code {"set":[..],"clear":[..]}}. */
  public static final int FD_SET_FLAGS = 1;

  /** {@code spear_fd_ctl}: {@code {"flags":[..]}}. */
  public static final int FD_GET_FLAGS = 2;

  /** {@code spear_fd_ctl}: {@code {"kind":..}}. */
  public static final int FD_GET_KIND = 3;

  /** {@code spear_fd_ctl}: {@code {"closed","flags","kind","poll_mask"}}. */
  public static final int FD_GET_STATUS = 4;

  /** {@code spear_fd_ctl}: the descriptor's metrics. */
  public static final int FD_GET_METRICS = 5;

  /** Bytes of one {@code spear_epoll_wait} record: i32 fd, i32 events. */
  public static final int RECORD_BYTES = 8;

  /** The kind of an epoll set's descriptor. */
  public static final FdKind EPOLL = new FdKind("Epoll");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NONBLOCK = "O_NONBLOCK";

  private final FdTable fds;
  private final LongSupplier ticker;
  // Only O_NONBLOCK exists and every call already is non-blocking; kept so GET_FLAGS answers.
  private final Set<Integer> nonBlocking = ConcurrentHashMap.newKeySet();

  /** The epoll host of one execution's descriptors; {@code ticker} times wait timeouts. */
  public EpollHost(FdTable fds, LongSupplier ticker) {
    this.fds = fds;
    this.ticker = ticker;
  }

  /** {@code spear_epoll_create}: a new, empty set. */
  public int create() {
    return fds.allocate(EPOLL, new EpollSet(), 0).map(FdEntry::fd).orElse(-Errno.ENOMEM);
  }

  /** {@code spear_epoll_ctl}. */
  public int control(int epfd, int op, int fd, int events) {
    if (epfd == fd) {
      return -Errno.EINVAL;
    }
    EpollSet set = set(epfd);
    FdEntry<?> target = fds.get(fd).filter(e -> !e.closed()).orElse(null);
    if (target == null) {
      return -Errno.EBADF;
    }
    if (target.kind() == EPOLL) {
      return -Errno.EINVAL;
    }
    return switch (op) {
      case CTL_ADD -> {
        set.add(target, events);
        yield 0;
      }
      case CTL_MOD -> set.modify(fd, events) ? 0 : -Errno.ENOENT;
      case CTL_DEL -> {
        set.remove(fd);
        yield 0;
      }
      default -> -Errno.EINVAL;
    };
  }

  /**
   * {@code spear_epoll_wait}: at most {@code maxRecords} packed records, little-endian, sorted by
   * descriptor; empty on timeout.
   */
  public byte[] await(int epfd, int maxRecords, int timeoutMs) {
    List<EpollSet.Ready> ready = set(epfd).await(timeoutMs, ticker);
    int n = Math.min(ready.size(), maxRecords);
    byte[] out = new byte[n * RECORD_BYTES];
    for (int i = 0; i < n; i++) {
      putInt(out, i * RECORD_BYTES, ready.get(i).fd());
      putInt(out, i * RECORD_BYTES + 4, ready.get(i).events());
    }
    return out;
  }

  /** {@code spear_epoll_close}. */
  public int close(int epfd) {
    set(epfd).close();
    return fds.close(epfd);
  }

  /** {@code spear_fd_ctl SET_FLAGS}. */
  public int setFlags(int fd, byte[] argument) {
    FdEntry<?> entry = entry(fd);
    JsonNode json;
    try {
      json = JSON.readTree(argument);
    } catch (IOException e) {
      return -Errno.EINVAL;
    }
    if (json == null || !json.isObject()) {
      return -Errno.EINVAL;
    }
    for (JsonNode flag : json.path("set")) {
      if (NONBLOCK.equals(flag.asText())) {
        nonBlocking.add(entry.fd());
      }
    }
    for (JsonNode flag : json.path("clear")) {
      if (NONBLOCK.equals(flag.asText())) {
        nonBlocking.remove(entry.fd());
      }
    }
    return 0;
  }

  /** {@code spear_fd_ctl} GET commands: the JSON answer. */
  public byte[] describe(int fd, int cmd) {
    FdEntry<?> entry = entry(fd);
    String flags = nonBlocking.contains(fd) ? "[\"O_NONBLOCK\"]" : "[]";
    String kind = kindName(entry);
    String json =
        switch (cmd) {
          case FD_GET_FLAGS -> "{\"flags\":" + flags + "}";
          case FD_GET_KIND -> "{\"kind\":\"" + kind + "\"}";
          case FD_GET_STATUS ->
              "{\"closed\":%s,\"flags\":%s,\"kind\":\"%s\",\"poll_mask\":%s}"
                  .formatted(entry.closed(), flags, kind, maskNames(pollMask(entry)));
          case FD_GET_METRICS ->
              entry.state() instanceof DescribedState described ? described.metricsJson() : "{}";
          default -> throw new HostCallError(Errno.EINVAL);
        };
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private static int pollMask(FdEntry<?> entry) {
    return entry.closed() ? Readiness.HUP : entry.readiness();
  }

  private static String maskNames(int mask) {
    List<String> names = new ArrayList<>();
    if ((mask & Readiness.IN) != 0) {
      names.add("\"EPOLLIN\"");
    }
    if ((mask & Readiness.OUT) != 0) {
      names.add("\"EPOLLOUT\"");
    }
    if ((mask & Readiness.ERR) != 0) {
      names.add("\"EPOLLERR\"");
    }
    if ((mask & Readiness.HUP) != 0) {
      names.add("\"EPOLLHUP\"");
    }
    return "[" + String.join(",", names) + "]";
  }

  private static String kindName(FdEntry<?> entry) {
    if (entry.state() instanceof DescribedState described) {
      return described.kindName();
    }
    return entry.kind().name();
  }

  private FdEntry<?> entry(int fd) {
    return fds.get(fd).orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  private EpollSet set(int epfd) {
    return fds.open(epfd, EPOLL, EpollSet.class)
        .map(FdEntry::state)
        .orElseThrow(() -> new HostCallError(Errno.EBADF));
  }

  private static void putInt(byte[] out, int at, int value) {
    out[at] = (byte) value;
    out[at + 1] = (byte) (value >>> 8);
    out[at + 2] = (byte) (value >>> 16);
    out[at + 3] = (byte) (value >>> 24);
  }
}
