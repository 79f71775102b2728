//! User streams and readiness. Clients connect over WebSocket (an endpoint's `/e/{name}/ws`, or
//! `POST /api/v1/executions/{id}/streams/session`) and exchange SSF frames with the running
//! guest. [`Control`] announces streams as they connect and the end of the session; [`Stream`]
//! reads and writes one stream's frames; [`Epoll`] waits on any Spear descriptor.

use crate::{check, pending, read_grow, sys, Error, Result};

/// Readiness bits of [`Epoll`].
pub const EPOLLIN: i32 = sys::EPOLLIN;
/// Writable.
pub const EPOLLOUT: i32 = sys::EPOLLOUT;
/// Failed.
pub const EPOLLERR: i32 = sys::EPOLLERR;
/// Hung up.
pub const EPOLLHUP: i32 = sys::EPOLLHUP;

/// Anything with a Spear descriptor.
pub trait Descriptor {
    /// The raw descriptor.
    fn fd(&self) -> i32;

    /// Makes reads answer `Ok(None)` instead of blocking (or blocking again).
    fn set_nonblocking(&self, on: bool) -> Result<()> {
        let arg: &[u8] = if on {
            b"{\"set\":[\"O_NONBLOCK\"]}"
        } else {
            b"{\"clear\":[\"O_NONBLOCK\"]}"
        };
        crate::control_set(arg, |a, len| unsafe {
            sys::spear_fd_ctl(self.fd(), sys::FD_CTL_SET_FLAGS, a, len)
        })
        .map(|_| ())
    }

    /// The descriptor's status as JSON.
    fn status(&self) -> Result<String> {
        let bytes = read_grow(1024, |out, len| unsafe {
            sys::spear_fd_ctl(self.fd(), sys::FD_CTL_GET_STATUS, out, len)
        })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// An event of the stream control descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Event {
    /// A client stream connected: open it with [`Stream::open`].
    Connected(u32),
    /// The stream session ended.
    SessionClosed,
    /// An event kind this SDK does not know.
    Other(u32, u32),
}

/// The execution's stream control descriptor; closed when dropped.
pub struct Control {
    fd: i32,
}

impl Control {
    /// Opens it (ENOTCONN outside an execution).
    pub fn open() -> Result<Control> {
        Ok(Control { fd: check(unsafe { sys::user_stream_ctl_open() })? })
    }

    /// The next event, or `None` when none is pending.
    pub fn next_event(&self) -> Result<Option<Event>> {
        let mut record = [0u8; 8];
        let mut len = record.len() as u32;
        let rc = unsafe { sys::user_stream_ctl_read(self.fd, record.as_mut_ptr(), &mut len) };
        Ok(pending(check(rc))?.map(|_| {
            let id = u32::from_le_bytes([record[0], record[1], record[2], record[3]]);
            let kind = u32::from_le_bytes([record[4], record[5], record[6], record[7]]);
            match kind as i32 {
                sys::STREAM_EVENT_CONNECTED => Event::Connected(id),
                sys::STREAM_EVENT_SESSION_CLOSED => Event::SessionClosed,
                _ => Event::Other(id, kind),
            }
        }))
    }
}

impl Descriptor for Control {
    fn fd(&self) -> i32 {
        self.fd
    }
}

impl Drop for Control {
    fn drop(&mut self) {
        unsafe { sys::user_stream_close(self.fd) };
    }
}

/// Which way a stream is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    In = sys::STREAM_IN as isize,
    Out = sys::STREAM_OUT as isize,
    Both = sys::STREAM_BIDI as isize,
}

/// One client stream; closed when dropped.
pub struct Stream {
    fd: i32,
    id: u32,
    seq: u64,
}

impl Stream {
    /// Opens a stream announced by [`Event::Connected`].
    pub fn open(id: u32, direction: Direction) -> Result<Stream> {
        let fd = check(unsafe { sys::user_stream_open(id as i32, direction as i32) })?;
        Ok(Stream { fd, id, seq: 0 })
    }

    /// The stream id.
    pub fn id(&self) -> u32 {
        self.id
    }

    /// The next whole SSF frame, or `None` when none is pending.
    pub fn read(&self) -> Result<Option<Vec<u8>>> {
        pending(read_grow(64 * 1024, |out, len| unsafe { sys::user_stream_read(self.fd, out, len) }))
    }

    /// Queues one SSF frame; EAGAIN when the queue is full, EPIPE when the client is gone.
    pub fn write_frame(&self, frame: &[u8]) -> Result<()> {
        check(unsafe { sys::user_stream_write(self.fd, frame.as_ptr(), frame.len() as i32) })
            .map(|_| ())
    }

    /// Sends `data` as the next DATA frame, waiting (a second at a time) while the queue is full.
    pub fn send(&mut self, data: &[u8]) -> Result<()> {
        self.seq += 1;
        let frame = Frame::data(self.id, self.seq, b"{}", data).build();
        loop {
            match self.write_frame(&frame) {
                Err(Error(sys::EAGAIN)) => {
                    let epoll = Epoll::new()?;
                    epoll.add(self.fd, EPOLLOUT | EPOLLHUP | EPOLLERR)?;
                    epoll.wait(1, 1000)?;
                }
                other => return other,
            }
        }
    }
}

impl Descriptor for Stream {
    fn fd(&self) -> i32 {
        self.fd
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        unsafe { sys::user_stream_close(self.fd) };
    }
}

/// An SSF v1 frame: a 32-byte little-endian header, metadata (JSON, may be empty), data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub msg_type: u16,
    pub flags: u16,
    pub stream_id: u32,
    pub seq: u64,
    pub meta: Vec<u8>,
    pub data: Vec<u8>,
}

impl Frame {
    /// A DATA frame.
    pub fn data(stream_id: u32, seq: u64, meta: &[u8], data: &[u8]) -> Frame {
        Frame {
            msg_type: sys::SSF_DATA as u16,
            flags: 0,
            stream_id,
            seq,
            meta: meta.to_vec(),
            data: data.to_vec(),
        }
    }

    /// Parses a frame (EINVAL when malformed).
    pub fn parse(buf: &[u8]) -> Result<Frame> {
        let header = sys::SSF_HEADER_BYTES as usize;
        if buf.len() < header || &buf[..4] != b"SPST" {
            return Err(Error(sys::EINVAL));
        }
        let u16_at = |i: usize| u16::from_le_bytes([buf[i], buf[i + 1]]);
        let u32_at = |i: usize| u32::from_le_bytes([buf[i], buf[i + 1], buf[i + 2], buf[i + 3]]);
        let start = u16_at(6) as usize;
        let (meta_len, data_len) = (u32_at(24) as usize, u32_at(28) as usize);
        if start < header || start > buf.len() || start + meta_len + data_len != buf.len() {
            return Err(Error(sys::EINVAL));
        }
        Ok(Frame {
            msg_type: u16_at(8),
            flags: u16_at(10),
            stream_id: u32_at(12),
            seq: u32_at(16) as u64 | (u32_at(20) as u64) << 32,
            meta: buf[start..start + meta_len].to_vec(),
            data: buf[start + meta_len..].to_vec(),
        })
    }

    /// The frame's bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(32 + self.meta.len() + self.data.len());
        out.extend_from_slice(b"SPST");
        out.extend_from_slice(&[sys::SSF_VERSION as u8, 0]);
        out.extend_from_slice(&(sys::SSF_HEADER_BYTES as u16).to_le_bytes());
        out.extend_from_slice(&self.msg_type.to_le_bytes());
        out.extend_from_slice(&self.flags.to_le_bytes());
        out.extend_from_slice(&self.stream_id.to_le_bytes());
        out.extend_from_slice(&self.seq.to_le_bytes());
        out.extend_from_slice(&(self.meta.len() as u32).to_le_bytes());
        out.extend_from_slice(&(self.data.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.meta);
        out.extend_from_slice(&self.data);
        out
    }
}

/// An epoll set over Spear descriptors; closed when dropped.
pub struct Epoll {
    fd: i32,
}

impl Epoll {
    /// A new, empty set.
    pub fn new() -> Result<Epoll> {
        Ok(Epoll { fd: check(unsafe { sys::spear_epoll_create() })? })
    }

    /// Watches `fd` for `events` (HUP and ERR are reported only when asked for).
    pub fn add(&self, fd: i32, events: i32) -> Result<()> {
        self.ctl(sys::EPOLL_CTL_ADD, fd, events)
    }

    /// Changes the events watched on `fd`.
    pub fn modify(&self, fd: i32, events: i32) -> Result<()> {
        self.ctl(sys::EPOLL_CTL_MOD, fd, events)
    }

    /// Stops watching `fd`.
    pub fn remove(&self, fd: i32) -> Result<()> {
        self.ctl(sys::EPOLL_CTL_DEL, fd, 0)
    }

    fn ctl(&self, op: i32, fd: i32, events: i32) -> Result<()> {
        check(unsafe { sys::spear_epoll_ctl(self.fd, op, fd, events) }).map(|_| ())
    }

    /// Waits up to `timeout_ms` (negative: until ready) for at most `max` ready descriptors:
    /// `(fd, events)` pairs sorted by descriptor, empty on timeout.
    pub fn wait(&self, max: usize, timeout_ms: i32) -> Result<Vec<(i32, i32)>> {
        let mut records = vec![0u8; max.max(1) * 8];
        let mut len = records.len() as u32;
        let count = check(unsafe {
            sys::spear_epoll_wait(self.fd, records.as_mut_ptr(), &mut len, timeout_ms)
        })? as usize;
        Ok(records
            .chunks_exact(8)
            .take(count)
            .map(|r| {
                let fd = i32::from_le_bytes([r[0], r[1], r[2], r[3]]);
                (fd, i32::from_le_bytes([r[4], r[5], r[6], r[7]]))
            })
            .collect())
    }
}

impl Drop for Epoll {
    fn drop(&mut self) {
        unsafe { sys::spear_epoll_close(self.fd) };
    }
}
