/*
 * Runs the file operations named in its arguments, in order, and prints one line for each:
 * "<op> <path>: ok" (with the contents for read) or "<op> <path>: <error>". It never stops at a
 * failure, so one run shows what a sandbox allows and refuses.
 *
 *   read P | write P TEXT | append P TEXT | trunc P | mkdir P | rmdir P | rm P | mv A B |
 *   symlink TARGET LINK | touch P | ltouch P (a symbolic link's own times)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void report(const char *op, const char *path, int failed) {
  if (failed) {
    printf("%s %s: %s\n", op, path, strerror(errno));
  } else {
    printf("%s %s: ok\n", op, path);
  }
}

static void read_file(const char *path) {
  FILE *f = fopen(path, "r");
  if (f == NULL) {
    report("read", path, 1);
    return;
  }
  char buf[256];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  fclose(f);
  printf("read %s: ok %s\n", path, buf);
}

static void write_file(const char *op, const char *path, const char *text, const char *mode) {
  FILE *f = fopen(path, mode);
  if (f == NULL) {
    report(op, path, 1);
    return;
  }
  size_t want = strlen(text);
  int failed = fwrite(text, 1, want, f) != want;
  failed |= fclose(f) != 0;
  report(op, path, failed);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *op = argv[i];
    const char *a = i + 1 < argc ? argv[i + 1] : "";
    const char *b = i + 2 < argc ? argv[i + 2] : "";
    errno = 0;
    if (strcmp(op, "read") == 0) {
      read_file(a);
      i += 1;
    } else if (strcmp(op, "write") == 0) {
      write_file(op, a, b, "w");
      i += 2;
    } else if (strcmp(op, "append") == 0) {
      write_file(op, a, b, "a");
      i += 2;
    } else if (strcmp(op, "trunc") == 0) {
      report(op, a, truncate(a, 0) != 0);
      i += 1;
    } else if (strcmp(op, "mkdir") == 0) {
      report(op, a, mkdir(a, 0755) != 0);
      i += 1;
    } else if (strcmp(op, "rmdir") == 0) {
      report(op, a, rmdir(a) != 0);
      i += 1;
    } else if (strcmp(op, "rm") == 0) {
      report(op, a, unlink(a) != 0);
      i += 1;
    } else if (strcmp(op, "mv") == 0) {
      report(op, a, rename(a, b) != 0);
      i += 2;
    } else if (strcmp(op, "symlink") == 0) {
      report(op, b, symlink(a, b) != 0);
      i += 2;
    } else if (strcmp(op, "touch") == 0) {
      report(op, a, utimensat(AT_FDCWD, a, NULL, 0) != 0);
      i += 1;
    } else if (strcmp(op, "ltouch") == 0) {
      report(op, a, utimensat(AT_FDCWD, a, NULL, AT_SYMLINK_NOFOLLOW) != 0);
      i += 1;
    } else {
      printf("%s: unknown operation\n", op);
    }
  }
  return 0;
}
