/*
 * Times a benchmark kernel natively, in process, the way the harness times it in the WASM runtime:
 * the kernel's own main() is renamed at compile time (-Dmain=spear_kernel_main) and called here
 * once per run, so process start-up is not counted.
 *
 * Usage: native_driver <warmup> <runs> [kernel args...]
 * Prints one line per measured run: the run's wall time in nanoseconds (CLOCK_MONOTONIC).
 * The kernel's own stdout goes to /dev/null; the timings go to stderr's duplicate taken first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int spear_kernel_main(int argc, char **argv);

static long long now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s <warmup> <runs> [kernel args...]\n", argv[0]);
    return 2;
  }
  int warmup = atoi(argv[1]);
  int runs = atoi(argv[2]);
  /* argv for the kernel: its own name, then the remaining arguments. */
  int kargc = argc - 2;
  char **kargv = argv + 2;
  kargv[0] = argv[0];

  FILE *timings = fdopen(dup(1), "w");
  if (timings == NULL || freopen("/dev/null", "w", stdout) == NULL) {
    perror("redirecting stdout");
    return 2;
  }
  for (int i = 0; i < warmup + runs; i++) {
    long long start = now_ns();
    int rc = spear_kernel_main(kargc, kargv);
    fflush(stdout);
    long long took = now_ns() - start;
    if (rc != 0) {
      fprintf(stderr, "kernel exited %d\n", rc);
      return 1;
    }
    if (i >= warmup) fprintf(timings, "%lld\n", took);
  }
  fclose(timings);
  return 0;
}
