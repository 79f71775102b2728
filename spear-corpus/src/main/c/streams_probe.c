/*
 * Exercises the epoll, fd control and user stream host calls; prints key=value lines on stdout.
 *
 *   streams_probe echo      echoes every frame of every stream until the session closes
 *   streams_probe small     reads the first frame with an 8-byte buffer, then with a large one,
 *                           echoes it and ends
 *   streams_probe errors    every error path that needs no client
 *   streams_probe block     waits on an empty epoll set forever (for deadline and cancel tests)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spear_stream.h"

static uint8_t frame[512 * 1024];
static char text[4096];

static int32_t wait_ready(int32_t ep, uint8_t *buf, uint32_t cap, int32_t timeout) {
  uint32_t len = cap;
  return sp_ep_wait(ep, SP_PTR(buf), SP_PTR(&len), timeout);
}

static int setup(int32_t *ep, int32_t *ctl) {
  *ep = sp_ep_create();
  *ctl = sp_us_ctl_open();
  printf("ep=%d\nctl=%d\n", *ep, *ctl);
  if (*ep < 0 || *ctl < 0) return 1;
  return sp_ep_ctl(*ep, SP_EP_ADD, *ctl, SP_IN | SP_ERR | SP_HUP) != 0;
}

static int32_t echo_one(int32_t fd) {
  uint32_t len = sizeof frame;
  int32_t n = sp_us_read(fd, SP_PTR(frame), SP_PTR(&len));
  if (n < 0) return n;
  int32_t wr;
  while ((wr = sp_us_write(fd, SP_PTR(frame), n)) == SP_EAGAIN) {
    uint8_t ready[8];
    int32_t ep = sp_ep_create();
    sp_ep_ctl(ep, SP_EP_ADD, fd, SP_OUT | SP_HUP);
    wait_ready(ep, ready, sizeof ready, 1000);
    sp_ep_close(ep);
  }
  return wr;
}

static int echo(int once_small) {
  int32_t ep, ctl;
  if (setup(&ep, &ctl)) return 1;
  fflush(stdout);
  uint8_t ready[8 * 32];
  for (;;) {
    int32_t n = wait_ready(ep, ready, sizeof ready, -1);
    if (n < 0) {
      printf("wait=%d\n", n);
      return 1;
    }
    for (int i = 0; i < n; i++) {
      int32_t fd, ev;
      memcpy(&fd, ready + 8 * i, 4);
      memcpy(&ev, ready + 8 * i + 4, 4);
      if (fd == ctl) {
        uint32_t event[2];
        uint32_t len = sizeof event;
        while (sp_us_ctl_read(ctl, SP_PTR(event), SP_PTR(&len)) == 8) {
          len = sizeof event;
          if (event[1] == SP_EVENT_SESSION_CLOSED) {
            printf("session closed\n");
            sp_us_close(ctl);
            printf("close_twice=%d\n", sp_us_close(ctl));
            sp_ep_close(ep);
            return 0;
          }
          int32_t sfd = sp_us_open((int32_t)event[0], SP_DIR_BIDI);
          sp_ep_ctl(ep, SP_EP_ADD, sfd, SP_IN | SP_ERR | SP_HUP);
          printf("connected stream=%u fd=%d\n", event[0], sfd);
        }
        continue;
      }
      if (ev & (SP_HUP | SP_ERR)) {
        printf("hup fd=%d events=%d\n", fd, ev);
        sp_us_close(fd);
        continue;
      }
      if (once_small) {
        uint32_t len = 8;
        int32_t rc = sp_us_read(fd, SP_PTR(frame), SP_PTR(&len));
        printf("small_read=%d\nneeded=%u\n", rc, len);
        printf("echo=%d\n", echo_one(fd));
        uint32_t mlen = sizeof text;
        if (sp_fd_ctl(fd, SP_FD_GET_METRICS, SP_PTR(text), SP_PTR(&mlen)) > 0) {
          printf("metrics=%.*s\n", (int)mlen, text);
        }
        return 0;
      }
      int32_t rc;
      while ((rc = echo_one(fd)) == 0) {
      }
      if (rc != SP_EAGAIN) printf("echo_failed fd=%d rc=%d\n", fd, rc);
    }
  }
}

static void json(const char *name, int32_t fd, int32_t cmd) {
  uint32_t len = sizeof text;
  int32_t rc = sp_fd_ctl(fd, cmd, SP_PTR(text), SP_PTR(&len));
  if (rc < 0) {
    printf("%s=%d\n", name, rc);
  } else {
    printf("%s=%.*s\n", name, (int)len, text);
  }
}

static int errors(void) {
  uint8_t ready[64];
  int32_t ep = sp_ep_create();
  int32_t ctl = sp_us_ctl_open();
  int32_t s = sp_us_open(7, SP_DIR_BIDI);
  printf("ep=%d\nctl=%d\nstream=%d\n", ep, ctl, s);
  printf("ctl_bad_fd=%d\n", sp_ep_ctl(ep, SP_EP_ADD, 4242, SP_IN));
  printf("ctl_self=%d\n", sp_ep_ctl(ep, SP_EP_ADD, ep, SP_IN));
  printf("ctl_bad_op=%d\n", sp_ep_ctl(ep, 9, ctl, SP_IN));
  printf("ctl_not_epoll=%d\n", sp_ep_ctl(ctl, SP_EP_ADD, s, SP_IN));
  printf("mod_absent=%d\n", sp_ep_ctl(ep, SP_EP_MOD, s, SP_IN));
  printf("del_absent=%d\n", sp_ep_ctl(ep, SP_EP_DEL, s, SP_IN));
  printf("add=%d\n", sp_ep_ctl(ep, SP_EP_ADD, s, SP_IN | SP_OUT | SP_HUP));
  uint32_t len = 4;
  printf("wait_small=%d", sp_ep_wait(ep, SP_PTR(ready), SP_PTR(&len), 0));
  printf("\nneeded=%u\n", len);
  printf("wait_poll=%d\n", wait_ready(ep, ready, sizeof ready, 0));
  printf("wait_timeout=%d\n", wait_ready(ep, ready, sizeof ready, 30));
  printf("wait_bad_fd=%d\n", wait_ready(ctl, ready, sizeof ready, 0));
  printf("open_bad_dir=%d\n", sp_us_open(1, 4));
  printf("open_negative=%d\n", sp_us_open(-1, SP_DIR_IN));
  len = sizeof frame;
  printf("read_empty=%d\n", sp_us_read(s, SP_PTR(frame), SP_PTR(&len)));
  len = sizeof frame;
  printf("ctl_read_empty=%d\n", sp_us_ctl_read(ctl, SP_PTR(frame), SP_PTR(&len)));
  printf("write_garbage=%d\n", sp_us_write(s, SP_PTR("nonsense-nonsense-nonsense-nonsense"), 35));
  uint8_t f[40] = {'S', 'P', 'S', 'T', 1, 0, 32, 0, 2, 0, 0, 0, 7, 0, 0, 0};
  f[28] = 8; /* data_len 8 */
  printf("write_not_connected=%d\n", sp_us_write(s, SP_PTR(f), sizeof f));
  f[12] = 8;
  printf("write_other_stream=%d\n", sp_us_write(s, SP_PTR(f), sizeof f));
  int32_t in = sp_us_open(7, SP_DIR_IN);
  f[12] = 7;
  printf("write_inbound_only=%d\n", sp_us_write(in, SP_PTR(f), sizeof f));
  json("kind_ep", ep, SP_FD_GET_KIND);
  json("kind_ctl", ctl, SP_FD_GET_KIND);
  json("status_stream", s, SP_FD_GET_STATUS);
  const char *flags = "{\"set\":[\"O_NONBLOCK\"]}";
  uint32_t flen = (uint32_t)strlen(flags);
  printf("set_flags=%d\n", sp_fd_ctl(s, SP_FD_SET_FLAGS, SP_PTR(flags), SP_PTR(&flen)));
  json("flags", s, SP_FD_GET_FLAGS);
  json("fd_ctl_bad_cmd", s, 99);
  json("fd_ctl_bad_fd", 4242, SP_FD_GET_KIND);
  printf("close_stream=%d\n", sp_us_close(s));
  printf("close_stream_again=%d\n", sp_us_close(s));
  printf("close_unknown=%d\n", sp_us_close(4242));
  printf("close_ep=%d\n", sp_ep_close(ep));
  printf("wait_closed=%d\n", wait_ready(ep, ready, sizeof ready, 0));
  return 0;
}

static int block(void) {
  uint8_t ready[8];
  int32_t ep = sp_ep_create();
  printf("blocking\n");
  fflush(stdout);
  printf("wait=%d\n", wait_ready(ep, ready, sizeof ready, -1));
  return 0;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "echo";
  if (strcmp(mode, "echo") == 0) return echo(0);
  if (strcmp(mode, "small") == 0) return echo(1);
  if (strcmp(mode, "errors") == 0) return errors();
  if (strcmp(mode, "block") == 0) return block();
  printf("unknown mode %s\n", mode);
  return 2;
}
