/* Prints a line on stdout and stderr, then exits with argv[1] (default 3) through proc_exit. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int code = argc > 1 ? atoi(argv[1]) : 3;
  printf("exiting with %d\n", code);
  fprintf(stderr, "about to exit %d\n", code);
  fflush(stdout);
  exit(code);
}
