/* Sleeps argv[1] milliseconds (default 60000) through WASI poll_oneoff, then prints "woke". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
  long ms = argc > 1 ? atol(argv[1]) : 60000;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  printf("woke\n");
  return 0;
}
