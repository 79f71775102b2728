// The raw `spear` import module. Generated from the runtime's guest ABI registry (io.spear.runtime.host.GuestAbi) by GuestAbiSources; do not edit.
// Calls answer negative errno values; the safe wrappers are in index.ts.

// errno
/** Operation not permitted. */
export const EPERM: i32 = 1;
/** No such entry. */
export const ENOENT: i32 = 2;
/** Input/output error, also malformed arguments. */
export const EIO: i32 = 5;
/** Bad descriptor. */
export const EBADF: i32 = 9;
/** Nothing pending; try again. */
export const EAGAIN: i32 = 11;
/** Out of memory or descriptors. */
export const ENOMEM: i32 = 12;
/** Forbidden by policy. */
export const EACCES: i32 = 13;
/** A pointer outside the guest's memory. */
export const EFAULT: i32 = 14;
/** An invalid argument or command. */
export const EINVAL: i32 = 22;
/** A value larger than the limit allows. */
export const EFBIG: i32 = 27;
/** Buffer too small; the size needed was written back. */
export const ENOSPC: i32 = 28;
/** The other side is gone. */
export const EPIPE: i32 = 32;
/** Not implemented. */
export const ENOSYS: i32 = 38;
/** The peer reset the connection. */
export const ECONNRESET: i32 = 104;
/** Not connected, or not inside an execution. */
export const ENOTCONN: i32 = 107;
/** Timed out. */
export const ETIMEDOUT: i32 = 110;

// log
/** Log level trace. */
export const LOG_TRACE: i32 = 0;
/** Log level debug. */
export const LOG_DEBUG: i32 = 1;
/** Log level info. */
export const LOG_INFO: i32 = 2;
/** Log level warn. */
export const LOG_WARN: i32 = 3;
/** Log level error. */
export const LOG_ERROR: i32 = 4;
/** Longest log message. */
export const LOG_MAX_BYTES: i32 = 16384;

// chat
/** cchat_ctl: set {key, value}. */
export const CHAT_CTL_SET_PARAM: i32 = 1;
/** cchat_ctl: read metrics. */
export const CHAT_CTL_GET_METRICS: i32 = 2;
/** cchat_send: collect metrics. */
export const CHAT_SEND_METRICS: i32 = 1;
/** cchat_send: run tools. */
export const CHAT_SEND_AUTO_TOOLS: i32 = 2;

// epoll
/** Readable. */
export const EPOLLIN: i32 = 1;
/** Writable. */
export const EPOLLOUT: i32 = 4;
/** Failed. */
export const EPOLLERR: i32 = 8;
/** Hung up. */
export const EPOLLHUP: i32 = 16;
/** Adds a descriptor. */
export const EPOLL_CTL_ADD: i32 = 1;
/** Changes a descriptor's interest. */
export const EPOLL_CTL_MOD: i32 = 2;
/** Removes a descriptor. */
export const EPOLL_CTL_DEL: i32 = 3;
/** Sets or clears O_NONBLOCK. */
export const FD_CTL_SET_FLAGS: i32 = 1;
/** The flags as JSON. */
export const FD_CTL_GET_FLAGS: i32 = 2;
/** The kind as JSON. */
export const FD_CTL_GET_KIND: i32 = 3;
/** The status as JSON. */
export const FD_CTL_GET_STATUS: i32 = 4;
/** The metrics as JSON. */
export const FD_CTL_GET_METRICS: i32 = 5;

// stream
/** Inbound only. */
export const STREAM_IN: i32 = 1;
/** Outbound only. */
export const STREAM_OUT: i32 = 2;
/** Both ways. */
export const STREAM_BIDI: i32 = 3;
/** A client stream connected. */
export const STREAM_EVENT_CONNECTED: i32 = 1;
/** The stream session ended. */
export const STREAM_EVENT_SESSION_CLOSED: i32 = 2;
/** SSF header size. */
export const SSF_HEADER_BYTES: i32 = 32;
/** SSF version. */
export const SSF_VERSION: i32 = 1;
/** SSF request frame. */
export const SSF_REQUEST: i32 = 1;
/** SSF data frame. */
export const SSF_DATA: i32 = 2;
/** SSF error frame. */
export const SSF_ERROR: i32 = 3;
/** SSF cancel frame. */
export const SSF_CANCEL: i32 = 4;

// rtasr
/** Sets {key, value}. */
export const RTASR_SET_PARAM: i32 = 1;
/** Opens the backend session. */
export const RTASR_CONNECT: i32 = 2;
/** The status as JSON. */
export const RTASR_GET_STATUS: i32 = 3;
/** Sends a raw JSON event. */
export const RTASR_SEND_EVENT: i32 = 4;
/** Commits the audio sent so far. */
export const RTASR_FLUSH: i32 = 5;
/** Drops uncommitted audio. */
export const RTASR_CLEAR: i32 = 6;
/** Sets autoflush as JSON. */
export const RTASR_SET_AUTOFLUSH: i32 = 7;
/** Autoflush as JSON. */
export const RTASR_GET_AUTOFLUSH: i32 = 8;

// mic
/** Sets the JSON config. */
export const MIC_SET_PARAM: i32 = 1;
/** The status as JSON. */
export const MIC_GET_STATUS: i32 = 2;

// kv
/** Longest key, in UTF-8 bytes. */
export const KV_MAX_KEY_BYTES: i32 = 512;
/** Largest value, in bytes. */
export const KV_MAX_VALUE_BYTES: i32 = 1048576;
/** Most keys one kv_list answers. */
export const KV_LIST_MAX_KEYS: i32 = 1000;

/** Milliseconds since the Unix epoch. */
@external("spear", "time_now_ms")
export declare function time_now_ms(): i64;
/** Seconds since the Unix epoch. */
@external("spear", "wall_time_s")
export declare function wall_time_s(): i64;
/** A random 64-bit value from the host. */
@external("spear", "random_i64")
export declare function random_i64(): i64;
/** Sleeps; cancellation ends the guest. */
@external("spear", "sleep_ms")
export declare function sleep_ms(ms: i32): void;
/** Appends one line to the execution log: 0 or -errno. */
@external("spear", "log")
export declare function log(level: i32, msg: usize, len: i32): i32;
/** A new chat session descriptor, or -errno. */
@external("spear", "cchat_create")
export declare function cchat_create(): i32;
/** Appends a message {role, content}. */
@external("spear", "cchat_write_msg")
export declare function cchat_write_msg(fd: i32, role: usize, role_len: i32, content: usize, content_len: i32): i32;
/** Registers a tool: a function table index and its OpenAI tool JSON. */
@external("spear", "cchat_write_fn")
export declare function cchat_write_fn(fd: i32, table_index: i32, json: usize, json_len: i32): i32;
/** Sets a parameter or reads metrics (CHAT_CTL_*). */
@external("spear", "cchat_ctl")
export declare function cchat_ctl(fd: i32, cmd: i32, arg: usize, arg_len: usize): i32;
/** Sends the session: a response descriptor, or -errno. */
@external("spear", "cchat_send")
export declare function cchat_send(fd: i32, flags: i32): i32;
/** Copies a response's JSON: its length, or -errno. */
@external("spear", "cchat_recv")
export declare function cchat_recv(fd: i32, out: usize, out_len: usize): i32;
/** Closes a session or a response. */
@external("spear", "cchat_close")
export declare function cchat_close(fd: i32): i32;
/** A new epoll set descriptor, or -errno. */
@external("spear", "spear_epoll_create")
export declare function spear_epoll_create(): i32;
/** Adds, changes or removes a descriptor's interest (EPOLL_CTL_*). */
@external("spear", "spear_epoll_ctl")
export declare function spear_epoll_ctl(epfd: i32, op: i32, fd: i32, events: i32): i32;
/** Waits and writes (fd, events) records: their count, 0 on timeout. */
@external("spear", "spear_epoll_wait")
export declare function spear_epoll_wait(epfd: i32, out: usize, out_len: usize, timeout_ms: i32): i32;
/** Closes an epoll set. */
@external("spear", "spear_epoll_close")
export declare function spear_epoll_close(fd: i32): i32;
/** Controls or describes one descriptor (FD_CTL_*). */
@external("spear", "spear_fd_ctl")
export declare function spear_fd_ctl(fd: i32, cmd: i32, arg: usize, arg_len: usize): i32;
/** The execution's stream control descriptor. */
@external("spear", "user_stream_ctl_open")
export declare function user_stream_ctl_open(): i32;
/** One 8-byte control event, or -EAGAIN. */
@external("spear", "user_stream_ctl_read")
export declare function user_stream_ctl_read(fd: i32, out: usize, out_len: usize): i32;
/** Opens a connected stream in a direction (STREAM_*). */
@external("spear", "user_stream_open")
export declare function user_stream_open(stream_id: i32, direction: i32): i32;
/** One whole SSF frame, or -EAGAIN. */
@external("spear", "user_stream_read")
export declare function user_stream_read(fd: i32, out: usize, out_len: usize): i32;
/** Queues one SSF frame: 0 or -errno. */
@external("spear", "user_stream_write")
export declare function user_stream_write(fd: i32, buf: usize, len: i32): i32;
/** Closes a stream or the control descriptor. */
@external("spear", "user_stream_close")
export declare function user_stream_close(fd: i32): i32;
/** A new realtime ASR descriptor, or -errno. */
@external("spear", "rtasr_create")
export declare function rtasr_create(): i32;
/** Configures, connects or describes ASR (RTASR_*). */
@external("spear", "rtasr_ctl")
export declare function rtasr_ctl(fd: i32, cmd: i32, arg: usize, arg_len: usize): i32;
/** Queues PCM16 audio: the bytes accepted, or -errno. */
@external("spear", "rtasr_write")
export declare function rtasr_write(fd: i32, buf: usize, len: i32): i32;
/** One backend event as JSON, or -EAGAIN. */
@external("spear", "rtasr_read")
export declare function rtasr_read(fd: i32, out: usize, out_len: usize): i32;
/** Closes an ASR descriptor. */
@external("spear", "rtasr_close")
export declare function rtasr_close(fd: i32): i32;
/** A new microphone descriptor, or -errno. */
@external("spear", "mic_create")
export declare function mic_create(): i32;
/** Configures or describes the microphone (MIC_*). */
@external("spear", "mic_ctl")
export declare function mic_ctl(fd: i32, cmd: i32, arg: usize, arg_len: usize): i32;
/** One PCM16 frame, or -EAGAIN before the next is due. */
@external("spear", "mic_read")
export declare function mic_read(fd: i32, out: usize, out_len: usize): i32;
/** Closes a microphone descriptor. */
@external("spear", "mic_close")
export declare function mic_close(fd: i32): i32;
/** Reads a key of the task's namespace into out: its length, -ENOENT, or -ENOSPC with the size needed in *out_len. */
@external("spear", "kv_get")
export declare function kv_get(key: usize, key_len: i32, out: usize, out_len: usize): i32;
/** Like kv_get, also writing the key's version to *version (0 when it does not exist). */
@external("spear", "kv_get_versioned")
export declare function kv_get_versioned(key: usize, key_len: i32, out: usize, out_len: usize, version: usize): i32;
/** Writes a key whatever it holds: 0 or -errno. */
@external("spear", "kv_set")
export declare function kv_set(key: usize, key_len: i32, val: usize, val_len: i32): i32;
/** Writes a key only if it is at expected_version (0: only if it does not exist): 0, or -EAGAIN when another version is there. */
@external("spear", "kv_cas")
export declare function kv_cas(key: usize, key_len: i32, val: usize, val_len: i32, expected_version: i64): i32;
/** Deletes a key: 0 or -ENOENT. */
@external("spear", "kv_delete")
export declare function kv_delete(key: usize, key_len: i32): i32;
/** Writes the keys starting with prefix (at most KV_LIST_MAX_KEYS, in byte order), each ended by a newline: their length in bytes, or -ENOSPC with the size needed. */
@external("spear", "kv_list")
export declare function kv_list(prefix: usize, prefix_len: i32, out: usize, out_len: usize): i32;
/** Sends an HTTP request (JSON) under the node's egress policy and writes the response JSON: 0, or -errno. */
@external("spear", "http_call")
export declare function http_call(req: usize, req_len: i32, out: usize, out_len: usize): i32;
