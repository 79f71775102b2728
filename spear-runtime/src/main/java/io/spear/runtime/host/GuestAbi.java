package io.spear.runtime.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The guest ABI of the {@code spear} import module, derived from the families a node offers: every
 * host call by family with named, typed parameters, and every constant guests pass or get back
 * (errno values first, then each family's). The C header, the Rust SDK's {@code extern} block and
 * the AssemblyScript declarations are checked against (or generated from) it.
 *
 * @param calls every host call, family by family
 * @param constants every constant, errno first
 */
public record GuestAbi(List<Call> calls, List<Constant> constants) {

  /** One host call as guests see it. */
  public record Call(
      String family, String name, List<HostCall.Param> params, HostCall.Type result, String doc) {}

  /** A named integer constant of a group ("errno", "log", "chat", ...). */
  public record Constant(String group, String name, long value, String doc) {}

  /** Copies the lists. */
  public GuestAbi {
    calls = List.copyOf(calls);
    constants = List.copyOf(constants);
  }

  /** The ABI of these families, in their order. */
  public static GuestAbi of(List<? extends HostFamily<?>> families) {
    List<Call> calls = new ArrayList<>();
    List<Constant> constants = new ArrayList<>(errno());
    for (HostFamily<?> family : families) {
      for (HostCall<?> call : family.calls()) {
        calls.add(new Call(family.name(), call.name(), call.params(), call.result(), call.doc()));
      }
      constants.addAll(family.constants());
    }
    return new GuestAbi(calls, constants);
  }

  /** A constant of {@code group}. */
  public static Constant constant(String group, String name, long value, String doc) {
    return new Constant(group, name, value, doc);
  }

  private static List<Constant> errno() {
    String g = "errno";
    return List.of(
        constant(g, "EPERM", Errno.EPERM, "Operation not permitted."),
        constant(g, "ENOENT", Errno.ENOENT, "No such entry."),
        constant(g, "EIO", Errno.EIO, "Input/output error, also malformed arguments."),
        constant(g, "EBADF", Errno.EBADF, "Bad descriptor."),
        constant(g, "EAGAIN", Errno.EAGAIN, "Nothing pending; try again."),
        constant(g, "ENOMEM", Errno.ENOMEM, "Out of memory or descriptors."),
        constant(g, "EACCES", Errno.EACCES, "Forbidden by policy."),
        constant(g, "EFAULT", Errno.EFAULT, "A pointer outside the guest's memory."),
        constant(g, "EINVAL", Errno.EINVAL, "An invalid argument or command."),
        constant(g, "EFBIG", Errno.EFBIG, "A body over the node's limit."),
        constant(g, "ENOSPC", Errno.ENOSPC, "Buffer too small; the size needed was written back."),
        constant(g, "EPIPE", Errno.EPIPE, "The other side is gone."),
        constant(g, "ENOSYS", Errno.ENOSYS, "Not implemented."),
        constant(g, "ECONNRESET", Errno.ECONNRESET, "The peer reset the connection."),
        constant(g, "ENOTCONN", Errno.ENOTCONN, "Not connected, or not inside an execution."),
        constant(g, "ETIMEDOUT", Errno.ETIMEDOUT, "Timed out."));
  }
}
