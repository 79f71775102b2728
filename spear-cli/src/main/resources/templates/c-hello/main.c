/*
 * {{name}}: a Spear function. It runs as a WASI command: arguments and environment come from its
 * task (spear.toml), stdin is the invocation's input, stdout its output, the exit code its status.
 */
#include <stdio.h>

#include "spear.h"

int main(int argc, char **argv) {
  const char *who = argc > 1 ? argv[1] : "world";
  printf("hello, %s\n", who);
  // Log lines go to the execution's log (spear logs <execution>), not to the output.
  spear_infof("greeted %s at %lld ms since the epoch", who, (long long)spear_time_now_ms());
  return 0;
}
