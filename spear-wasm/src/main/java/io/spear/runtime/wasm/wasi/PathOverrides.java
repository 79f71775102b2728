package io.spear.runtime.wasm.wasi;

import static io.spear.runtime.wasm.wasi.Abi.errno;
import static io.spear.runtime.wasm.wasi.Abi.set;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Names that already exist and symbolic links themselves. Chicory asks whether a link's new name
 * exists following links, so a dangling link there passes its check and the host's refusal surfaces
 * as EIO; it answers EEXIST for any symbolic link name with a trailing slash; and it always sets
 * the times of what a link points to. Here a name that exists as anything is EEXIST, a trailing
 * slash is judged by what the name is, and times are set on a link when the guest does not ask to
 * follow it.
 */
final class PathOverrides {

  private final Descriptors fds;
  private final Probe probe;
  private final Clock clock;

  PathOverrides(Descriptors fds, Probe probe, Clock clock) {
    this.fds = fds;
    this.probe = probe;
    this.clock = clock;
  }

  /** Our version of {@code function}, or null when Chicory's stands. */
  WasiOverride find(String function) {
    return switch (function) {
      case "path_link" -> this::pathLink;
      case "path_symlink" -> this::pathSymlink;
      case "path_filestat_set_times" -> this::pathFilestatSetTimes;
      default -> null;
    };
  }

  // path_link(old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len)
  private long[] pathLink(Instance instance, long[] args, WasmFunctionHandle chicory) {
    String target = instance.memory().readString((int) args[5], (int) args[6]);
    if (!target.endsWith("/") && probe.stat((int) args[4], target).exists()) {
      return errno(Abi.EEXIST);
    }
    return chicory.apply(instance, args);
  }

  // path_symlink(old_path, old_path_len, fd, new_path, new_path_len)
  private long[] pathSymlink(Instance instance, long[] args, WasmFunctionHandle chicory) {
    String link = instance.memory().readString((int) args[3], (int) args[4]);
    Probe.Stat existing = probe.stat((int) args[2], GuestPaths.withoutTrailingSlashes(link));
    if (existing.exists()) {
      boolean namesDirectory = link.endsWith("/");
      return errno(
          !namesDirectory || existing.fileType() == Abi.FILETYPE_DIRECTORY
              ? Abi.EEXIST
              : Abi.ENOTDIR);
    }
    if (existing.errno() == Abi.ENOENT && link.endsWith("/")) {
      // A new symbolic link is not a directory, so its name cannot end with a slash.
      return errno(Abi.ENOENT);
    }
    return chicory.apply(instance, args);
  }

  // path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)
  private long[] pathFilestatSetTimes(Instance instance, long[] args, WasmFunctionHandle chicory) {
    int dirFd = (int) args[0];
    if (set(args[1], Abi.LOOKUP_SYMLINK_FOLLOW)) {
      return chicory.apply(instance, args);
    }
    Memory memory = instance.memory();
    String raw = memory.readString((int) args[2], (int) args[3]);
    Optional<Path> link =
        probe.stat(dirFd, raw).fileType() == Abi.FILETYPE_SYMBOLIC_LINK
            ? fds.directory(dirFd).flatMap(directory -> GuestPaths.resolve(directory, raw))
            : Optional.empty();
    if (link.isEmpty()) {
      return chicory.apply(instance, args);
    }
    return errno(setLinkTimes(link.get(), args[4], args[5], (int) args[6]));
  }

  private int setLinkTimes(Path link, long accessTime, long modifiedTime, int fstFlags) {
    boolean access = set(fstFlags, Abi.FSTFLAGS_ATIM);
    boolean accessNow = set(fstFlags, Abi.FSTFLAGS_ATIM_NOW);
    boolean modified = set(fstFlags, Abi.FSTFLAGS_MTIM);
    boolean modifiedNow = set(fstFlags, Abi.FSTFLAGS_MTIM_NOW);
    if ((access && accessNow) || (modified && modifiedNow)) {
      return Abi.EINVAL;
    }
    try {
      Files.getFileAttributeView(link, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setTimes(
              time(modifiedTime, modified, modifiedNow), time(accessTime, access, accessNow), null);
      return Abi.SUCCESS;
    } catch (AccessDeniedException e) {
      return Abi.EACCES;
    } catch (NoSuchFileException e) {
      return Abi.ENOENT;
    } catch (IOException | UnsupportedOperationException e) {
      return Abi.EIO;
    }
  }

  /** The time to set: the guest's, now, or none (unchanged). */
  private FileTime time(long nanos, boolean given, boolean now) {
    if (given) {
      return FileTime.from(nanos, TimeUnit.NANOSECONDS);
    }
    return now ? FileTime.from(clock.instant()) : null;
  }
}
