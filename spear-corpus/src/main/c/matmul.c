/* Benchmark kernel: multiplies two deterministic N x N double matrices (N = argv[1], default
 * 256) and prints a checksum of the product. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 256;
  double *a = malloc(sizeof(double) * n * n);
  double *b = malloc(sizeof(double) * n * n);
  double *c = calloc((size_t)n * n, sizeof(double));
  if (!a || !b || !c) {
    fprintf(stderr, "out of memory\n");
    return 1;
  }
  for (int i = 0; i < n * n; i++) {
    a[i] = (double)(i % 17) / 17.0;
    b[i] = (double)(i % 13) / 13.0;
  }
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < n; k++) {
      double aik = a[i * n + k];
      for (int j = 0; j < n; j++) {
        c[i * n + j] += aik * b[k * n + j];
      }
    }
  }
  double sum = 0;
  for (int i = 0; i < n * n; i++) sum += c[i] * (double)((i % 7) + 1);
  printf("matmul(%d) checksum=%.6f\n", n, sum);
  return 0;
}
