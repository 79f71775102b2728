/*
 * Writes a log line through spear.log and one to stderr, sleeps argv[1] milliseconds (default
 * 60000) through spear.sleep_ms, then logs "after sleep" and prints "woke". Lets tests watch a
 * running execution's log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear_abi.h"

static void log_info(const char *msg) {
  spear_log(2, (int32_t)(uintptr_t)msg, (int32_t)strlen(msg));
}

int main(int argc, char **argv) {
  int ms = argc > 1 ? atoi(argv[1]) : 60000;
  log_info("before sleep");
  fprintf(stderr, "stderr before sleep\n");
  fflush(stderr);
  spear_sleep_ms(ms);
  log_info("after sleep");
  printf("woke\n");
  return 0;
}
