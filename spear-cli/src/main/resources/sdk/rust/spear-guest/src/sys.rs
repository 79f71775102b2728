//! The raw `spear` import module. Generated from the runtime's guest ABI registry (io.spear.runtime.host.GuestAbi) by GuestAbiSources; do not edit.
//! Calls answer negative errno values; the safe wrappers are in the other modules.
#![allow(dead_code)]

// errno
/// Operation not permitted.
pub const EPERM: i32 = 1;
/// No such entry.
pub const ENOENT: i32 = 2;
/// Input/output error, also malformed arguments.
pub const EIO: i32 = 5;
/// Bad descriptor.
pub const EBADF: i32 = 9;
/// Nothing pending; try again.
pub const EAGAIN: i32 = 11;
/// Out of memory or descriptors.
pub const ENOMEM: i32 = 12;
/// Forbidden by policy.
pub const EACCES: i32 = 13;
/// A pointer outside the guest's memory.
pub const EFAULT: i32 = 14;
/// An invalid argument or command.
pub const EINVAL: i32 = 22;
/// A value larger than the limit allows.
pub const EFBIG: i32 = 27;
/// Buffer too small; the size needed was written back.
pub const ENOSPC: i32 = 28;
/// The other side is gone.
pub const EPIPE: i32 = 32;
/// Not implemented.
pub const ENOSYS: i32 = 38;
/// The peer reset the connection.
pub const ECONNRESET: i32 = 104;
/// Not connected, or not inside an execution.
pub const ENOTCONN: i32 = 107;
/// Timed out.
pub const ETIMEDOUT: i32 = 110;

// log
/// Log level trace.
pub const LOG_TRACE: i32 = 0;
/// Log level debug.
pub const LOG_DEBUG: i32 = 1;
/// Log level info.
pub const LOG_INFO: i32 = 2;
/// Log level warn.
pub const LOG_WARN: i32 = 3;
/// Log level error.
pub const LOG_ERROR: i32 = 4;
/// Longest log message.
pub const LOG_MAX_BYTES: i32 = 16384;

// chat
/// cchat_ctl: set {key, value}.
pub const CHAT_CTL_SET_PARAM: i32 = 1;
/// cchat_ctl: read metrics.
pub const CHAT_CTL_GET_METRICS: i32 = 2;
/// cchat_send: collect metrics.
pub const CHAT_SEND_METRICS: i32 = 1;
/// cchat_send: run tools.
pub const CHAT_SEND_AUTO_TOOLS: i32 = 2;

// epoll
/// Readable.
pub const EPOLLIN: i32 = 1;
/// Writable.
pub const EPOLLOUT: i32 = 4;
/// Failed.
pub const EPOLLERR: i32 = 8;
/// Hung up.
pub const EPOLLHUP: i32 = 16;
/// Adds a descriptor.
pub const EPOLL_CTL_ADD: i32 = 1;
/// Changes a descriptor's interest.
pub const EPOLL_CTL_MOD: i32 = 2;
/// Removes a descriptor.
pub const EPOLL_CTL_DEL: i32 = 3;
/// Sets or clears O_NONBLOCK.
pub const FD_CTL_SET_FLAGS: i32 = 1;
/// The flags as JSON.
pub const FD_CTL_GET_FLAGS: i32 = 2;
/// The kind as JSON.
pub const FD_CTL_GET_KIND: i32 = 3;
/// The status as JSON.
pub const FD_CTL_GET_STATUS: i32 = 4;
/// The metrics as JSON.
pub const FD_CTL_GET_METRICS: i32 = 5;

// stream
/// Inbound only.
pub const STREAM_IN: i32 = 1;
/// Outbound only.
pub const STREAM_OUT: i32 = 2;
/// Both ways.
pub const STREAM_BIDI: i32 = 3;
/// A client stream connected.
pub const STREAM_EVENT_CONNECTED: i32 = 1;
/// The stream session ended.
pub const STREAM_EVENT_SESSION_CLOSED: i32 = 2;
/// SSF header size.
pub const SSF_HEADER_BYTES: i32 = 32;
/// SSF version.
pub const SSF_VERSION: i32 = 1;
/// SSF request frame.
pub const SSF_REQUEST: i32 = 1;
/// SSF data frame.
pub const SSF_DATA: i32 = 2;
/// SSF error frame.
pub const SSF_ERROR: i32 = 3;
/// SSF cancel frame.
pub const SSF_CANCEL: i32 = 4;

// rtasr
/// Sets {key, value}.
pub const RTASR_SET_PARAM: i32 = 1;
/// Opens the backend session.
pub const RTASR_CONNECT: i32 = 2;
/// The status as JSON.
pub const RTASR_GET_STATUS: i32 = 3;
/// Sends a raw JSON event.
pub const RTASR_SEND_EVENT: i32 = 4;
/// Commits the audio sent so far.
pub const RTASR_FLUSH: i32 = 5;
/// Drops uncommitted audio.
pub const RTASR_CLEAR: i32 = 6;
/// Sets autoflush as JSON.
pub const RTASR_SET_AUTOFLUSH: i32 = 7;
/// Autoflush as JSON.
pub const RTASR_GET_AUTOFLUSH: i32 = 8;

// mic
/// Sets the JSON config.
pub const MIC_SET_PARAM: i32 = 1;
/// The status as JSON.
pub const MIC_GET_STATUS: i32 = 2;

// kv
/// Longest key, in UTF-8 bytes.
pub const KV_MAX_KEY_BYTES: i32 = 512;
/// Largest value, in bytes.
pub const KV_MAX_VALUE_BYTES: i32 = 1048576;
/// Most keys one kv_list answers.
pub const KV_LIST_MAX_KEYS: i32 = 1000;

#[link(wasm_import_module = "spear")]
extern "C" {
    /// Milliseconds since the Unix epoch.
    pub fn time_now_ms() -> i64;
    /// Seconds since the Unix epoch.
    pub fn wall_time_s() -> i64;
    /// A random 64-bit value from the host.
    pub fn random_i64() -> i64;
    /// Sleeps; cancellation ends the guest.
    pub fn sleep_ms(ms: i32);
    /// Appends one line to the execution log: 0 or -errno.
    pub fn log(level: i32, msg: *const u8, len: i32) -> i32;
    /// A new chat session descriptor, or -errno.
    pub fn cchat_create() -> i32;
    /// Appends a message {role, content}.
    pub fn cchat_write_msg(fd: i32, role: *const u8, role_len: i32, content: *const u8, content_len: i32) -> i32;
    /// Registers a tool: a function table index and its OpenAI tool JSON.
    pub fn cchat_write_fn(fd: i32, table_index: i32, json: *const u8, json_len: i32) -> i32;
    /// Sets a parameter or reads metrics (CHAT_CTL_*).
    pub fn cchat_ctl(fd: i32, cmd: i32, arg: *mut u8, arg_len: *mut u32) -> i32;
    /// Sends the session: a response descriptor, or -errno.
    pub fn cchat_send(fd: i32, flags: i32) -> i32;
    /// Copies a response's JSON: its length, or -errno.
    pub fn cchat_recv(fd: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Closes a session or a response.
    pub fn cchat_close(fd: i32) -> i32;
    /// A new epoll set descriptor, or -errno.
    pub fn spear_epoll_create() -> i32;
    /// Adds, changes or removes a descriptor's interest (EPOLL_CTL_*).
    pub fn spear_epoll_ctl(epfd: i32, op: i32, fd: i32, events: i32) -> i32;
    /// Waits and writes (fd, events) records: their count, 0 on timeout.
    pub fn spear_epoll_wait(epfd: i32, out: *mut u8, out_len: *mut u32, timeout_ms: i32) -> i32;
    /// Closes an epoll set.
    pub fn spear_epoll_close(fd: i32) -> i32;
    /// Controls or describes one descriptor (FD_CTL_*).
    pub fn spear_fd_ctl(fd: i32, cmd: i32, arg: *mut u8, arg_len: *mut u32) -> i32;
    /// The execution's stream control descriptor.
    pub fn user_stream_ctl_open() -> i32;
    /// One 8-byte control event, or -EAGAIN.
    pub fn user_stream_ctl_read(fd: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Opens a connected stream in a direction (STREAM_*).
    pub fn user_stream_open(stream_id: i32, direction: i32) -> i32;
    /// One whole SSF frame, or -EAGAIN.
    pub fn user_stream_read(fd: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Queues one SSF frame: 0 or -errno.
    pub fn user_stream_write(fd: i32, buf: *const u8, len: i32) -> i32;
    /// Closes a stream or the control descriptor.
    pub fn user_stream_close(fd: i32) -> i32;
    /// A new realtime ASR descriptor, or -errno.
    pub fn rtasr_create() -> i32;
    /// Configures, connects or describes ASR (RTASR_*).
    pub fn rtasr_ctl(fd: i32, cmd: i32, arg: *mut u8, arg_len: *mut u32) -> i32;
    /// Queues PCM16 audio: the bytes accepted, or -errno.
    pub fn rtasr_write(fd: i32, buf: *const u8, len: i32) -> i32;
    /// One backend event as JSON, or -EAGAIN.
    pub fn rtasr_read(fd: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Closes an ASR descriptor.
    pub fn rtasr_close(fd: i32) -> i32;
    /// A new microphone descriptor, or -errno.
    pub fn mic_create() -> i32;
    /// Configures or describes the microphone (MIC_*).
    pub fn mic_ctl(fd: i32, cmd: i32, arg: *mut u8, arg_len: *mut u32) -> i32;
    /// One PCM16 frame, or -EAGAIN before the next is due.
    pub fn mic_read(fd: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Closes a microphone descriptor.
    pub fn mic_close(fd: i32) -> i32;
    /// Reads a key of the task's namespace into out: its length, -ENOENT, or -ENOSPC with the size needed in *out_len.
    pub fn kv_get(key: *const u8, key_len: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Like kv_get, also writing the key's version to *version (0 when it does not exist).
    pub fn kv_get_versioned(key: *const u8, key_len: i32, out: *mut u8, out_len: *mut u32, version: *mut u8) -> i32;
    /// Writes a key whatever it holds: 0 or -errno.
    pub fn kv_set(key: *const u8, key_len: i32, val: *const u8, val_len: i32) -> i32;
    /// Writes a key only if it is at expected_version (0: only if it does not exist): 0, or -EAGAIN when another version is there.
    pub fn kv_cas(key: *const u8, key_len: i32, val: *const u8, val_len: i32, expected_version: i64) -> i32;
    /// Deletes a key: 0 or -ENOENT.
    pub fn kv_delete(key: *const u8, key_len: i32) -> i32;
    /// Writes the keys starting with prefix (at most KV_LIST_MAX_KEYS, in byte order), each ended by a newline: their length in bytes, or -ENOSPC with the size needed.
    pub fn kv_list(prefix: *const u8, prefix_len: i32, out: *mut u8, out_len: *mut u32) -> i32;
    /// Sends an HTTP request (JSON) under the node's egress policy and writes the response JSON: 0, or -errno.
    pub fn http_call(req: *const u8, req_len: i32, out: *mut u8, out_len: *mut u32) -> i32;
}
