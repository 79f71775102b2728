//! {{name}}: an agent. It owns the endpoint `{{name}}`: WebSocket clients of
//! ws://<sms>/e/{{name}}/ws (subprotocol ssf.v1) start it with their first connection and send
//! user messages, one SSF frame each (the console's Chat page and docs/streams/StreamEcho.java
//! do). Each client (stream) has its own conversation: a chat session that keeps every message of
//! the execution, so a turn sees the turns before it. The model may call `add`, a Rust function of
//! this guest, while the host runs the chat (chat::AUTO_TOOLS). Each answer goes back as one DATA
//! frame with the message's sequence number. The agent ends when the last client disconnects.
//!
//! The node needs an LLM backend in its --config, e.g.
//!   llm:
//!     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
//!     backends:
//!       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
//!          credential_ref: openai, features: [supports_tools]}
//! Without one, each answer is a one-line error saying so.

use spear_guest::chat::{self, Chat, Tool};
use spear_guest::stream::{self, Control, Descriptor, Direction, Epoll, Event, Frame, Stream};
use spear_guest::{json, sys, Error};
use std::collections::HashMap;
use std::process::ExitCode;

const SYSTEM_PROMPT: &str =
    "You are a helpful agent. Answer briefly. Use the add tool to add numbers.";

/// The tool: {"a":2,"b":3} -> {"sum":5}.
struct Add;

impl Tool for Add {
    const SPEC: &'static str = concat!(
        r#"{"type":"function","function":{"name":"add","description":"Adds two integers.","#,
        r#""parameters":{"type":"object","properties":{"a":{"type":"integer"},"#,
        r#""b":{"type":"integer"}},"required":["a","b"]}}}"#
    );

    fn call(args: &str) -> String {
        let a = json::find_i64(args, "a").unwrap_or(0);
        let b = json::find_i64(args, "b").unwrap_or(0);
        let _ = spear_guest::info!("add({}, {}) = {}", a, b, a + b);
        format!("{{\"sum\":{}}}", a + b)
    }
}

/// One client's conversation: its stream and the chat session holding its messages.
struct Conversation {
    stream: Stream,
    chat: Chat,
}

impl Conversation {
    fn open(id: u32) -> spear_guest::Result<Conversation> {
        let stream = Stream::open(id, Direction::Both)?;
        let mut chat = Chat::new()?;
        chat.message("system", SYSTEM_PROMPT)?;
        if let Ok(model) = std::env::var("MODEL") {
            chat.param_str("model", &model)?;
        }
        chat.tool::<Add>()?;
        Ok(Conversation { stream, chat })
    }

    /// Asks the model `text` in this conversation: the answer, or a one-line error.
    fn ask(&mut self, text: &str) -> String {
        let answer = self
            .chat
            .message("user", text)
            .and_then(|chat| chat.send(chat::AUTO_TOOLS))
            .and_then(|response| Ok((response.content()?, response.json()?)));
        match answer {
            Ok((Some(content), _)) => content,
            // Backend failures (no backend, a refused key) arrive as {"error": {...}}.
            Ok((None, body)) => format!(
                "error: the model did not answer: {}",
                json::find_str(&body, "message").unwrap_or_default().replace('\n', " ")
            ),
            Err(e) => format!("error: chat failed: {}", e),
        }
    }

    /// Answers every message waiting on the stream.
    fn serve(&mut self) -> spear_guest::Result<()> {
        while let Some(bytes) = self.stream.read()? {
            let message = Frame::parse(&bytes)?;
            let answer = self.ask(&String::from_utf8_lossy(&message.data));
            let reply = Frame::data(message.stream_id, message.seq, b"{}", answer.as_bytes());
            self.reply(&reply.build())?;
        }
        Ok(())
    }

    /// Writes a frame, waiting (a second at a time) while the stream's queue is full.
    fn reply(&self, frame: &[u8]) -> spear_guest::Result<()> {
        loop {
            match self.stream.write_frame(frame) {
                Err(Error(sys::EAGAIN)) => {
                    let epoll = Epoll::new()?;
                    epoll.add(self.stream.fd(), stream::EPOLLOUT | stream::EPOLLHUP)?;
                    epoll.wait(1, 1000)?;
                }
                other => return other,
            }
        }
    }
}

fn run() -> spear_guest::Result<()> {
    let epoll = Epoll::new()?;
    let control = Control::open()?;
    epoll.add(control.fd(), stream::EPOLLIN | stream::EPOLLHUP)?;
    let mut conversations: HashMap<i32, Conversation> = HashMap::new();
    loop {
        for (fd, events) in epoll.wait(32, -1)? {
            if fd == control.fd() {
                while let Some(event) = control.next_event()? {
                    match event {
                        Event::SessionClosed => return Ok(()),
                        Event::Connected(id) => match Conversation::open(id) {
                            Ok(c) => {
                                let ready = stream::EPOLLIN | stream::EPOLLHUP | stream::EPOLLERR;
                                epoll.add(c.stream.fd(), ready)?;
                                let _ = spear_guest::info!("stream {} connected", id);
                                conversations.insert(c.stream.fd(), c);
                            }
                            Err(e) => {
                                let _ = spear_guest::warn!("stream {}: {}", id, e);
                            }
                        },
                        Event::Other(..) => {}
                    }
                }
            } else if events & (stream::EPOLLHUP | stream::EPOLLERR) != 0 {
                epoll.remove(fd)?;
                conversations.remove(&fd);
            } else if let Some(c) = conversations.get_mut(&fd) {
                if let Err(e) = c.serve() {
                    let _ = spear_guest::warn!("stream fd {}: {}", fd, e);
                }
            }
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => {
            println!("the session ended");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("streams failed: {}", e);
            ExitCode::FAILURE
        }
    }
}
