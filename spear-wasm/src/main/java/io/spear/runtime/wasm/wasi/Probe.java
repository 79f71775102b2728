package io.spear.runtime.wasm.wasi;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.Optional;

/**
 * Asks Chicory's WASI about descriptors and paths, its answers written to a scratch memory of our
 * own: the guest's memory is never touched by a question the guest did not ask.
 */
final class Probe {

  /** What {@code path_filestat_get} without following links answered. */
  record Stat(int errno, int fileType) {
    boolean exists() {
      return errno == Abi.SUCCESS;
    }
  }

  private final WasiPreview1 wasi;
  private Memory scratch;

  Probe(WasiPreview1 wasi) {
    this.wasi = wasi;
  }

  private Memory scratch() {
    if (scratch == null) {
      scratch = new ByteArrayMemory(new MemoryLimits(1, 1));
    }
    return scratch;
  }

  /** The file type of an open descriptor, or -1 when it is not one. */
  int fileType(int fd) {
    Memory memory = scratch();
    return wasi.fdFdstatGet(memory, fd, 0) == Abi.SUCCESS ? memory.read(0) : -1;
  }

  /** The rights Chicory reports for an open descriptor. */
  Optional<Rights> rights(int fd) {
    Memory memory = scratch();
    if (wasi.fdFdstatGet(memory, fd, 0) != Abi.SUCCESS) {
      return Optional.empty();
    }
    return Optional.of(new Rights(memory.readLong(8), memory.readLong(16)));
  }

  /** What {@code path} under directory {@code dirFd} is, symbolic links not followed. */
  Stat stat(int dirFd, String path) {
    Memory memory = scratch();
    int errno = wasi.pathFilestatGet(memory, dirFd, 0, path, 0);
    return new Stat(errno, errno == Abi.SUCCESS ? memory.read(16) : -1);
  }

  /** Moves a file descriptor's offset to the end of its file. */
  void seekToEnd(int fd) {
    wasi.fdSeek(scratch(), fd, 0, Abi.WHENCE_END, 0);
  }
}
