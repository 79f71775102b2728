/* Prints its arguments and environment, one per line, and a greeting on stderr. */
#include <stdio.h>

extern char **environ;

int main(int argc, char **argv) {
  printf("argc=%d\n", argc);
  for (int i = 0; i < argc; i++) {
    printf("argv[%d]=%s\n", i, argv[i]);
  }
  for (char **e = environ; *e != NULL; e++) {
    printf("env %s\n", *e);
  }
  fprintf(stderr, "hello from stderr\n");
  return 0;
}
