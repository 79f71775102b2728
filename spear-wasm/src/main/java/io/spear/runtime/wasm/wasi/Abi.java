package io.spear.runtime.wasm.wasi;

/** The numbers of the WASI preview 1 ABI that the overrides use (from the WASI specification). */
final class Abi {

  private Abi() {}

  static final int SUCCESS = 0;
  static final int EACCES = 2;
  static final int EBADF = 8;
  static final int EEXIST = 20;
  static final int EINVAL = 28;
  static final int EIO = 29;
  static final int ENOENT = 44;
  static final int ENOTDIR = 54;
  static final int ENOTCAPABLE = 76;

  static final int FILETYPE_DIRECTORY = 3;
  static final int FILETYPE_REGULAR_FILE = 4;
  static final int FILETYPE_SYMBOLIC_LINK = 7;

  static final int FDFLAGS_APPEND = 1;
  static final int LOOKUP_SYMLINK_FOLLOW = 1;
  static final int OFLAGS_CREAT = 1;
  static final int OFLAGS_TRUNC = 1 << 3;
  static final int WHENCE_END = 2;

  static final int FSTFLAGS_ATIM = 1;
  static final int FSTFLAGS_ATIM_NOW = 1 << 1;
  static final int FSTFLAGS_MTIM = 1 << 2;
  static final int FSTFLAGS_MTIM_NOW = 1 << 3;

  static final long RIGHT_FD_DATASYNC = 1L;
  static final long RIGHT_FD_READ = 1L << 1;
  static final long RIGHT_FD_SEEK = 1L << 2;
  static final long RIGHT_FD_FDSTAT_SET_FLAGS = 1L << 3;
  static final long RIGHT_FD_SYNC = 1L << 4;
  static final long RIGHT_FD_TELL = 1L << 5;
  static final long RIGHT_FD_WRITE = 1L << 6;
  static final long RIGHT_FD_ADVISE = 1L << 7;
  static final long RIGHT_FD_ALLOCATE = 1L << 8;
  static final long RIGHT_PATH_CREATE_DIRECTORY = 1L << 9;
  static final long RIGHT_PATH_CREATE_FILE = 1L << 10;
  static final long RIGHT_PATH_LINK_SOURCE = 1L << 11;
  static final long RIGHT_PATH_LINK_TARGET = 1L << 12;
  static final long RIGHT_PATH_OPEN = 1L << 13;
  static final long RIGHT_FD_READDIR = 1L << 14;
  static final long RIGHT_PATH_READLINK = 1L << 15;
  static final long RIGHT_PATH_RENAME_SOURCE = 1L << 16;
  static final long RIGHT_PATH_RENAME_TARGET = 1L << 17;
  static final long RIGHT_PATH_FILESTAT_GET = 1L << 18;
  static final long RIGHT_PATH_FILESTAT_SET_SIZE = 1L << 19;
  static final long RIGHT_PATH_FILESTAT_SET_TIMES = 1L << 20;
  static final long RIGHT_FD_FILESTAT_GET = 1L << 21;
  static final long RIGHT_FD_FILESTAT_SET_SIZE = 1L << 22;
  static final long RIGHT_FD_FILESTAT_SET_TIMES = 1L << 23;
  static final long RIGHT_PATH_SYMLINK = 1L << 24;
  static final long RIGHT_PATH_REMOVE_DIRECTORY = 1L << 25;
  static final long RIGHT_PATH_UNLINK_FILE = 1L << 26;

  /** A host function's result: one errno. */
  static long[] errno(int errno) {
    return new long[] {errno};
  }

  static boolean set(long flags, long bit) {
    return (flags & bit) != 0;
  }
}
