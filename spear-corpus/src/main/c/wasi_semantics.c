/*
 * Checks WASI preview 1 file semantics that a sandbox must keep. argv[1] is a writable directory;
 * each further argument names a case, run in a fresh subdirectory of it, which prints one line:
 * "<case>: ok" or "<case>: <what differed>". It never stops at a failure.
 *
 *   rename_onto_nonempty_dir  renaming a directory onto a non-empty one fails with ENOTEMPTY
 *   link_onto_dangling_link   a hard link onto a dangling symbolic link fails with EEXIST
 *   symlink_trailing_slash    a new symbolic link named "x/" fails with ENOENT, or EEXIST for a
 *                             directory x, and one onto a dangling link fails with EEXIST
 *   append_then_read          a file opened to read and append reads, appends, and stops
 *                             appending when fcntl clears O_APPEND
 *   pwrite_with_append        O_APPEND|O_TRUNC opens; pwrite leaves the offset alone
 *   symlink_times             utimensat(AT_SYMLINK_NOFOLLOW) sets a link's own mtime only
 *   drop_rights               dropped rights are refused (reads, truncating opens) and cannot
 *                             be granted back
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wasi/api.h>

static char dir[512];

/* The path of NAME inside the case's directory (in one of four buffers: a call may take two). */
static const char *at(const char *name) {
  static char paths[4][1024];
  static int next;
  char *path = paths[next++ % 4];
  snprintf(path, sizeof paths[0], "%s/%s", dir, name);
  return path;
}

static int fail(const char *name, const char *what) {
  printf("%s: %s (%s)\n", name, what, strerror(errno));
  return 1;
}

/* Runs CALL, expecting it to fail with WANT. */
#define EXPECT_ERRNO(name, call, want)                                              \
  do {                                                                              \
    errno = 0;                                                                      \
    if ((call) == 0) {                                                              \
      printf("%s: %s succeeded\n", name, #call);                                    \
      return 1;                                                                     \
    }                                                                               \
    if (errno != (want)) {                                                          \
      printf("%s: %s: %s, not %s\n", name, #call, strerror(errno), strerror(want)); \
      return 1;                                                                     \
    }                                                                               \
  } while (0)

static int touch(const char *path) {
  int fd = open(path, O_CREAT | O_WRONLY, 0644);
  return fd < 0 ? -1 : close(fd);
}

static int rename_onto_nonempty_dir(const char *name) {
  if (mkdir(at("source"), 0755) || mkdir(at("target"), 0755) || touch(at("target/file"))) {
    return fail(name, "setup");
  }
  EXPECT_ERRNO(name, rename(at("source"), at("target")), ENOTEMPTY);
  return 0;
}

static int link_onto_dangling_link(const char *name) {
  if (touch(at("file")) || symlink("nowhere", at("dangling"))) {
    return fail(name, "setup");
  }
  EXPECT_ERRNO(name, link(at("file"), at("dangling")), EEXIST);
  return 0;
}

static int symlink_trailing_slash(const char *name) {
  EXPECT_ERRNO(name, symlink("source", at("target/")), ENOENT);
  if (mkdir(at("directory"), 0755) || symlink("nowhere", at("dangling"))) {
    return fail(name, "setup");
  }
  EXPECT_ERRNO(name, symlink("source", at("directory/")), EEXIST);
  EXPECT_ERRNO(name, symlink("source", at("dangling")), EEXIST);
  return 0;
}

/* Whether the file at PATH holds exactly WANT. */
static int holds(const char *path, const char *want) {
  char buf[64] = {0};
  int fd = open(path, O_RDONLY);
  ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
  if (fd >= 0) {
    close(fd);
  }
  return n == (ssize_t)strlen(want) && memcmp(buf, want, n) == 0;
}

static int append_then_read(const char *name) {
  char buf[2];
  int fd = open(at("file"), O_CREAT | O_RDWR | O_APPEND, 0644);
  if (fd < 0) {
    return fail(name, "open(O_RDWR|O_APPEND)");
  }
  if (write(fd, "ab", 2) != 2 || lseek(fd, 0, SEEK_SET) != 0 || read(fd, buf, 2) != 2) {
    return fail(name, "write, seek and read back");
  }
  if (lseek(fd, 0, SEEK_SET) != 0 || write(fd, "cd", 2) != 2 || !holds(at("file"), "abcd")) {
    return fail(name, "a write after seeking to 0 did not append");
  }
  if ((fcntl(fd, F_GETFL) & O_APPEND) == 0 || fcntl(fd, F_SETFL, 0) != 0) {
    return fail(name, "fcntl reading or clearing O_APPEND");
  }
  if (lseek(fd, 0, SEEK_SET) != 0 || write(fd, "xy", 2) != 2 || !holds(at("file"), "xycd")) {
    return fail(name, "a write after clearing O_APPEND did not overwrite");
  }
  close(fd);
  return 0;
}

static int pwrite_with_append(const char *name) {
  int fd = open(at("file"), O_CREAT | O_TRUNC | O_WRONLY | O_APPEND, 0644);
  if (fd < 0) {
    return fail(name, "open(O_TRUNC|O_APPEND)");
  }
  if (write(fd, "ab", 2) != 2 || lseek(fd, 0, SEEK_SET) != 0 || write(fd, "cd", 2) != 2 ||
      lseek(fd, 0, SEEK_CUR) != 4) {
    return fail(name, "appending writes");
  }
  if (pwrite(fd, "xyz", 3, 0) != 3 || lseek(fd, 0, SEEK_CUR) != 4) {
    return fail(name, "pwrite moved the offset");
  }
  close(fd);
  return 0;
}

static int symlink_times(const char *name) {
  struct stat file, link;
  if (touch(at("file")) || symlink("file", at("link")) || stat(at("file"), &file)) {
    return fail(name, "setup");
  }
  struct timespec times[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = 1000000000, .tv_nsec = 7}};
  if (utimensat(AT_FDCWD, at("link"), times, AT_SYMLINK_NOFOLLOW) != 0) {
    return fail(name, "utimensat(AT_SYMLINK_NOFOLLOW)");
  }
  struct stat after;
  if (lstat(at("link"), &link) || stat(at("file"), &after)) {
    return fail(name, "stat");
  }
  if (link.st_mtim.tv_sec != 1000000000 || link.st_mtim.tv_nsec != 7) {
    printf("%s: the link's mtime is %lld.%09ld\n", name, (long long)link.st_mtim.tv_sec,
           link.st_mtim.tv_nsec);
    return 1;
  }
  if (after.st_mtim.tv_sec != file.st_mtim.tv_sec || after.st_mtim.tv_nsec != file.st_mtim.tv_nsec) {
    printf("%s: the file's mtime changed\n", name);
    return 1;
  }
  return 0;
}

/* Drops RIGHT from FD's base rights. */
static int drop(int fd, __wasi_rights_t right) {
  __wasi_fdstat_t stat;
  if (__wasi_fd_fdstat_get(fd, &stat) != 0) {
    return -1;
  }
  return __wasi_fd_fdstat_set_rights(fd, stat.fs_rights_base & ~right, stat.fs_rights_inheriting);
}

static int drop_rights(const char *name) {
  char buf[1];
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY);
  int fd = open(at("file"), O_CREAT | O_RDWR, 0644);
  if (dirfd < 0 || fd < 0) {
    return fail(name, "setup");
  }
  if (drop(dirfd, __WASI_RIGHTS_PATH_FILESTAT_SET_SIZE) || drop(fd, __WASI_RIGHTS_FD_READ)) {
    printf("%s: fd_fdstat_set_rights refused to drop a right\n", name);
    return 1;
  }
  EXPECT_ERRNO(name, openat(dirfd, "file", O_WRONLY | O_TRUNC) < 0 ? -1 : 0, ENOTCAPABLE);
  /* Called directly: wasi-libc's read() reports ENOTCAPABLE as EBADF. */
  __wasi_iovec_t iov = {.buf = (uint8_t *)buf, .buf_len = 1};
  __wasi_size_t got;
  if (__wasi_fd_read(fd, &iov, 1, &got) != __WASI_ERRNO_NOTCAPABLE) {
    printf("%s: fd_read without the right did not fail with ENOTCAPABLE\n", name);
    return 1;
  }
  __wasi_fdstat_t stat;
  if (__wasi_fd_fdstat_get(fd, &stat) != 0 || (stat.fs_rights_base & __WASI_RIGHTS_FD_READ)) {
    printf("%s: fd_fdstat_get still reports the dropped right\n", name);
    return 1;
  }
  if (__wasi_fd_fdstat_set_rights(fd, stat.fs_rights_base | __WASI_RIGHTS_FD_READ, 0) !=
      __WASI_ERRNO_NOTCAPABLE) {
    printf("%s: a dropped right was granted back\n", name);
    return 1;
  }
  close(fd);
  close(dirfd);
  return 0;
}

static const struct {
  const char *name;
  int (*run)(const char *name);
} CASES[] = {
    {"rename_onto_nonempty_dir", rename_onto_nonempty_dir},
    {"link_onto_dangling_link", link_onto_dangling_link},
    {"symlink_trailing_slash", symlink_trailing_slash},
    {"append_then_read", append_then_read},
    {"pwrite_with_append", pwrite_with_append},
    {"symlink_times", symlink_times},
    {"drop_rights", drop_rights},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wasi_semantics <writable directory> <case>...\n");
    return 64;
  }
  for (int i = 2; i < argc; i++) {
    int known = 0;
    for (size_t c = 0; c < sizeof CASES / sizeof CASES[0]; c++) {
      if (strcmp(argv[i], CASES[c].name) != 0) {
        continue;
      }
      known = 1;
      snprintf(dir, sizeof dir, "%s/%s", argv[1], argv[i]);
      errno = 0;
      if (mkdir(dir, 0755) != 0) {
        fail(argv[i], "cannot make its directory");
      } else if (CASES[c].run(argv[i]) == 0) {
        printf("%s: ok\n", argv[i]);
      }
    }
    if (!known) {
      printf("%s: unknown case\n", argv[i]);
    }
  }
  return 0;
}
