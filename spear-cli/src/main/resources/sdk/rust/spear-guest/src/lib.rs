//! The guest SDK of Spear for the JVM, for Rust.
//!
//! A function built for `wasm32-wasi` (Rust 1.63, Debian) or `wasm32-wasip1` (current Rust) runs
//! on Spear as a WASI command: `main`'s arguments, the environment, stdin, stdout and the exit
//! code work as in any Rust program. On top of WASI the platform provides the `spear` import
//! module: [`sys`] declares it raw (generated from the runtime's ABI registry), and the other
//! modules wrap it safely:
//!
//! - [`log`], [`now_ms`], [`wall_time_s`], [`random_u64`], [`sleep_ms`]: the core calls;
//! - [`chat`]: chat sessions with tools written as Rust functions;
//! - [`stream`]: user streams (WebSocket clients of the execution), SSF frames, epoll;
//! - [`media`]: realtime speech recognition and the microphone.
//!
//! Every call answers [`Result`]; an [`Error`] carries the host's errno.

pub mod chat;
pub mod http;
pub mod json;
pub mod kv;
pub mod media;
pub mod stream;
pub mod sys;

use std::fmt;

/// A failed host call: the errno the host answered (positive, e.g. [`sys::EBADF`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Error(pub i32);

impl Error {
    /// The errno's short name ("EAGAIN"), for log lines.
    pub fn name(self) -> &'static str {
        match self.0 {
            sys::EPERM => "EPERM",
            sys::ENOENT => "ENOENT",
            sys::EIO => "EIO",
            sys::EBADF => "EBADF",
            sys::EAGAIN => "EAGAIN",
            sys::ENOMEM => "ENOMEM",
            sys::EACCES => "EACCES",
            sys::EFAULT => "EFAULT",
            sys::EINVAL => "EINVAL",
            sys::EFBIG => "EFBIG",
            sys::ENOSPC => "ENOSPC",
            sys::EPIPE => "EPIPE",
            sys::ENOSYS => "ENOSYS",
            sys::ECONNRESET => "ECONNRESET",
            sys::ENOTCONN => "ENOTCONN",
            sys::ETIMEDOUT => "ETIMEDOUT",
            _ => "E?",
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.0)
    }
}

impl std::error::Error for Error {}

/// The result of a host call.
pub type Result<T> = std::result::Result<T, Error>;

/// Turns a host answer (a count or descriptor, or -errno) into a result.
pub fn check(rc: i32) -> Result<i32> {
    if rc < 0 {
        Err(Error(-rc))
    } else {
        Ok(rc)
    }
}

/// `Ok(None)` for EAGAIN (nothing pending), the value otherwise.
pub(crate) fn pending<T>(result: Result<T>) -> Result<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(Error(sys::EAGAIN)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Reads one item with a call of the read shape `(out, out_len) -> len | -errno`, starting with
/// `initial` bytes and growing to the size the host asks for on ENOSPC (up to 4 tries).
pub fn read_grow<F>(initial: usize, mut read: F) -> Result<Vec<u8>>
where
    F: FnMut(*mut u8, *mut u32) -> i32,
{
    let mut cap = initial.max(1);
    for _ in 0..4 {
        let mut buf = vec![0u8; cap];
        let mut len = cap as u32;
        let rc = read(buf.as_mut_ptr(), &mut len);
        if rc >= 0 {
            buf.truncate(len as usize);
            return Ok(buf);
        }
        if rc != -sys::ENOSPC {
            return Err(Error(-rc));
        }
        cap = (len as usize).max(cap * 2);
    }
    Err(Error(sys::ENOSPC))
}

/// Log levels of [`log`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Trace = sys::LOG_TRACE as isize,
    Debug = sys::LOG_DEBUG as isize,
    Info = sys::LOG_INFO as isize,
    Warn = sys::LOG_WARN as isize,
    Error = sys::LOG_ERROR as isize,
}

/// Appends a line to the execution's log (`spear logs`), cut at [`sys::LOG_MAX_BYTES`]. Stdout
/// stays the function's output.
pub fn log(level: Level, message: &str) -> Result<()> {
    let mut end = message.len().min(sys::LOG_MAX_BYTES as usize);
    while !message.is_char_boundary(end) {
        end -= 1;
    }
    check(unsafe { sys::log(level as i32, message.as_ptr(), end as i32) }).map(|_| ())
}

/// Logs a formatted line at a level: `spear_log!(Info, "x = {}", x)`.
#[macro_export]
macro_rules! spear_log {
    ($level:ident, $($arg:tt)*) => {
        $crate::log($crate::Level::$level, &format!($($arg)*))
    };
}

/// Logs a formatted line at info level.
#[macro_export]
macro_rules! info {
    ($($arg:tt)*) => { $crate::spear_log!(Info, $($arg)*) };
}

/// Logs a formatted line at warn level.
#[macro_export]
macro_rules! warn {
    ($($arg:tt)*) => { $crate::spear_log!(Warn, $($arg)*) };
}

/// Logs a formatted line at error level.
#[macro_export]
macro_rules! error {
    ($($arg:tt)*) => { $crate::spear_log!(Error, $($arg)*) };
}

/// Milliseconds since the Unix epoch, from the host's clock.
pub fn now_ms() -> i64 {
    unsafe { sys::time_now_ms() }
}

/// Seconds since the Unix epoch, from the host's clock.
pub fn wall_time_s() -> i64 {
    unsafe { sys::wall_time_s() }
}

/// A random value from the host.
pub fn random_u64() -> u64 {
    unsafe { sys::random_i64() as u64 }
}

/// Sleeps; cancelling the execution ends the guest during the sleep.
pub fn sleep_ms(ms: u32) {
    unsafe { sys::sleep_ms(ms.min(i32::MAX as u32) as i32) }
}

/// A SET-style control call of the shape `(fd, cmd, arg, arg_len)`: the host reads `arg`.
/// (GET-style calls read like [`read_grow`]: the host writes into the buffer.)
pub(crate) fn control_set<F>(arg: &[u8], mut call: F) -> Result<i32>
where
    F: FnMut(*mut u8, *mut u32) -> i32,
{
    let mut buf = arg.to_vec();
    let mut len = buf.len() as u32;
    check(call(buf.as_mut_ptr(), &mut len))
}
