/*
 * Sends the http_call request read from stdin and prints what happened, one line per attempt:
 * "rc=<result> len=<*out_len>", then the response JSON on its own line when a call succeeded.
 * argv[1] is the first buffer's capacity (default 65536); after -28 the probe retries once with
 * the size the host asked for. With argv[1] = "badptr" it passes pointers outside its memory.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spear_http.h"

static char request[1 << 20];

int main(int argc, char **argv) {
  size_t len = 0;
  ssize_t n;
  while (len < sizeof request && (n = read(0, request + len, sizeof request - len)) > 0) {
    len += (size_t)n;
  }
  if (argc > 1 && strcmp(argv[1], "badptr") == 0) {
    uint32_t cap = 16;
    int32_t rc = spear_http_call((const uint8_t *)0x7ffffff0, 64, (uint8_t *)request, &cap);
    printf("rc=%d len=%u\n", rc, cap);
    return 0;
  }
  uint32_t cap = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 65536u;
  for (int attempt = 0; attempt < 2; attempt++) {
    uint8_t *out = malloc(cap > 0 ? cap : 1);
    uint32_t io = cap;
    int32_t rc = spear_http_call((const uint8_t *)request, (uint32_t)len, out, &io);
    printf("rc=%d len=%u\n", rc, io);
    if (rc == 0) {
      fwrite(out, 1, io, stdout);
      printf("\n");
      free(out);
      return 0;
    }
    free(out);
    if (rc != -28) {
      return 0;
    }
    cap = io;
  }
  return 0;
}
