package io.spear.runtime.wasm.wasi;

import static java.util.Map.entry;

import com.dylibso.chicory.runtime.WasmFunctionHandle;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The right each WASI function needs on the descriptors it takes. Chicory checks none, so only a
 * descriptor whose rights the guest narrowed is checked: a guest that never drops a right sees
 * Chicory's behaviour unchanged.
 */
final class RightsGates {

  /** The descriptor in argument {@code fdArg} must have {@code right}. */
  private record Gate(int fdArg, long right) {}

  private static Gate first(long right) {
    return new Gate(0, right);
  }

  private static final Map<String, List<Gate>> GATES =
      Map.ofEntries(
          entry("fd_advise", List.of(first(Abi.RIGHT_FD_ADVISE))),
          entry("fd_allocate", List.of(first(Abi.RIGHT_FD_ALLOCATE))),
          entry("fd_datasync", List.of(first(Abi.RIGHT_FD_DATASYNC))),
          entry("fd_fdstat_set_flags", List.of(first(Abi.RIGHT_FD_FDSTAT_SET_FLAGS))),
          entry("fd_filestat_get", List.of(first(Abi.RIGHT_FD_FILESTAT_GET))),
          entry("fd_filestat_set_size", List.of(first(Abi.RIGHT_FD_FILESTAT_SET_SIZE))),
          entry("fd_filestat_set_times", List.of(first(Abi.RIGHT_FD_FILESTAT_SET_TIMES))),
          entry("fd_pread", List.of(first(Abi.RIGHT_FD_READ))),
          entry("fd_pwrite", List.of(first(Abi.RIGHT_FD_WRITE))),
          entry("fd_read", List.of(first(Abi.RIGHT_FD_READ))),
          entry("fd_readdir", List.of(first(Abi.RIGHT_FD_READDIR))),
          entry("fd_seek", List.of(first(Abi.RIGHT_FD_SEEK))),
          entry("fd_sync", List.of(first(Abi.RIGHT_FD_SYNC))),
          entry("fd_tell", List.of(first(Abi.RIGHT_FD_TELL))),
          entry("fd_write", List.of(first(Abi.RIGHT_FD_WRITE))),
          entry("path_create_directory", List.of(first(Abi.RIGHT_PATH_CREATE_DIRECTORY))),
          entry("path_filestat_get", List.of(first(Abi.RIGHT_PATH_FILESTAT_GET))),
          entry("path_filestat_set_times", List.of(first(Abi.RIGHT_PATH_FILESTAT_SET_TIMES))),
          entry(
              "path_link",
              List.of(first(Abi.RIGHT_PATH_LINK_SOURCE), new Gate(4, Abi.RIGHT_PATH_LINK_TARGET))),
          entry("path_open", List.of(first(Abi.RIGHT_PATH_OPEN))),
          entry("path_readlink", List.of(first(Abi.RIGHT_PATH_READLINK))),
          entry("path_remove_directory", List.of(first(Abi.RIGHT_PATH_REMOVE_DIRECTORY))),
          entry(
              "path_rename",
              List.of(
                  first(Abi.RIGHT_PATH_RENAME_SOURCE), new Gate(3, Abi.RIGHT_PATH_RENAME_TARGET))),
          entry("path_symlink", List.of(new Gate(2, Abi.RIGHT_PATH_SYMLINK))),
          entry("path_unlink_file", List.of(first(Abi.RIGHT_PATH_UNLINK_FILE))));

  private final Descriptors fds;

  RightsGates(Descriptors fds) {
    this.fds = fds;
  }

  /** {@code handle}, refusing with ENOTCAPABLE a call on a descriptor without the right. */
  WasmFunctionHandle around(String function, WasmFunctionHandle handle) {
    List<Gate> gates = GATES.get(function);
    if (gates == null) {
      return handle;
    }
    return (instance, args) -> {
      for (Gate gate : gates) {
        Optional<Rights> rights = fds.rights((int) args[gate.fdArg()]);
        if (rights.isPresent() && !rights.get().allow(gate.right())) {
          return Abi.errno(Abi.ENOTCAPABLE);
        }
      }
      return handle.apply(instance, args);
    };
  }
}
