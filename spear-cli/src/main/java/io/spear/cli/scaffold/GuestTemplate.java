package io.spear.cli.scaffold;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The guest projects {@code spear new} can write. */
public enum GuestTemplate {
  /** Prints a greeting and logs a line: the smallest complete function. */
  C_HELLO("c-hello", Language.C),
  /** Asks a language model, offering it a C function as a tool. */
  C_CHAT("c-chat", Language.C),
  /** Echoes the frames of WebSocket clients reaching it through an endpoint. */
  C_STREAM("c-stream", Language.C),
  /** An agent on an endpoint: chats with a tool, keeping each client's conversation. */
  C_AGENT("c-agent", Language.C),
  /** The hello function in Rust, on the spear-guest crate. */
  RUST_HELLO("rust-hello", Language.RUST),
  /** The chat function in Rust: a Rust function as the model's tool. */
  RUST_CHAT("rust-chat", Language.RUST),
  /** The stream echo function in Rust: user streams, SSF frames and epoll. */
  RUST_STREAM("rust-stream", Language.RUST),
  /** The agent in Rust. */
  RUST_AGENT("rust-agent", Language.RUST),
  /** The hello function in AssemblyScript. */
  AS_HELLO("as-hello", Language.ASSEMBLYSCRIPT),
  /** The chat function in AssemblyScript: an AssemblyScript function as the model's tool. */
  AS_CHAT("as-chat", Language.ASSEMBLYSCRIPT),
  /** The stream echo function in AssemblyScript. */
  AS_STREAM("as-stream", Language.ASSEMBLYSCRIPT),
  /** The agent in AssemblyScript. */
  AS_AGENT("as-agent", Language.ASSEMBLYSCRIPT);

  /** The language a template is written in, which decides the SDK and build script it gets. */
  public enum Language {
    /** C with spear.h, built by clang. */
    C,
    /** Rust with the spear-guest crate, built by cargo. */
    RUST,
    /** AssemblyScript with the spear SDK folder, built by asc and the WASI shim. */
    ASSEMBLYSCRIPT
  }

  private final String id;
  private final Language language;

  GuestTemplate(String id, Language language) {
    this.id = id;
    this.language = language;
  }

  /** The template's language. */
  public Language language() {
    return language;
  }

  /** Whether the function serves its project's endpoint (streams) rather than being invoked. */
  public boolean servesEndpoint() {
    return id.endsWith("-stream") || id.endsWith("-agent");
  }

  /** The name users type ({@code c-hello}). */
  public String id() {
    return id;
  }

  /** The template a user named, or an exception listing the known ones. */
  public static GuestTemplate of(String id) {
    for (GuestTemplate template : values()) {
      if (template.id.equals(id.toLowerCase(Locale.ROOT))) {
        return template;
      }
    }
    throw new IllegalArgumentException("unknown template '" + id + "'; known: " + ids());
  }

  /** Every template's name, comma-separated. */
  public static String ids() {
    return Arrays.stream(values()).map(GuestTemplate::id).collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return id;
  }
}
