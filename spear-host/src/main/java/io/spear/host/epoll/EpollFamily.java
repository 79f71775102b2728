package io.spear.host.epoll;

import static io.spear.runtime.host.HostCall.Type.I32;
import static io.spear.runtime.host.HostCall.Type.LEN_PTR;
import static io.spear.runtime.host.HostCall.Type.OUT_PTR;
import static io.spear.runtime.host.HostCall.param;

import io.spear.runtime.host.Errno;
import io.spear.runtime.host.ExecutionScope;
import io.spear.runtime.host.Guest;
import io.spear.runtime.host.GuestAbi;
import io.spear.runtime.host.GuestMemory;
import io.spear.runtime.host.HostCall;
import io.spear.runtime.host.HostFamily;
import io.spear.runtime.host.fd.Readiness;
import java.util.List;

/**
 * The {@code spear_epoll_*} and {@code spear_fd_ctl} imports: guest memory in and out, and {@link
 * EpollHost} for the meaning. {@code spear_epoll_wait} blocks, so it gives the CPU slot back.
 */
public final class EpollFamily implements HostFamily<EpollHost> {

  private static final List<HostCall<EpollHost>> CALLS =
      List.of(
          HostCall.of(
              "spear_epoll_create",
              I32,
              "A new epoll set descriptor, or -errno.",
              (epoll, guest, args) -> epoll.create()),
          HostCall.of(
              "spear_epoll_ctl",
              I32,
              "Adds, changes or removes a descriptor's interest (EPOLL_CTL_*).",
              (epoll, guest, args) ->
                  epoll.control((int) args[0], (int) args[1], (int) args[2], (int) args[3]),
              param("epfd", I32),
              param("op", I32),
              param("fd", I32),
              param("events", I32)),
          // A guest waiting for events (often for minutes) needs no running slot.
          HostCall.blocking(
              "spear_epoll_wait",
              I32,
              "Waits and writes (fd, events) records: their count, 0 on timeout.",
              EpollFamily::await,
              param("epfd", I32),
              param("out", OUT_PTR),
              param("out_len", LEN_PTR),
              param("timeout_ms", I32)),
          HostCall.of(
              "spear_epoll_close",
              I32,
              "Closes an epoll set.",
              (epoll, guest, args) -> epoll.close((int) args[0]),
              param("fd", I32)),
          HostCall.of(
              "spear_fd_ctl",
              I32,
              "Controls or describes one descriptor (FD_CTL_*).",
              EpollFamily::fdControl,
              param("fd", I32),
              param("cmd", I32),
              param("arg", OUT_PTR),
              param("arg_len", LEN_PTR)));

  @Override
  public String name() {
    return "epoll";
  }

  @Override
  public List<HostCall<EpollHost>> calls() {
    return CALLS;
  }

  @Override
  public List<GuestAbi.Constant> constants() {
    String g = "epoll";
    return List.of(
        GuestAbi.constant(g, "EPOLLIN", Readiness.IN, "Readable."),
        GuestAbi.constant(g, "EPOLLOUT", Readiness.OUT, "Writable."),
        GuestAbi.constant(g, "EPOLLERR", Readiness.ERR, "Failed."),
        GuestAbi.constant(g, "EPOLLHUP", Readiness.HUP, "Hung up."),
        GuestAbi.constant(g, "EPOLL_CTL_ADD", EpollHost.CTL_ADD, "Adds a descriptor."),
        GuestAbi.constant(
            g, "EPOLL_CTL_MOD", EpollHost.CTL_MOD, "Changes a descriptor's interest."),
        GuestAbi.constant(g, "EPOLL_CTL_DEL", EpollHost.CTL_DEL, "Removes a descriptor."),
        GuestAbi.constant(
            g, "FD_CTL_SET_FLAGS", EpollHost.FD_SET_FLAGS, "Sets or clears O_NONBLOCK."),
        GuestAbi.constant(g, "FD_CTL_GET_FLAGS", EpollHost.FD_GET_FLAGS, "The flags as JSON."),
        GuestAbi.constant(g, "FD_CTL_GET_KIND", EpollHost.FD_GET_KIND, "The kind as JSON."),
        GuestAbi.constant(g, "FD_CTL_GET_STATUS", EpollHost.FD_GET_STATUS, "The status as JSON."),
        GuestAbi.constant(
            g, "FD_CTL_GET_METRICS", EpollHost.FD_GET_METRICS, "The metrics as JSON."));
  }

  @Override
  public EpollHost open(ExecutionScope scope) {
    return new EpollHost(scope.fds(), scope::nanoTime);
  }

  private static long await(EpollHost epoll, Guest guest, long[] args) {
    int epfd = (int) args[0];
    int outPtr = (int) args[1];
    int outLenPtr = (int) args[2];
    int timeoutMs = (int) args[3];
    GuestMemory memory = guest.memory();
    long capacity = memory.readU32(outLenPtr);
    long maxRecords = capacity / EpollHost.RECORD_BYTES;
    if (maxRecords == 0) {
      memory.writeU32(outLenPtr, EpollHost.RECORD_BYTES);
      return -Errno.ENOSPC;
    }
    byte[] records = epoll.await(epfd, (int) Math.min(maxRecords, Integer.MAX_VALUE), timeoutMs);
    memory.write(outPtr, records);
    memory.writeU32(outLenPtr, records.length);
    return records.length / EpollHost.RECORD_BYTES;
  }

  private static long fdControl(EpollHost epoll, Guest guest, long[] args) {
    int fd = (int) args[0];
    int cmd = (int) args[1];
    int argPtr = (int) args[2];
    int argLenPtr = (int) args[3];
    GuestMemory memory = guest.memory();
    return switch (cmd) {
      case EpollHost.FD_SET_FLAGS -> epoll.setFlags(fd, memory.readWithLength(argPtr, argLenPtr));
      case EpollHost.FD_GET_FLAGS,
          EpollHost.FD_GET_KIND,
          EpollHost.FD_GET_STATUS,
          EpollHost.FD_GET_METRICS ->
          memory.writeWithLength(argPtr, argLenPtr, epoll.describe(fd, cmd));
      default -> -Errno.EINVAL;
    };
  }
}
