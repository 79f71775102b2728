/*
 * Describes the environment variable named by argv[1] without printing it: one line
 * "<NAME> length=<bytes> fnv1a=<32-bit FNV-1a hash in hex>", or "<NAME> is not set". A test
 * computes the same hash of the value it expects, so it can prove that a guest received a secret
 * while the secret itself never appears in the output, the execution record or its log. stderr
 * gets one line naming the variable.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: env_check NAME\n");
    return 2;
  }
  const char *value = getenv(argv[1]);
  fprintf(stderr, "env_check: describing %s\n", argv[1]);
  if (value == NULL) {
    printf("%s is not set\n", argv[1]);
    return 0;
  }
  uint32_t hash = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)value; *p != '\0'; p++) {
    hash = (hash ^ *p) * 16777619u;
  }
  printf("%s length=%zu fnv1a=%08x\n", argv[1], strlen(value), hash);
  return 0;
}
