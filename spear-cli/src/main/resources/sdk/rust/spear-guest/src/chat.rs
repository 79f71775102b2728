//! Chat completion: a [`Chat`] session collects messages, parameters and tools; [`Chat::send`]
//! asks the node's language model backend and answers a [`Response`] with the backend's JSON
//! (OpenAI's chat completion object plus `"_spear": {"backend", "model"}`; backend failures are
//! `{"error": {...}}`).
//!
//! Tools are Rust functions the host calls while `send` runs with [`AUTO_TOOLS`]: implement
//! [`Tool`] and register it with [`Chat::tool`]. The host reaches the function through the
//! module's exported function table, so link with `-C link-arg=--export-table` (the templates'
//! build.sh does).

use crate::{check, json, read_grow, sys, Result};

/// `send` flag: run registered tools inside the call until the model answers.
pub const AUTO_TOOLS: i32 = sys::CHAT_SEND_AUTO_TOOLS;
/// `send` flag: collect metrics, read with [`Response::metrics`].
pub const METRICS: i32 = sys::CHAT_SEND_METRICS;

const ARENA_BYTES: usize = 64 * 1024;

/// A tool the model may call: its OpenAI function tool JSON and its body.
pub trait Tool {
    /// `{"type":"function","function":{"name":..., "description":..., "parameters":{...}}}`.
    const SPEC: &'static str;
    /// Answers the call's JSON arguments with the result text (usually JSON) for the model.
    fn call(args: &str) -> String;
}

/// A chat session; closed when dropped.
pub struct Chat {
    fd: i32,
    arena: Vec<u8>,
}

impl Chat {
    /// A new session.
    pub fn new() -> Result<Chat> {
        let fd = check(unsafe { sys::cchat_create() })?;
        Ok(Chat { fd, arena: Vec::new() })
    }

    /// The session's descriptor.
    pub fn fd(&self) -> i32 {
        self.fd
    }

    /// Appends a message ("system", "user", "assistant", "tool").
    pub fn message(&mut self, role: &str, content: &str) -> Result<&mut Chat> {
        check(unsafe {
            sys::cchat_write_msg(
                self.fd,
                role.as_ptr(),
                role.len() as i32,
                content.as_ptr(),
                content.len() as i32,
            )
        })?;
        Ok(self)
    }

    /// Sets parameter `key` to a JSON value given as text (`10`, `true`, `"gpt-4o-mini"`).
    pub fn param_json(&mut self, key: &str, value_json: &str) -> Result<&mut Chat> {
        let body = format!("{{\"key\":{},\"value\":{}}}", json::string(key), value_json);
        crate::control_set(body.as_bytes(), |arg, len| unsafe {
            sys::cchat_ctl(self.fd, sys::CHAT_CTL_SET_PARAM, arg, len)
        })?;
        Ok(self)
    }

    /// Sets parameter `key` to a string ("model", "backend", ...).
    pub fn param_str(&mut self, key: &str, value: &str) -> Result<&mut Chat> {
        self.param_json(key, &json::string(value))
    }

    /// Sets parameter `key` to an integer ("timeout_ms", "max_iterations", ...).
    pub fn param_i64(&mut self, key: &str, value: i64) -> Result<&mut Chat> {
        self.param_json(key, &value.to_string())
    }

    /// Registers `T` as a tool, and gives the host a scratch area for tool calls the first time.
    pub fn tool<T: Tool>(&mut self) -> Result<&mut Chat> {
        let index = trampoline::<T> as extern "C" fn(*const u8, i32, *mut u8, *mut u32) -> i32
            as usize as i32;
        check(unsafe {
            sys::cchat_write_fn(self.fd, index, T::SPEC.as_ptr(), T::SPEC.len() as i32)
        })?;
        if self.arena.is_empty() {
            // The heap buffer stays put while the Chat value moves around.
            self.arena = vec![0u8; ARENA_BYTES];
            let ptr = self.arena.as_ptr() as usize as i64;
            self.param_i64("tool_arena_ptr", ptr)?;
            self.param_i64("tool_arena_len", ARENA_BYTES as i64)?;
        }
        Ok(self)
    }

    /// Sends the session (flags: [`AUTO_TOOLS`], [`METRICS`]); blocks until the answer is complete.
    pub fn send(&mut self, flags: i32) -> Result<Response> {
        let fd = check(unsafe { sys::cchat_send(self.fd, flags) })?;
        Ok(Response { fd })
    }
}

impl Drop for Chat {
    fn drop(&mut self) {
        unsafe { sys::cchat_close(self.fd) };
    }
}

/// A chat response; closed when dropped.
pub struct Response {
    fd: i32,
}

impl Response {
    /// The response's descriptor.
    pub fn fd(&self) -> i32 {
        self.fd
    }

    /// The backend's JSON (as often as wanted).
    pub fn json(&self) -> Result<String> {
        let bytes = read_grow(64 * 1024, |out, len| unsafe { sys::cchat_recv(self.fd, out, len) })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// The first message content of the answer, or `None` (a backend error, or no text).
    pub fn content(&self) -> Result<Option<String>> {
        let body = self.json()?;
        if body.starts_with("{\"error\"") {
            return Ok(None);
        }
        Ok(json::find_str(&body, "content"))
    }

    /// The metrics JSON of a response sent with [`METRICS`].
    pub fn metrics(&self) -> Result<String> {
        let bytes = read_grow(1024, |out, len| unsafe {
            sys::cchat_ctl(self.fd, sys::CHAT_CTL_GET_METRICS, out, len)
        })?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }
}

impl Drop for Response {
    fn drop(&mut self) {
        unsafe { sys::cchat_close(self.fd) };
    }
}

/// What the host calls through the function table: arguments in, the result written to `out`
/// (capacity `*out_len`), or -ENOSPC with the size needed to be called again.
extern "C" fn trampoline<T: Tool>(
    args: *const u8,
    args_len: i32,
    out: *mut u8,
    out_len: *mut u32,
) -> i32 {
    let args = unsafe { std::slice::from_raw_parts(args, args_len.max(0) as usize) };
    let result = T::call(&String::from_utf8_lossy(args));
    let cap = unsafe { *out_len } as usize;
    unsafe { *out_len = result.len() as u32 };
    if result.len() > cap {
        return -sys::ENOSPC;
    }
    unsafe { std::ptr::copy_nonoverlapping(result.as_ptr(), out, result.len()) };
    0
}
