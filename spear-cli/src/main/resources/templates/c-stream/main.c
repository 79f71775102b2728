/*
 * {{name}}: a Spear function that serves WebSocket clients. Connect to the endpoint gateway,
 *   ws://<sms>/e/{{name}}/ws  (subprotocol ssf.v1)
 * which starts the function on the first connection; every SSF frame a client sends is echoed
 * back as a DATA frame with the same stream, sequence number, metadata and data. The function
 * ends when the last client disconnects.
 */
#include <stdio.h>
#include <stdlib.h>

#include "spear.h"

#define MAX_READY 32

static uint8_t reply[256 * 1024 + SPEAR_SSF_HEADER_BYTES];
static long echoed;

/* Echoes every frame waiting on `fd`: 0 when drained, or -errno. */
static int32_t echo(int32_t fd) {
  for (;;) {
    uint32_t len;
    int32_t rc;
    uint8_t *frame = spear_stream_read_alloc(fd, &len, &rc);
    if (frame == NULL) return rc == -SPEAR_EAGAIN ? 0 : rc;
    spear_ssf_frame in;
    rc = spear_ssf_parse(frame, len, &in);
    if (rc == 0) {
      int32_t n = spear_ssf_build(reply, sizeof reply, SPEAR_SSF_DATA, in.stream_id, in.seq,
                                  in.meta, in.meta_len, in.data, in.data_len);
      rc = n < 0 ? n : spear_stream_write(fd, reply, n);
      if (rc == 0) echoed++;
    }
    free(frame);
    if (rc < 0) return rc;
  }
}

int main(void) {
  int32_t ep = spear_epoll_create();
  int32_t ctl = spear_stream_ctl_open();
  if (ep < 0 || ctl < 0) {
    fprintf(stderr, "streams unavailable: %s\n", spear_strerror(ctl < 0 ? ctl : ep));
    return 1;
  }
  spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, ctl, SPEAR_EPOLLIN | SPEAR_EPOLLHUP);
  for (;;) {
    spear_epoll_event ready[MAX_READY];
    int32_t count = spear_epoll_wait_events(ep, ready, MAX_READY, -1);
    if (count < 0) {
      fprintf(stderr, "epoll_wait: %s\n", spear_strerror(count));
      return 1;
    }
    for (int32_t i = 0; i < count; i++) {
      int32_t fd = ready[i].fd;
      if (fd == ctl) {
        spear_stream_event event;
        while (spear_stream_next_event(ctl, &event) == 1) {
          if (event.kind == SPEAR_STREAM_EVENT_SESSION_CLOSED) {
            printf("echoed %ld frames\n", echoed);
            spear_stream_close(ctl);
            spear_epoll_close(ep);
            return 0;
          }
          int32_t stream = spear_stream_open((int32_t)event.stream_id, SPEAR_STREAM_BIDI);
          spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, stream,
                          SPEAR_EPOLLIN | SPEAR_EPOLLHUP | SPEAR_EPOLLERR);
          spear_infof("stream %u connected", event.stream_id);
        }
      } else if (ready[i].events & (SPEAR_EPOLLHUP | SPEAR_EPOLLERR)) {
        spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_DEL, fd, 0);
        spear_stream_close(fd);
      } else {
        int32_t rc = echo(fd);
        if (rc < 0) spear_warnf("stream fd %d: %s", fd, spear_strerror(rc));
      }
    }
  }
}
