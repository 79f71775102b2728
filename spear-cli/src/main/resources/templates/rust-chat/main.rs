//! {{name}}: a Spear function that asks a language model. The question is the invocation's
//! input (stdin), the answer its output. The model may call `add`, a Rust function of this guest,
//! while the host runs the chat (chat::AUTO_TOOLS).
//!
//! The node needs an LLM backend in its --config, e.g.
//!   llm:
//!     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
//!     backends:
//!       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
//!          credential_ref: openai, features: [supports_tools]}

use spear_guest::chat::{self, Chat, Tool};
use spear_guest::json;
use std::io::Read;
use std::process::ExitCode;

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

fn ask(question: &str) -> spear_guest::Result<Option<String>> {
    let mut session = Chat::new()?;
    session
        .message("system", "Answer briefly. Use the add tool to add numbers.")?
        .message("user", question)?;
    if let Ok(model) = std::env::var("MODEL") {
        session.param_str("model", &model)?;
    }
    session.tool::<Add>()?;
    session.send(chat::AUTO_TOOLS)?.content()
}

fn main() -> ExitCode {
    let mut question = String::new();
    let _ = std::io::stdin().read_to_string(&mut question);
    if question.trim().is_empty() {
        question = "What is 2 + 3?".to_string();
    }
    match ask(&question) {
        Ok(Some(answer)) => {
            println!("{}", answer);
            ExitCode::SUCCESS
        }
        Ok(None) => {
            eprintln!("no answer (see the backend's error in the execution log)");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("chat failed: {}", e);
            ExitCode::FAILURE
        }
    }
}
