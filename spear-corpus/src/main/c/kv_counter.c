/*
 * Counts its invocations in the task's key-value namespace: reads "counter" with its version,
 * writes the next value with a compare-and-set (retrying when another invocation won), and prints
 * the value it wrote. With the argument `limits` it instead prints, one name=code per line, what
 * the kv calls answer to a missing key, a bad or long key, a value over 1 MiB and a small buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear.h"

#define KEY(s) (const uint8_t *)(s), (uint32_t)strlen(s)

static uint8_t big[SPEAR_KV_MAX_VALUE_BYTES + 1];

static int count(void) {
  for (int attempt = 1; attempt <= 1000; attempt++) {
    char text[32] = {0};
    uint32_t len = sizeof text - 1;
    uint64_t version = 0;
    int32_t rc = spear_kv_get_versioned(KEY("counter"), (uint8_t *)text, &len, &version);
    if (rc < 0 && rc != -SPEAR_ENOENT) {
      printf("get failed: %d\n", rc);
      return 1;
    }
    long next = (rc < 0 ? 0 : strtol(text, NULL, 10)) + 1;
    char out[32];
    int n = snprintf(out, sizeof out, "%ld", next);
    rc = spear_kv_cas(KEY("counter"), (const uint8_t *)out, (uint32_t)n, (int64_t)version);
    if (rc == 0) {
      printf("%ld\n", next);
      return 0;
    }
    if (rc != -SPEAR_EAGAIN) {
      printf("cas failed: %d\n", rc);
      return 1;
    }
  }
  printf("gave up\n");
  return 1;
}

static void limits(void) {
  uint8_t out[4];
  uint32_t len = sizeof out;
  printf("get_missing=%d\n", spear_kv_get(KEY("no/such/key"), out, &len));
  printf("delete_missing=%d\n", spear_kv_delete(KEY("no/such/key")));
  printf("set_empty_key=%d\n", spear_kv_set((const uint8_t *)"", 0, out, 1));
  printf("set_dot_part=%d\n", spear_kv_set(KEY("a/../b"), out, 1));
  memset(big, 'k', SPEAR_KV_MAX_KEY_BYTES + 1);
  printf("set_long_key=%d\n", spear_kv_set(big, SPEAR_KV_MAX_KEY_BYTES + 1, out, 1));
  printf("set_big_value=%d\n", spear_kv_set(KEY("big"), big, sizeof big));
  printf("set_bad_pointer=%d\n", spear_kv_set(KEY("k"), (const uint8_t *)0x7ffffff0, 64));
  printf("set_ok=%d\n", spear_kv_set(KEY("greeting"), KEY("hello, world")));
  len = sizeof out;
  int32_t rc = spear_kv_get(KEY("greeting"), out, &len);
  printf("get_small_buffer=%d needed=%u\n", rc, len);
  printf("cas_create_existing=%d\n", spear_kv_cas(KEY("greeting"), KEY("x"), 0));
  char keys[256] = {0};
  len = sizeof keys - 1;
  rc = spear_kv_list(KEY("gr"), (uint8_t *)keys, &len);
  printf("list=%d keys=%s", rc, keys);
  printf("delete_ok=%d\n", spear_kv_delete(KEY("greeting")));
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "limits") == 0) {
    limits();
    return 0;
  }
  return count();
}
