/*
 * Calls every basic spear host function and prints what it got, one key=value per line.
 * With arguments `sleep <ms>` it only sleeps through spear.sleep_ms and prints "woke".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear_abi.h"

static char big[16 * 1024 + 1];

int main(int argc, char **argv) {
  if (argc > 2 && strcmp(argv[1], "sleep") == 0) {
    spear_sleep_ms(atoi(argv[2]));
    printf("woke\n");
    return 0;
  }
  int64_t t0 = spear_time_now_ms();
  int64_t wall = spear_wall_time_s();
  int64_t r1 = spear_random_i64();
  int64_t r2 = spear_random_i64();
  spear_sleep_ms(20);
  int64_t t1 = spear_time_now_ms();
  const char *msg = "hello from the guest";
  int32_t rc_ok = spear_log(2, (int32_t)(uintptr_t)msg, (int32_t)strlen(msg));
  const char *warn = "a warning";
  int32_t rc_warn = spear_log(3, (int32_t)(uintptr_t)warn, (int32_t)strlen(warn));
  memset(big, 'x', sizeof big);
  int32_t rc_too_long = spear_log(2, (int32_t)(uintptr_t)big, (int32_t)sizeof big);
  int32_t rc_negative = spear_log(2, (int32_t)(uintptr_t)msg, -1);
  int32_t rc_bad_ptr = spear_log(2, 0x7ffffff0, 64);
  printf("time_now_ms=%lld\n", (long long)t0);
  printf("wall_time_s=%lld\n", (long long)wall);
  printf("random_differs=%d\n", r1 != r2);
  printf("slept_ms=%lld\n", (long long)(t1 - t0));
  printf("log_ok=%d\n", rc_ok);
  printf("log_warn=%d\n", rc_warn);
  printf("log_too_long=%d\n", rc_too_long);
  printf("log_negative_len=%d\n", rc_negative);
  printf("log_bad_ptr=%d\n", rc_bad_ptr);
  return 0;
}
