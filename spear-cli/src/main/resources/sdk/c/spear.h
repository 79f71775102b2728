/*
 * spear.h: the guest SDK for Spear for the JVM, in one header.
 *
 * A function built with `clang --target=wasm32-wasi` runs on Spear as a WASI command: its
 * arguments, environment, stdin, stdout and exit code work as in any C program. On top of WASI
 * the platform provides the `spear` import module; this header declares every call of it that
 * Spear registers, and adds small helpers for the patterns guests repeat (formatted logging,
 * reads that grow their buffer, chat parameters as JSON, SSF stream frames, epoll records).
 *
 * Conventions of the `spear` module:
 *  - Pointers and lengths are 32-bit offsets into the guest's exported memory ("memory").
 *  - Failures are negative errno values: a call answers -SPEAR_EBADF, never SPEAR_EBADF.
 *  - Reads take (out, out_len): *out_len holds the capacity on entry and the length on return.
 *    When the capacity is too small the call answers -SPEAR_ENOSPC and stores the size it
 *    needs in *out_len; Spear keeps the item, so the same read with a bigger buffer gets it.
 *    The spear_*_alloc helpers below do that retry for you.
 *  - Descriptors (chat sessions and responses, epoll sets, streams) are numbered from 1000.
 *
 * Every helper is `static inline`: include the header in as many files as you like; nothing is
 * emitted unless used. Define SPEAR_NO_ALLOC before including it to leave out the helpers that
 * call malloc (for guests built without a C library heap).
 */
#ifndef SPEAR_SDK_SPEAR_H
#define SPEAR_SDK_SPEAR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#ifndef SPEAR_NO_ALLOC
#include <stdlib.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define SPEAR_SDK_VERSION "0.1.0"

/* Binds a declaration to a function of the host's `spear` import module. */
#define SPEAR_IMPORT(fn) __attribute__((import_module("spear"), import_name(fn)))

/* ---------------------------------------------------------------------------------------------
 * Errors: calls answer the negated value.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_EPERM 1
#define SPEAR_ENOENT 2
#define SPEAR_EIO 5
#define SPEAR_EBADF 9
#define SPEAR_EAGAIN 11
#define SPEAR_ENOMEM 12
#define SPEAR_EACCES 13
#define SPEAR_EFAULT 14
#define SPEAR_EINVAL 22
#define SPEAR_EFBIG 27
#define SPEAR_ENOSPC 28
#define SPEAR_EPIPE 32
#define SPEAR_ENOSYS 38
#define SPEAR_ECONNRESET 104
#define SPEAR_ENOTCONN 107
#define SPEAR_ETIMEDOUT 110

/* A short name for an error code returned by any call ("EAGAIN"), for log lines. */
static inline const char *spear_strerror(int32_t rc) {
  switch (rc < 0 ? -rc : rc) {
    case 0: return "OK";
    case SPEAR_EPERM: return "EPERM";
    case SPEAR_ENOENT: return "ENOENT";
    case SPEAR_EIO: return "EIO";
    case SPEAR_EBADF: return "EBADF";
    case SPEAR_EAGAIN: return "EAGAIN";
    case SPEAR_ENOMEM: return "ENOMEM";
    case SPEAR_EACCES: return "EACCES";
    case SPEAR_EFAULT: return "EFAULT";
    case SPEAR_EINVAL: return "EINVAL";
    case SPEAR_EFBIG: return "EFBIG";
    case SPEAR_ENOSPC: return "ENOSPC";
    case SPEAR_EPIPE: return "EPIPE";
    case SPEAR_ENOSYS: return "ENOSYS";
    case SPEAR_ECONNRESET: return "ECONNRESET";
    case SPEAR_ENOTCONN: return "ENOTCONN";
    case SPEAR_ETIMEDOUT: return "ETIMEDOUT";
    default: return "E?";
  }
}

/* ---------------------------------------------------------------------------------------------
 * Time, randomness, sleeping.
 * ------------------------------------------------------------------------------------------- */

/* Milliseconds since the Unix epoch. */
SPEAR_IMPORT("time_now_ms") int64_t spear_time_now_ms(void);
/* Seconds since the Unix epoch. */
SPEAR_IMPORT("wall_time_s") int64_t spear_wall_time_s(void);
/* A random 64-bit value from the host. */
SPEAR_IMPORT("random_i64") int64_t spear_random_i64(void);
/* Sleeps; a cancellation or the execution's time limit ends the guest during the sleep. */
SPEAR_IMPORT("sleep_ms") void spear_sleep_ms(int32_t ms);

/* ---------------------------------------------------------------------------------------------
 * The execution log. Lines show up in `spear logs <execution>` and the console next to stderr;
 * stdout stays the function's output.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_LOG_TRACE 0
#define SPEAR_LOG_DEBUG 1
#define SPEAR_LOG_INFO 2
#define SPEAR_LOG_WARN 3
#define SPEAR_LOG_ERROR 4
/* The longest message one call accepts; longer messages answer -SPEAR_EINVAL. */
#define SPEAR_LOG_MAX_BYTES 16384

/* Appends one log line of `len` bytes: 0, -SPEAR_EINVAL for a bad length, -SPEAR_EFAULT. */
SPEAR_IMPORT("log") int32_t spear_log(int32_t level, const void *msg, int32_t len);

/* Logs a NUL-terminated string, cut at SPEAR_LOG_MAX_BYTES. */
static inline int32_t spear_log_str(int32_t level, const char *msg) {
  size_t len = strlen(msg);
  return spear_log(level, msg, (int32_t)(len > SPEAR_LOG_MAX_BYTES ? SPEAR_LOG_MAX_BYTES : len));
}

/* Logs a printf-style message (formatted on the stack, cut at SPEAR_LOG_MAX_BYTES). */
__attribute__((format(printf, 2, 0)))
static inline int32_t spear_vlogf(int32_t level, const char *fmt, va_list args) {
  char line[SPEAR_LOG_MAX_BYTES + 1];
  int n = vsnprintf(line, sizeof line, fmt, args);
  if (n < 0) return -SPEAR_EINVAL;
  return spear_log(level, line, n > SPEAR_LOG_MAX_BYTES ? SPEAR_LOG_MAX_BYTES : n);
}

/* Logs a printf-style message at `level`. */
__attribute__((format(printf, 2, 3)))
static inline int32_t spear_logf(int32_t level, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int32_t rc = spear_vlogf(level, fmt, args);
  va_end(args);
  return rc;
}

#define spear_debugf(...) spear_logf(SPEAR_LOG_DEBUG, __VA_ARGS__)
#define spear_infof(...) spear_logf(SPEAR_LOG_INFO, __VA_ARGS__)
#define spear_warnf(...) spear_logf(SPEAR_LOG_WARN, __VA_ARGS__)
#define spear_errorf(...) spear_logf(SPEAR_LOG_ERROR, __VA_ARGS__)

/* ---------------------------------------------------------------------------------------------
 * Reading into a buffer that grows.
 * ------------------------------------------------------------------------------------------- */

/* Any call of the read shape: (descriptor, out, out_len) -> length or -errno. */
typedef int32_t (*spear_reader)(int32_t fd, void *out, uint32_t *out_len);

#ifndef SPEAR_NO_ALLOC
/*
 * Reads one item with any `spear_reader` call into a malloc'd buffer, starting at `initial`
 * bytes and growing to the size the host asks for on -SPEAR_ENOSPC (up to 4 tries). Answers the
 * buffer, NUL-terminated one byte past the data (so text is also a C string), with the data's
 * length in *len; or NULL with *len set to 0. *rc, when not NULL, receives the last call's answer
 * (the length, or -errno: -SPEAR_EAGAIN when nothing is pending). Release the buffer with free().
 */
static inline uint8_t *spear_read_alloc(spear_reader read, int32_t fd, uint32_t initial,
                                        uint32_t *len, int32_t *rc) {
  uint32_t cap = initial ? initial : 1;
  uint8_t *buf = NULL;
  int32_t answer = -SPEAR_ENOSPC;
  for (int attempt = 0; attempt < 4 && answer == -SPEAR_ENOSPC; attempt++) {
    uint8_t *grown = (uint8_t *)realloc(buf, (size_t)cap + 1);
    if (grown == NULL) {
      answer = -SPEAR_ENOMEM;
      break;
    }
    buf = grown;
    uint32_t io = cap;
    answer = read(fd, buf, &io);
    if (answer >= 0) {
      buf[io] = 0;
      if (len) *len = io;
      if (rc) *rc = answer;
      return buf;
    }
    if (answer == -SPEAR_ENOSPC) cap = io > cap ? io : cap * 2;
  }
  free(buf);
  if (len) *len = 0;
  if (rc) *rc = answer;
  return NULL;
}
#endif

/* ---------------------------------------------------------------------------------------------
 * Chat completion (cchat_*): a session collects messages, tools and parameters; sending it
 * answers a response descriptor holding the backend's JSON (OpenAI's chat completion object plus
 * "_spear": {"backend", "model"}). Backend failures are JSON too: {"error": {...}}.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_CHAT_CTL_SET_PARAM 1
#define SPEAR_CHAT_CTL_GET_METRICS 2
/* cchat_send flags. */
#define SPEAR_CHAT_SEND_METRICS 1
#define SPEAR_CHAT_SEND_AUTO_TOOLS 2

/*
 * A tool the model may call while cchat_send runs (with SPEAR_CHAT_SEND_AUTO_TOOLS): `args` is
 * the call's JSON arguments (NUL-terminated), `out` takes the result (capacity *out_len on
 * entry; store the length there). Return 0, or -SPEAR_ENOSPC with the size needed in *out_len
 * to be called once more with a bigger buffer; anything else fails the call.
 */
typedef int32_t (*spear_tool_fn)(const char *args, int32_t args_len, char *out, uint32_t *out_len);

/* A new chat session: its descriptor, or -errno. */
SPEAR_IMPORT("cchat_create") int32_t spear_chat_create(void);
/* Appends a message {role, content}. */
SPEAR_IMPORT("cchat_write_msg")
int32_t spear_chat_write_msg(int32_t fd, const char *role, int32_t role_len, const char *content,
                             int32_t content_len);
/* Registers a tool: `table_index` in the exported function table, described by an OpenAI
 * function tool JSON ({"type":"function","function":{"name",...,"parameters":{...}}}). */
SPEAR_IMPORT("cchat_write_fn")
int32_t spear_chat_write_fn(int32_t fd, int32_t table_index, const char *json, int32_t json_len);
/* SET_PARAM reads *arg_len bytes of {"key":..,"value":..} at arg; GET_METRICS writes there. */
SPEAR_IMPORT("cchat_ctl")
int32_t spear_chat_ctl(int32_t fd, int32_t cmd, void *arg, uint32_t *arg_len);
/* Sends the session: a response descriptor, or -errno. Blocks until the answer is complete. */
SPEAR_IMPORT("cchat_send") int32_t spear_chat_send(int32_t fd, int32_t flags);
/* Copies a response (as often as wanted): its length, or -SPEAR_ENOSPC with the size needed. */
SPEAR_IMPORT("cchat_recv") int32_t spear_chat_recv(int32_t response_fd, void *out, uint32_t *out_len);
/* Closes a session or a response. */
SPEAR_IMPORT("cchat_close") int32_t spear_chat_close(int32_t fd);

/* Appends a message of NUL-terminated strings ("system", "user", "assistant", "tool"). */
static inline int32_t spear_chat_message(int32_t fd, const char *role, const char *content) {
  return spear_chat_write_msg(fd, role, (int32_t)strlen(role), content, (int32_t)strlen(content));
}

/* Registers a C function as a tool. Link with -Wl,--export-table so the host can call it. */
static inline int32_t spear_chat_tool(int32_t fd, spear_tool_fn fn, const char *json) {
  return spear_chat_write_fn(fd, (int32_t)(uintptr_t)fn, json, (int32_t)strlen(json));
}

/* Sets a parameter from a ready {"key":..,"value":..} object. */
static inline int32_t spear_chat_set_param_json(int32_t fd, const char *json, uint32_t json_len) {
  return spear_chat_ctl(fd, SPEAR_CHAT_CTL_SET_PARAM, (void *)json, &json_len);
}

/* Writes `s` as a JSON string body (no quotes) into out; answers the length, or -1 if cap is
 * too small. */
static inline int spear_json_escape(char *out, size_t cap, const char *s) {
  size_t n = 0;
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    char esc[7];
    const char *piece = esc;
    size_t len;
    if (c == '"' || c == '\\') {
      esc[0] = '\\';
      esc[1] = (char)c;
      len = 2;
    } else if (c == '\n') {
      piece = "\\n", len = 2;
    } else if (c == '\r') {
      piece = "\\r", len = 2;
    } else if (c == '\t') {
      piece = "\\t", len = 2;
    } else if (c < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", c);
      len = 6;
    } else {
      esc[0] = (char)c;
      len = 1;
    }
    if (n + len >= cap) return -1;
    memcpy(out + n, piece, len);
    n += len;
  }
  if (n >= cap) return -1;
  out[n] = 0;
  return (int)n;
}

/* Sets parameter `key` to a JSON value written as text (`10`, `true`, `{"type":"json_object"}`). */
static inline int32_t spear_chat_set_param_raw(int32_t fd, const char *key, const char *json_value) {
  char buf[4096];
  int n = snprintf(buf, sizeof buf, "{\"key\":\"%s\",\"value\":%s}", key, json_value);
  if (n < 0 || (size_t)n >= sizeof buf) return -SPEAR_EINVAL;
  return spear_chat_set_param_json(fd, buf, (uint32_t)n);
}

/* Sets parameter `key` to a string ("model", "backend", ...), escaped as JSON. */
static inline int32_t spear_chat_set_param_string(int32_t fd, const char *key, const char *value) {
  char quoted[2048];
  quoted[0] = '"';
  int n = spear_json_escape(quoted + 1, sizeof quoted - 2, value);
  if (n < 0) return -SPEAR_EINVAL;
  quoted[n + 1] = '"';
  quoted[n + 2] = 0;
  return spear_chat_set_param_raw(fd, key, quoted);
}

/* Sets parameter `key` to an integer ("timeout_ms", "max_iterations", ...). */
static inline int32_t spear_chat_set_param_int(int32_t fd, const char *key, int64_t value) {
  char text[24];
  snprintf(text, sizeof text, "%lld", (long long)value);
  return spear_chat_set_param_raw(fd, key, text);
}

/* Gives the host a scratch area in guest memory for tool arguments and results (needed before
 * sending with SPEAR_CHAT_SEND_AUTO_TOOLS when tools are registered). */
static inline int32_t spear_chat_set_tool_arena(int32_t fd, void *arena, uint32_t len) {
  int32_t rc = spear_chat_set_param_int(fd, "tool_arena_ptr", (int64_t)(uintptr_t)arena);
  return rc < 0 ? rc : spear_chat_set_param_int(fd, "tool_arena_len", (int64_t)len);
}

static inline int32_t spear__chat_metrics(int32_t fd, void *out, uint32_t *out_len) {
  return spear_chat_ctl(fd, SPEAR_CHAT_CTL_GET_METRICS, out, out_len);
}

#ifndef SPEAR_NO_ALLOC
/* The response's JSON, NUL-terminated, in a malloc'd buffer (free() it); NULL on error with
 * -errno in *rc. */
static inline char *spear_chat_recv_alloc(int32_t response_fd, uint32_t *len, int32_t *rc) {
  return (char *)spear_read_alloc(spear_chat_recv, response_fd, 64 * 1024, len, rc);
}

/* The response's metrics JSON (sent with SPEAR_CHAT_SEND_METRICS), like spear_chat_recv_alloc. */
static inline char *spear_chat_metrics_alloc(int32_t response_fd, uint32_t *len, int32_t *rc) {
  return (char *)spear_read_alloc(spear__chat_metrics, response_fd, 1024, len, rc);
}
#endif

/* ---------------------------------------------------------------------------------------------
 * Readiness: epoll over Spear descriptors (streams, chat responses), and per-descriptor control.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_EPOLLIN 0x001
#define SPEAR_EPOLLOUT 0x004
#define SPEAR_EPOLLERR 0x008
#define SPEAR_EPOLLHUP 0x010

#define SPEAR_EPOLL_CTL_ADD 1
#define SPEAR_EPOLL_CTL_MOD 2
#define SPEAR_EPOLL_CTL_DEL 3

/* spear_fd_ctl commands. SET_FLAGS takes {"set":["O_NONBLOCK"]} or {"clear":[...]}; the GET_*
 * commands answer JSON through (arg, *arg_len) like a read. */
#define SPEAR_FD_CTL_SET_FLAGS 1
#define SPEAR_FD_CTL_GET_FLAGS 2
#define SPEAR_FD_CTL_GET_KIND 3
#define SPEAR_FD_CTL_GET_STATUS 4
#define SPEAR_FD_CTL_GET_METRICS 5

/* One ready descriptor as spear_epoll_wait writes it: events are those of the interest set
 * that hold (HUP and ERR only when asked for). Records come sorted by descriptor. */
typedef struct {
  int32_t fd;
  int32_t events;
} spear_epoll_event;

/* A new epoll set: its descriptor, or -errno. */
SPEAR_IMPORT("spear_epoll_create") int32_t spear_epoll_create(void);
/* Adds, changes or removes `fd`'s interest (SPEAR_EPOLL_CTL_*): 0 or -errno. */
SPEAR_IMPORT("spear_epoll_ctl") int32_t spear_epoll_ctl(int32_t epfd, int32_t op, int32_t fd, int32_t events);
/* Waits up to timeout_ms (negative: until ready) and writes records; *out_len is the capacity in
 * bytes on entry, the bytes written on return. Answers the record count, 0 on timeout. */
SPEAR_IMPORT("spear_epoll_wait")
int32_t spear_epoll_wait(int32_t epfd, void *out, uint32_t *out_len, int32_t timeout_ms);
/* Closes an epoll set. */
SPEAR_IMPORT("spear_epoll_close") int32_t spear_epoll_close(int32_t epfd);
/* Controls or describes one descriptor (SPEAR_FD_CTL_*). */
SPEAR_IMPORT("spear_fd_ctl") int32_t spear_fd_ctl(int32_t fd, int32_t cmd, void *arg, uint32_t *arg_len);

/* Waits for at most `max` ready descriptors: their count, 0 on timeout, or -errno. */
static inline int32_t spear_epoll_wait_events(int32_t epfd, spear_epoll_event *events, int32_t max,
                                              int32_t timeout_ms) {
  uint32_t len = (uint32_t)max * (uint32_t)sizeof(spear_epoll_event);
  return spear_epoll_wait(epfd, events, &len, timeout_ms);
}

/* Asks the host to answer -SPEAR_EAGAIN instead of blocking on `fd`. */
static inline int32_t spear_fd_set_nonblocking(int32_t fd, int on) {
  const char *json = on ? "{\"set\":[\"O_NONBLOCK\"]}" : "{\"clear\":[\"O_NONBLOCK\"]}";
  uint32_t len = (uint32_t)strlen(json);
  return spear_fd_ctl(fd, SPEAR_FD_CTL_SET_FLAGS, (void *)json, &len);
}

/* ---------------------------------------------------------------------------------------------
 * User streams: clients connect over WebSocket (`POST /api/v1/executions/{id}/streams/session`,
 * or an endpoint's `/e/{endpoint}/ws`) and exchange SSF frames with the running guest. The
 * control descriptor announces streams as they connect and the end of the session.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_STREAM_IN 1
#define SPEAR_STREAM_OUT 2
#define SPEAR_STREAM_BIDI 3

/* Control events. */
#define SPEAR_STREAM_EVENT_CONNECTED 1
#define SPEAR_STREAM_EVENT_SESSION_CLOSED 2

typedef struct {
  uint32_t stream_id;
  uint32_t kind; /* SPEAR_STREAM_EVENT_* */
} spear_stream_event;

/* The control descriptor of this execution's streams, or -SPEAR_ENOTCONN outside an execution. */
SPEAR_IMPORT("user_stream_ctl_open") int32_t spear_stream_ctl_open(void);
/* One event (8 bytes: stream id, kind), or -SPEAR_EAGAIN when none is pending. */
SPEAR_IMPORT("user_stream_ctl_read") int32_t spear_stream_ctl_read(int32_t fd, void *out, uint32_t *out_len);
/* Opens a stream announced by a CONNECTED event, in a direction SPEAR_STREAM_*. */
SPEAR_IMPORT("user_stream_open") int32_t spear_stream_open(int32_t stream_id, int32_t direction);
/* One whole SSF frame, or -SPEAR_EAGAIN; -SPEAR_ENOSPC keeps the frame for a bigger read. */
SPEAR_IMPORT("user_stream_read") int32_t spear_stream_read(int32_t fd, void *out, uint32_t *out_len);
/* Queues one SSF frame of this stream: 0, or -SPEAR_EAGAIN (queue full), -SPEAR_EPIPE
 * (closed), -SPEAR_ENOTCONN (not connected yet), -SPEAR_EINVAL (not a frame of this stream). */
SPEAR_IMPORT("user_stream_write") int32_t spear_stream_write(int32_t fd, const void *frame, int32_t len);
/* Closes a stream or the control descriptor. */
SPEAR_IMPORT("user_stream_close") int32_t spear_stream_close(int32_t fd);

/* The next control event: 1 when one was read into *event, 0 when none is pending, or -errno. */
static inline int32_t spear_stream_next_event(int32_t ctl_fd, spear_stream_event *event) {
  uint32_t len = (uint32_t)sizeof *event;
  int32_t rc = spear_stream_ctl_read(ctl_fd, event, &len);
  if (rc == -SPEAR_EAGAIN) return 0;
  return rc < 0 ? rc : 1;
}

#ifndef SPEAR_NO_ALLOC
/* The next frame in a malloc'd buffer (free() it); NULL with -errno in *rc (-SPEAR_EAGAIN when
 * none is pending). */
static inline uint8_t *spear_stream_read_alloc(int32_t fd, uint32_t *len, int32_t *rc) {
  return spear_read_alloc(spear_stream_read, fd, 64 * 1024, len, rc);
}
#endif

/* SSF v1, the frame of every stream message: a 32-byte little-endian header, then metadata
 * (JSON, may be empty), then data. */
#define SPEAR_SSF_HEADER_BYTES 32
#define SPEAR_SSF_VERSION 1
#define SPEAR_SSF_REQUEST 1
#define SPEAR_SSF_DATA 2
#define SPEAR_SSF_ERROR 3
#define SPEAR_SSF_CANCEL 4

typedef struct {
  uint16_t msg_type;
  uint16_t flags;
  uint32_t stream_id;
  uint64_t seq;
  const uint8_t *meta;
  uint32_t meta_len;
  const uint8_t *data;
  uint32_t data_len;
} spear_ssf_frame;

static inline uint32_t spear__le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void spear__put_le32(uint8_t *p, uint32_t v) {
  p[0] = (uint8_t)v, p[1] = (uint8_t)(v >> 8), p[2] = (uint8_t)(v >> 16), p[3] = (uint8_t)(v >> 24);
}

/* Parses a frame; its meta and data point into `buf`. 0, or -SPEAR_EINVAL if malformed. */
static inline int32_t spear_ssf_parse(const uint8_t *buf, uint32_t len, spear_ssf_frame *frame) {
  if (len < SPEAR_SSF_HEADER_BYTES || memcmp(buf, "SPST", 4) != 0) return -SPEAR_EINVAL;
  uint32_t header = (uint32_t)buf[6] | (uint32_t)buf[7] << 8;
  if (header < SPEAR_SSF_HEADER_BYTES || header > len) return -SPEAR_EINVAL;
  frame->msg_type = (uint16_t)(buf[8] | buf[9] << 8);
  frame->flags = (uint16_t)(buf[10] | buf[11] << 8);
  frame->stream_id = spear__le32(buf + 12);
  frame->seq = (uint64_t)spear__le32(buf + 16) | (uint64_t)spear__le32(buf + 20) << 32;
  frame->meta_len = spear__le32(buf + 24);
  frame->data_len = spear__le32(buf + 28);
  if ((uint64_t)frame->meta_len + frame->data_len != (uint64_t)(len - header)) return -SPEAR_EINVAL;
  frame->meta = buf + header;
  frame->data = buf + header + frame->meta_len;
  return 0;
}

/* Writes a frame into `out`: its length, or -SPEAR_ENOSPC if `cap` is too small. */
static inline int32_t spear_ssf_build(uint8_t *out, uint32_t cap, uint16_t msg_type,
                                      uint32_t stream_id, uint64_t seq, const void *meta,
                                      uint32_t meta_len, const void *data, uint32_t data_len) {
  uint64_t total = (uint64_t)SPEAR_SSF_HEADER_BYTES + meta_len + data_len;
  if (total > cap || total > INT32_MAX) return -SPEAR_ENOSPC;
  memcpy(out, "SPST", 4);
  out[4] = SPEAR_SSF_VERSION, out[5] = 0;
  out[6] = SPEAR_SSF_HEADER_BYTES, out[7] = 0;
  out[8] = (uint8_t)msg_type, out[9] = (uint8_t)(msg_type >> 8);
  out[10] = 0, out[11] = 0;
  spear__put_le32(out + 12, stream_id);
  spear__put_le32(out + 16, (uint32_t)seq);
  spear__put_le32(out + 20, (uint32_t)(seq >> 32));
  spear__put_le32(out + 24, meta_len);
  spear__put_le32(out + 28, data_len);
  if (meta_len) memcpy(out + SPEAR_SSF_HEADER_BYTES, meta, meta_len);
  if (data_len) memcpy(out + SPEAR_SSF_HEADER_BYTES + meta_len, data, data_len);
  return (int32_t)total;
}

/* Sends `data` on a stream as one DATA frame with empty metadata, built in `scratch`; waits (up
 * to 1 s per try) while the outbound queue is full. 0 or -errno. */
static inline int32_t spear_stream_send(int32_t fd, uint32_t stream_id, uint64_t seq,
                                        const void *data, uint32_t len, uint8_t *scratch,
                                        uint32_t scratch_cap) {
  int32_t n = spear_ssf_build(scratch, scratch_cap, SPEAR_SSF_DATA, stream_id, seq, "{}", 2, data, len);
  if (n < 0) return n;
  int32_t rc;
  while ((rc = spear_stream_write(fd, scratch, n)) == -SPEAR_EAGAIN) {
    int32_t ep = spear_epoll_create();
    if (ep < 0) return ep;
    spear_epoll_event ready;
    spear_epoll_ctl(ep, SPEAR_EPOLL_CTL_ADD, fd, SPEAR_EPOLLOUT | SPEAR_EPOLLHUP | SPEAR_EPOLLERR);
    spear_epoll_wait_events(ep, &ready, 1, 1000);
    spear_epoll_close(ep);
  }
  return rc;
}

/* ---------------------------------------------------------------------------------------------
 * Realtime speech recognition (rtasr) and the microphone (mic). An rtasr descriptor streams PCM16
 * audio to the node's speech-to-text backend (an `openai_realtime_ws` backend in its `llm:`
 * config) and reads back the backend's events as JSON text, one per read. A mic descriptor reads
 * PCM16 frames from the node's configured audio source (`mic.device_file`) at real-time pace.
 * Both are descriptors of the execution's fd table, so spear_epoll_* waits on them.
 *
 * ctl calls take their argument as the *arg_len bytes at `arg` (none when arg_len is 0); the GET
 * commands write JSON into the same buffer and answer its byte count, or -SPEAR_ENOSPC with the
 * size needed in *arg_len.
 * ------------------------------------------------------------------------------------------- */
/* rtasr_ctl commands. */
#define SPEAR_RTASR_SET_PARAM 1     /* {"key": ..., "value": ...} */
#define SPEAR_RTASR_CONNECT 2       /* open the backend session; -SPEAR_EIO with last_error */
#define SPEAR_RTASR_GET_STATUS 3    /* JSON status, including last_error */
#define SPEAR_RTASR_SEND_EVENT 4    /* a raw JSON event for the backend */
#define SPEAR_RTASR_FLUSH 5         /* commit the audio sent so far */
#define SPEAR_RTASR_CLEAR 6         /* drop audio not yet committed */
#define SPEAR_RTASR_SET_AUTOFLUSH 7 /* JSON autoflush settings */
#define SPEAR_RTASR_GET_AUTOFLUSH 8

/* mic_ctl commands. */
#define SPEAR_MIC_SET_PARAM 1  /* JSON config: sample_rate_hz, channels, frame_ms, format, source */
#define SPEAR_MIC_GET_STATUS 2 /* JSON status, including last_error */

/* A new rtasr descriptor, or -errno. */
SPEAR_IMPORT("rtasr_create") int32_t spear_rtasr_create(void);
SPEAR_IMPORT("rtasr_ctl")
int32_t spear_rtasr_ctl(int32_t fd, int32_t cmd, void *arg, uint32_t *arg_len);
/* Queues PCM16 audio: the bytes accepted, or -SPEAR_EAGAIN while the send queue is full. */
SPEAR_IMPORT("rtasr_write") int32_t spear_rtasr_write(int32_t fd, const void *buf, int32_t len);
/* One backend event, verbatim: its byte count, -SPEAR_EAGAIN when none is pending, or
 * -SPEAR_ENOSPC with the size needed in *out_len (the event stays for the next read). */
SPEAR_IMPORT("rtasr_read") int32_t spear_rtasr_read(int32_t fd, void *out, uint32_t *out_len);
SPEAR_IMPORT("rtasr_close") int32_t spear_rtasr_close(int32_t fd);

/* A new mic descriptor, or -errno. */
SPEAR_IMPORT("mic_create") int32_t spear_mic_create(void);
SPEAR_IMPORT("mic_ctl") int32_t spear_mic_ctl(int32_t fd, int32_t cmd, void *arg, uint32_t *arg_len);
/* One PCM16 frame: its byte count, -SPEAR_EAGAIN before the next is due, or -SPEAR_ENOSPC. */
SPEAR_IMPORT("mic_read") int32_t spear_mic_read(int32_t fd, void *out, uint32_t *out_len);
SPEAR_IMPORT("mic_close") int32_t spear_mic_close(int32_t fd);

/* ---------------------------------------------------------------------------------------------
 * Key-value state (kv): values kept on SMS in the task's namespace (its `kv.namespace` config,
 * else the task's name), so an agent remembers across invocations. A guest names keys only; it
 * cannot reach another namespace. Keys are 1 to SPEAR_KV_MAX_KEY_BYTES of UTF-8 without control
 * characters, `/`-separated parts neither empty nor `.` or `..`; values are any bytes up to
 * SPEAR_KV_MAX_VALUE_BYTES. Every call waits on SMS (the guest's CPU slot is given back).
 *
 * Errors: -SPEAR_ENOENT no such key, -SPEAR_EAGAIN a compare-and-set whose version did not match,
 * -SPEAR_EINVAL a bad key, -SPEAR_EFBIG a value too large, -SPEAR_ENOSPC a buffer too small (the
 * size needed written to *out_len), -SPEAR_EFAULT a pointer outside memory, -SPEAR_EIO SMS not
 * reachable, -SPEAR_ETIMEDOUT the execution's time is up, -SPEAR_ENOMEM the namespace holds as
 * many keys as it may, -SPEAR_EACCES a task without a namespace. A refusal is explained in the
 * execution log.
 * ------------------------------------------------------------------------------------------- */
#define SPEAR_KV_MAX_KEY_BYTES 512
#define SPEAR_KV_MAX_VALUE_BYTES 1048576
#define SPEAR_KV_LIST_MAX_KEYS 1000

/* Reads a key into `out` (capacity in *out_len): the value's length (also in *out_len),
 * -SPEAR_ENOENT, or -SPEAR_ENOSPC with the length needed in *out_len. */
SPEAR_IMPORT("kv_get")
int32_t spear_kv_get(const uint8_t *key, uint32_t key_len, uint8_t *out, uint32_t *out_len);
/* Like spear_kv_get, also writing the key's version to *version (0 when the key does not exist,
 * so that spear_kv_cas with it creates the key). */
SPEAR_IMPORT("kv_get_versioned")
int32_t spear_kv_get_versioned(const uint8_t *key, uint32_t key_len, uint8_t *out,
                               uint32_t *out_len, uint64_t *version);
/* Writes a key whatever it holds: 0 or -errno. */
SPEAR_IMPORT("kv_set")
int32_t spear_kv_set(const uint8_t *key, uint32_t key_len, const uint8_t *val, uint32_t val_len);
/* Compare-and-set: writes a key only if it is at `expected_version` (0: only if it does not
 * exist). 0, or -SPEAR_EAGAIN when it holds another version: read it again and retry. */
SPEAR_IMPORT("kv_cas")
int32_t spear_kv_cas(const uint8_t *key, uint32_t key_len, const uint8_t *val, uint32_t val_len,
                     int64_t expected_version);
/* Deletes a key: 0 or -SPEAR_ENOENT. */
SPEAR_IMPORT("kv_delete") int32_t spear_kv_delete(const uint8_t *key, uint32_t key_len);
/* The keys starting with `prefix` (empty: all), at most SPEAR_KV_LIST_MAX_KEYS in byte order, each
 * followed by '\n': their length in bytes, or -SPEAR_ENOSPC with the length needed in *out_len. */
SPEAR_IMPORT("kv_list")
int32_t spear_kv_list(const uint8_t *prefix, uint32_t prefix_len, uint8_t *out, uint32_t *out_len);

/* ---------------------------------------------------------------------------------------------
 * Outbound HTTP (http_call), under the node's egress policy (docs/outbound-http.md). The request
 * is JSON: {"method", "url", "headers", "body_base64" | "body", "timeout_ms", "follow_redirects"};
 * header values may name secrets as ${secret:NAME}, which the host fills in (the guest never sees
 * them). On 0, `out` holds {"status", "headers", "body_base64"} for any HTTP status and *out_len
 * its length. -SPEAR_ENOSPC leaves the size needed in *out_len and keeps the response: the same
 * request bytes again receive it without a second request. Other results: -SPEAR_EACCES refused
 * by policy, -SPEAR_ETIMEDOUT, -SPEAR_EIO connection or TLS, -SPEAR_EINVAL malformed request,
 * -SPEAR_EFAULT bad pointer, -SPEAR_EFBIG body over the node's limit.
 * ------------------------------------------------------------------------------------------- */
SPEAR_IMPORT("http_call")
int32_t spear_http_call(const uint8_t *req, uint32_t req_len, uint8_t *out, uint32_t *out_len);

#ifdef __cplusplus
}
#endif

#endif /* SPEAR_SDK_SPEAR_H */
