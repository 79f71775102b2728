/* Allocates 64 KiB blocks until allocation fails, then prints how many pages memory reached. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  long limit_pages = argc > 1 ? atol(argv[1]) : 65536;
  long blocks = 0;
  while (__builtin_wasm_memory_size(0) < (unsigned long)limit_pages) {
    char *p = malloc(65536);
    if (p == NULL) break;
    p[0] = 1; /* touch it */
    blocks++;
  }
  printf("blocks=%ld pages=%lu\n", blocks, (unsigned long)__builtin_wasm_memory_size(0));
  return 0;
}
