/*
 * The epoll, fd control and user stream families of the `spear` host import module, as the Spear
 * runtime provides them. Written for this corpus from the documented ABI: descriptors are i32,
 * errors negative errno values, pointers offsets into the guest's memory.
 */
#ifndef SPEAR_CORPUS_STREAM_H
#define SPEAR_CORPUS_STREAM_H

#include <stdint.h>

#include "spear_abi.h"

#define SP_EBADF (-9)
#define SP_EAGAIN (-11)
#define SP_EINVAL (-22)
#define SP_ENOSPC (-28)
#define SP_EPIPE (-32)
#define SP_ENOTCONN (-107)

/* Readiness bits. */
#define SP_IN 0x001
#define SP_OUT 0x004
#define SP_ERR 0x008
#define SP_HUP 0x010

/* spear_epoll_ctl ops. */
#define SP_EP_ADD 1
#define SP_EP_MOD 2
#define SP_EP_DEL 3

/* spear_fd_ctl commands; GET_* answer JSON through (arg, *arg_len_ptr). */
#define SP_FD_SET_FLAGS 1
#define SP_FD_GET_FLAGS 2
#define SP_FD_GET_KIND 3
#define SP_FD_GET_STATUS 4
#define SP_FD_GET_METRICS 5

/* user_stream_open directions and control events ({u32 stream_id, u32 kind}). */
#define SP_DIR_IN 1
#define SP_DIR_OUT 2
#define SP_DIR_BIDI 3
#define SP_EVENT_CONNECTED 1
#define SP_EVENT_SESSION_CLOSED 2

SPEAR_HOST("spear_epoll_create") int32_t sp_ep_create(void);
SPEAR_HOST("spear_epoll_ctl") int32_t sp_ep_ctl(int32_t epfd, int32_t op, int32_t fd, int32_t events);
/* Records of {i32 fd, i32 events}, sorted by fd; *out_len_ptr is the capacity in bytes and becomes
 * the bytes written. Returns the record count, 0 on timeout; timeout < 0 waits until ready. */
SPEAR_HOST("spear_epoll_wait")
int32_t sp_ep_wait(int32_t epfd, int32_t out, int32_t out_len_ptr, int32_t timeout_ms);
SPEAR_HOST("spear_epoll_close") int32_t sp_ep_close(int32_t epfd);
SPEAR_HOST("spear_fd_ctl") int32_t sp_fd_ctl(int32_t fd, int32_t cmd, int32_t arg, int32_t arg_len_ptr);

SPEAR_HOST("user_stream_ctl_open") int32_t sp_us_ctl_open(void);
SPEAR_HOST("user_stream_ctl_read") int32_t sp_us_ctl_read(int32_t fd, int32_t out, int32_t out_len_ptr);
SPEAR_HOST("user_stream_open") int32_t sp_us_open(int32_t stream_id, int32_t direction);
/* One whole SSF frame, or -11; -28 with the needed size when the buffer is too small. */
SPEAR_HOST("user_stream_read") int32_t sp_us_read(int32_t fd, int32_t out, int32_t out_len_ptr);
/* One SSF v1 frame of this stream: 0 when queued, -11 when the outbound queue is full. */
SPEAR_HOST("user_stream_write") int32_t sp_us_write(int32_t fd, int32_t buf, int32_t len);
SPEAR_HOST("user_stream_close") int32_t sp_us_close(int32_t fd);

#ifndef SP_PTR
#define SP_PTR(p) ((int32_t)(uintptr_t)(p))
#endif

#endif
