package io.spear.runtime.wasm.host.fd;

/** What a descriptor refers to; a call on a descriptor of another kind fails with EBADF. */
public enum FdKind {
  /** A chat session built by {@code cchat_create}. */
  CHAT_SESSION,
  /** A complete chat response returned by {@code cchat_send}. */
  CHAT_RESPONSE,
  /** An epoll set. */
  EPOLL,
  /** A realtime speech recognition session. */
  RTASR,
  /** A microphone. */
  MIC,
  /** A user stream or its control channel. */
  USER_STREAM
}
