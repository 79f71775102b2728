/* Allocates 64 KiB blocks until allocation fails (or memory reaches argv[1] pages), then prints
 * how many blocks it got and how many pages memory reached. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  unsigned long limit_pages = argc > 1 ? strtoul(argv[1], NULL, 10) : 65536;
  void **head = NULL;
  while (__builtin_wasm_memory_size(0) < limit_pages) {
    void **block = malloc(65536);
    if (block == NULL) break;
    *block = head; /* chain the blocks so that none of them is dead */
    head = block;
  }
  long blocks = 0;
  for (void **b = head; b != NULL; b = *b) blocks++;
  printf("blocks=%ld pages=%lu\n", blocks, (unsigned long)__builtin_wasm_memory_size(0));
  return 0;
}
