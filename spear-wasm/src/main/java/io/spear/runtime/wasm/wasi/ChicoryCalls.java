package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiPreview1;

/**
 * Chicory's implementation of each WASI function, called on one run's {@link WasiPreview1} with the
 * guest's arguments decoded as Chicory's generated factory decodes them. The factory builds all
 * forty-eight host functions at once for every instance although a module imports a few; here a run
 * wraps only the ones its module imports. {@code ChicoryCallsTest} holds the table to the factory:
 * the same names, and the same answers on the same calls.
 */
final class ChicoryCalls {

  /** One function's call into Chicory. */
  @FunctionalInterface
  interface Call {
    long[] apply(WasiPreview1 wasi, Instance instance, long[] args);
  }

  private ChicoryCalls() {}

  /** The call for the WASI function {@code name}. */
  static Call of(String name) {
    return switch (name) {
      case "adapter_close_badfd" -> (w, i, a) -> result(w.adapterCloseBadfd((int) a[0]));
      case "adapter_open_badfd" -> (w, i, a) -> result(w.adapterOpenBadfd((int) a[0]));
      case "args_get" -> (w, i, a) -> result(w.argsGet(i.memory(), (int) a[0], (int) a[1]));
      case "args_sizes_get" ->
          (w, i, a) -> result(w.argsSizesGet(i.memory(), (int) a[0], (int) a[1]));
      case "clock_res_get" ->
          (w, i, a) -> result(w.clockResGet(i.memory(), (int) a[0], (int) a[1]));
      case "clock_time_get" ->
          (w, i, a) -> result(w.clockTimeGet(i.memory(), (int) a[0], a[1], (int) a[2]));
      case "environ_get" -> (w, i, a) -> result(w.environGet(i.memory(), (int) a[0], (int) a[1]));
      case "environ_sizes_get" ->
          (w, i, a) -> result(w.environSizesGet(i.memory(), (int) a[0], (int) a[1]));
      case "fd_advise" -> (w, i, a) -> result(w.fdAdvise((int) a[0], a[1], a[2], (int) a[3]));
      case "fd_allocate" -> (w, i, a) -> result(w.fdAllocate((int) a[0], a[1], a[2]));
      case "fd_close" -> (w, i, a) -> result(w.fdClose((int) a[0]));
      case "fd_datasync" -> (w, i, a) -> result(w.fdDatasync((int) a[0]));
      case "fd_fdstat_get" ->
          (w, i, a) -> result(w.fdFdstatGet(i.memory(), (int) a[0], (int) a[1]));
      case "fd_fdstat_set_flags" -> (w, i, a) -> result(w.fdFdstatSetFlags((int) a[0], (int) a[1]));
      case "fd_fdstat_set_rights" ->
          (w, i, a) -> result(w.fdFdstatSetRights((int) a[0], a[1], a[2]));
      case "fd_filestat_get" ->
          (w, i, a) -> result(w.fdFilestatGet(i.memory(), (int) a[0], (int) a[1]));
      case "fd_filestat_set_size" -> (w, i, a) -> result(w.fdFilestatSetSize((int) a[0], a[1]));
      case "fd_filestat_set_times" ->
          (w, i, a) -> result(w.fdFilestatSetTimes((int) a[0], a[1], a[2], (int) a[3]));
      case "fd_pread" ->
          (w, i, a) ->
              result(w.fdPread(i.memory(), (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]));
      case "fd_prestat_dir_name" ->
          (w, i, a) -> result(w.fdPrestatDirName(i.memory(), (int) a[0], (int) a[1], (int) a[2]));
      case "fd_prestat_get" ->
          (w, i, a) -> result(w.fdPrestatGet(i.memory(), (int) a[0], (int) a[1]));
      case "fd_pwrite" ->
          (w, i, a) ->
              result(w.fdPwrite(i.memory(), (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]));
      case "fd_read" ->
          (w, i, a) -> result(w.fdRead(i.memory(), (int) a[0], (int) a[1], (int) a[2], (int) a[3]));
      case "fd_readdir" ->
          (w, i, a) ->
              result(w.fdReaddir(i.memory(), (int) a[0], (int) a[1], (int) a[2], a[3], (int) a[4]));
      case "fd_renumber" -> (w, i, a) -> result(w.fdRenumber((int) a[0], (int) a[1]));
      case "fd_seek" ->
          (w, i, a) -> result(w.fdSeek(i.memory(), (int) a[0], a[1], (int) a[2], (int) a[3]));
      case "fd_sync" -> (w, i, a) -> result(w.fdSync((int) a[0]));
      case "fd_tell" -> (w, i, a) -> result(w.fdTell(i.memory(), (int) a[0], (int) a[1]));
      case "fd_write" ->
          (w, i, a) ->
              result(w.fdWrite(i.memory(), (int) a[0], (int) a[1], (int) a[2], (int) a[3]));
      case "path_create_directory" ->
          (w, i, a) ->
              result(
                  w.pathCreateDirectory((int) a[0], i.memory().readString((int) a[1], (int) a[2])));
      case "path_filestat_get" ->
          (w, i, a) ->
              result(
                  w.pathFilestatGet(
                      i.memory(),
                      (int) a[0],
                      (int) a[1],
                      i.memory().readString((int) a[2], (int) a[3]),
                      (int) a[4]));
      case "path_filestat_set_times" ->
          (w, i, a) ->
              result(
                  w.pathFilestatSetTimes(
                      (int) a[0],
                      (int) a[1],
                      i.memory().readString((int) a[2], (int) a[3]),
                      a[4],
                      a[5],
                      (int) a[6]));
      case "path_link" ->
          (w, i, a) ->
              result(
                  w.pathLink(
                      (int) a[0],
                      (int) a[1],
                      i.memory().readString((int) a[2], (int) a[3]),
                      (int) a[4],
                      i.memory().readString((int) a[5], (int) a[6])));
      case "path_open" ->
          (w, i, a) ->
              result(
                  w.pathOpen(
                      i.memory(),
                      (int) a[0],
                      (int) a[1],
                      i.memory().readString((int) a[2], (int) a[3]),
                      (int) a[4],
                      a[5],
                      a[6],
                      (int) a[7],
                      (int) a[8]));
      case "path_readlink" ->
          (w, i, a) ->
              result(
                  w.pathReadlink(
                      i.memory(),
                      (int) a[0],
                      i.memory().readString((int) a[1], (int) a[2]),
                      (int) a[3],
                      (int) a[4],
                      (int) a[5]));
      case "path_remove_directory" ->
          (w, i, a) ->
              result(
                  w.pathRemoveDirectory((int) a[0], i.memory().readString((int) a[1], (int) a[2])));
      case "path_rename" ->
          (w, i, a) ->
              result(
                  w.pathRename(
                      (int) a[0],
                      i.memory().readString((int) a[1], (int) a[2]),
                      (int) a[3],
                      i.memory().readString((int) a[4], (int) a[5])));
      case "path_symlink" ->
          (w, i, a) ->
              result(
                  w.pathSymlink(
                      i.memory().readString((int) a[0], (int) a[1]),
                      (int) a[2],
                      i.memory().readString((int) a[3], (int) a[4])));
      case "path_unlink_file" ->
          (w, i, a) ->
              result(w.pathUnlinkFile((int) a[0], i.memory().readString((int) a[1], (int) a[2])));
      case "poll_oneoff" ->
          (w, i, a) ->
              result(w.pollOneoff(i.memory(), (int) a[0], (int) a[1], (int) a[2], (int) a[3]));
      case "proc_exit" ->
          (w, i, a) -> {
            w.procExit((int) a[0]);
            return null;
          };
      case "proc_raise" -> (w, i, a) -> result(w.procRaise((int) a[0]));
      case "random_get" -> (w, i, a) -> result(w.randomGet(i.memory(), (int) a[0], (int) a[1]));
      case "sched_yield" -> (w, i, a) -> result(w.schedYield());
      case "sock_accept" -> (w, i, a) -> result(w.sockAccept((int) a[0], (int) a[1], (int) a[2]));
      case "sock_recv" ->
          (w, i, a) ->
              result(
                  w.sockRecv(
                      (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5]));
      case "sock_send" ->
          (w, i, a) ->
              result(w.sockSend((int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4]));
      case "sock_shutdown" -> (w, i, a) -> result(w.sockShutdown((int) a[0], (int) a[1]));
      default -> throw new IllegalArgumentException("no WASI function named " + name);
    };
  }

  private static long[] result(int errno) {
    return new long[] {errno};
  }
}
