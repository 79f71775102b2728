//! Realtime speech recognition ([`Asr`]) and the microphone ([`Mic`]). An `Asr` streams PCM16
//! audio to the node's speech-to-text backend (an `openai_realtime_ws` backend in its `llm:`
//! config) and reads the backend's events back as JSON, one per read. A `Mic` reads PCM16
//! frames from the node's configured audio source at real-time pace. Both are descriptors, so
//! [`crate::stream::Epoll`] waits on them.

use crate::stream::Descriptor;
use crate::{check, control_set, json, pending, read_grow, sys, Result};

fn text(bytes: Vec<u8>) -> String {
    String::from_utf8_lossy(&bytes).into_owned()
}

/// A realtime speech recognition session; closed when dropped.
pub struct Asr {
    fd: i32,
}

impl Asr {
    /// A new session (not connected yet).
    pub fn new() -> Result<Asr> {
        Ok(Asr { fd: check(unsafe { sys::rtasr_create() })? })
    }

    fn set(&self, cmd: i32, arg: &[u8]) -> Result<()> {
        control_set(arg, |a, len| unsafe { sys::rtasr_ctl(self.fd, cmd, a, len) }).map(|_| ())
    }

    fn get(&self, cmd: i32) -> Result<String> {
        read_grow(8 * 1024, |out, len| unsafe { sys::rtasr_ctl(self.fd, cmd, out, len) }).map(text)
    }

    /// Sets parameter `key` to a JSON value given as text.
    pub fn param_json(&self, key: &str, value_json: &str) -> Result<()> {
        let body = format!("{{\"key\":{},\"value\":{}}}", json::string(key), value_json);
        self.set(sys::RTASR_SET_PARAM, body.as_bytes())
    }

    /// Opens the backend session (EIO with the reason in [`Asr::status`]).
    pub fn connect(&self) -> Result<()> {
        self.set(sys::RTASR_CONNECT, b"")
    }

    /// The session's status as JSON, including `last_error`.
    pub fn status(&self) -> Result<String> {
        self.get(sys::RTASR_GET_STATUS)
    }

    /// Sends a raw JSON event to the backend.
    pub fn send_event(&self, event_json: &str) -> Result<()> {
        self.set(sys::RTASR_SEND_EVENT, event_json.as_bytes())
    }

    /// Commits the audio sent so far.
    pub fn flush(&self) -> Result<()> {
        self.set(sys::RTASR_FLUSH, b"")
    }

    /// Drops audio not yet committed.
    pub fn clear(&self) -> Result<()> {
        self.set(sys::RTASR_CLEAR, b"")
    }

    /// Sets the autoflush settings (JSON).
    pub fn set_autoflush(&self, settings_json: &str) -> Result<()> {
        self.set(sys::RTASR_SET_AUTOFLUSH, settings_json.as_bytes())
    }

    /// The autoflush settings as JSON.
    pub fn autoflush(&self) -> Result<String> {
        self.get(sys::RTASR_GET_AUTOFLUSH)
    }

    /// Queues PCM16 audio: the bytes accepted, or `None` while the send queue is full.
    pub fn write(&self, pcm16: &[u8]) -> Result<Option<usize>> {
        let rc = unsafe { sys::rtasr_write(self.fd, pcm16.as_ptr(), pcm16.len() as i32) };
        Ok(pending(check(rc))?.map(|n| n as usize))
    }

    /// The next backend event (JSON), or `None` when none is pending.
    pub fn read_event(&self) -> Result<Option<String>> {
        let read = read_grow(8 * 1024, |out, len| unsafe { sys::rtasr_read(self.fd, out, len) });
        Ok(pending(read)?.map(text))
    }
}

impl Descriptor for Asr {
    fn fd(&self) -> i32 {
        self.fd
    }
}

impl Drop for Asr {
    fn drop(&mut self) {
        unsafe { sys::rtasr_close(self.fd) };
    }
}

/// The node's microphone; closed when dropped.
pub struct Mic {
    fd: i32,
}

impl Mic {
    /// A new microphone descriptor.
    pub fn new() -> Result<Mic> {
        Ok(Mic { fd: check(unsafe { sys::mic_create() })? })
    }

    /// Configures it: `{"sample_rate_hz":16000,"channels":1,"frame_ms":20,"format":"pcm16",...}`.
    pub fn configure(&self, config_json: &str) -> Result<()> {
        control_set(config_json.as_bytes(), |a, len| unsafe {
            sys::mic_ctl(self.fd, sys::MIC_SET_PARAM, a, len)
        })
        .map(|_| ())
    }

    /// The status as JSON, including `last_error`.
    pub fn status(&self) -> Result<String> {
        read_grow(8 * 1024, |out, len| unsafe {
            sys::mic_ctl(self.fd, sys::MIC_GET_STATUS, out, len)
        })
        .map(text)
    }

    /// The next PCM16 frame, or `None` before it is due.
    pub fn read_frame(&self) -> Result<Option<Vec<u8>>> {
        pending(read_grow(8 * 1024, |out, len| unsafe { sys::mic_read(self.fd, out, len) }))
    }
}

impl Descriptor for Mic {
    fn fd(&self) -> i32 {
        self.fd
    }
}

impl Drop for Mic {
    fn drop(&mut self) {
        unsafe { sys::mic_close(self.fd) };
    }
}
