//! {{name}}: a Spear function. It runs as a WASI command: arguments and environment come from
//! its task (spear.toml), stdin is the invocation's input, stdout its output, the exit code its
//! status.

fn main() {
    let who = std::env::args().nth(1).unwrap_or_else(|| "world".to_string());
    println!("hello, {}", who);
    // Log lines go to the execution's log (spear logs <execution>), not to the output.
    let _ = spear_guest::info!("greeted {} at {} ms since the epoch", who, spear_guest::now_ms());
}
