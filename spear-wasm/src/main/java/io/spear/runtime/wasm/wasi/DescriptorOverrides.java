package io.spear.runtime.wasm.wasi;

import static io.spear.runtime.wasm.wasi.Abi.errno;
import static io.spear.runtime.wasm.wasi.Abi.set;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.Optional;

/**
 * Append mode and rights. Java cannot open a channel for reading and appending, nor for appending
 * and truncating, so Chicory refuses those and cannot switch append mode on or off: here files are
 * opened without it and a write to an appending file first moves to the end. Chicory keeps rights
 * only to report them; here a guest may drop rights ({@code fd_fdstat_set_rights}) and the
 * descriptor then refuses what they allowed (see {@link RightsGates}).
 */
final class DescriptorOverrides {

  private final Descriptors fds;
  private final Probe probe;

  DescriptorOverrides(Descriptors fds, Probe probe) {
    this.fds = fds;
    this.probe = probe;
  }

  /** Our version of {@code function}, or null when Chicory's stands. */
  WasiOverride find(String function) {
    return switch (function) {
      case "path_open" -> this::pathOpen;
      case "fd_close" -> this::fdClose;
      case "fd_renumber" -> this::fdRenumber;
      case "fd_write" -> this::fdWrite;
      case "fd_fdstat_get" -> this::fdFdstatGet;
      case "fd_fdstat_set_flags" -> this::fdFdstatSetFlags;
      case "fd_fdstat_set_rights" -> this::fdFdstatSetRights;
      default -> null;
    };
  }

  // path_open(dirfd, lookupflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags,
  // fd_out)
  private long[] pathOpen(Instance instance, long[] args, WasmFunctionHandle chicory) {
    int dirFd = (int) args[0];
    int oflags = (int) args[4];
    int fdFlags = (int) args[7];
    Optional<Rights> dirRights = fds.rights(dirFd);
    if (dirRights.isPresent() && !mayOpen(dirRights.get(), oflags)) {
      return errno(Abi.ENOTCAPABLE);
    }
    long[] call = args.clone();
    call[7] = fdFlags & ~Abi.FDFLAGS_APPEND;
    long[] result = chicory.apply(instance, call);
    if (result[0] != Abi.SUCCESS) {
      return result;
    }
    Memory memory = instance.memory();
    int fd = memory.readInt((int) args[8]);
    int type = probe.fileType(fd);
    if (type == Abi.FILETYPE_DIRECTORY) {
      String raw = memory.readString((int) args[2], (int) args[3]);
      fds.directory(dirFd)
          .flatMap(directory -> GuestPaths.resolve(directory, raw))
          .ifPresent(directory -> fds.openedDirectory(fd, directory));
    }
    fds.append(fd, type == Abi.FILETYPE_REGULAR_FILE && set(fdFlags, Abi.FDFLAGS_APPEND));
    dirRights.ifPresent(
        rights ->
            fds.narrow(
                fd, new Rights(args[5] & rights.inheriting(), args[6] & rights.inheriting())));
    return result;
  }

  private static boolean mayOpen(Rights directory, int oflags) {
    return (!set(oflags, Abi.OFLAGS_CREAT) || directory.allow(Abi.RIGHT_PATH_CREATE_FILE))
        && (!set(oflags, Abi.OFLAGS_TRUNC) || directory.allow(Abi.RIGHT_PATH_FILESTAT_SET_SIZE));
  }

  private long[] fdClose(Instance instance, long[] args, WasmFunctionHandle chicory) {
    long[] result = chicory.apply(instance, args);
    if (result[0] == Abi.SUCCESS) {
      fds.closed((int) args[0]);
    }
    return result;
  }

  private long[] fdRenumber(Instance instance, long[] args, WasmFunctionHandle chicory) {
    long[] result = chicory.apply(instance, args);
    if (result[0] == Abi.SUCCESS && args[0] != args[1]) {
      fds.renumbered((int) args[0], (int) args[1]);
    }
    return result;
  }

  private long[] fdWrite(Instance instance, long[] args, WasmFunctionHandle chicory) {
    int fd = (int) args[0];
    if (fds.appends(fd)) {
      probe.seekToEnd(fd);
    }
    return chicory.apply(instance, args);
  }

  // fd_fdstat_get(fd, buf): filetype u8 at 0, flags u16 at 2, rights u64 at 8 and 16
  private long[] fdFdstatGet(Instance instance, long[] args, WasmFunctionHandle chicory) {
    long[] result = chicory.apply(instance, args);
    if (result[0] != Abi.SUCCESS) {
      return result;
    }
    int fd = (int) args[0];
    int buf = (int) args[1];
    Memory memory = instance.memory();
    if (fds.appends(fd)) {
      memory.writeShort(buf + 2, (short) (memory.readShort(buf + 2) | Abi.FDFLAGS_APPEND));
    }
    fds.rights(fd)
        .ifPresent(
            rights -> {
              memory.writeLong(buf + 8, rights.base());
              memory.writeLong(buf + 16, rights.inheriting());
            });
    return result;
  }

  private long[] fdFdstatSetFlags(Instance instance, long[] args, WasmFunctionHandle chicory) {
    int fd = (int) args[0];
    int flags = (int) args[1];
    long[] result = chicory.apply(instance, fd, flags & ~Abi.FDFLAGS_APPEND);
    if (result[0] == Abi.SUCCESS && probe.fileType(fd) == Abi.FILETYPE_REGULAR_FILE) {
      fds.append(fd, set(flags, Abi.FDFLAGS_APPEND));
    }
    return result;
  }

  // Replaces Chicory's, which answers ENOTSUP.
  private long[] fdFdstatSetRights(Instance instance, long[] args, WasmFunctionHandle chicory) {
    int fd = (int) args[0];
    Optional<Rights> current = fds.rights(fd).or(() -> probe.rights(fd));
    if (current.isEmpty()) {
      return errno(Abi.EBADF);
    }
    Rights wanted = new Rights(args[1], args[2]);
    if (!current.get().cover(wanted)) {
      return errno(Abi.ENOTCAPABLE);
    }
    fds.narrow(fd, wanted);
    return errno(Abi.SUCCESS);
  }
}
