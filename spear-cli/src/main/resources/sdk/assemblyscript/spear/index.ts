// The guest SDK of Spear for the JVM, for AssemblyScript (built with asc and
// @assemblyscript/wasi-shim, so console, process, Date and crypto work over WASI).
//
// abi.ts declares the `spear` import module raw (generated from the runtime's ABI registry);
// this file wraps it: logging and time, chat sessions with AssemblyScript functions as tools,
// user streams with SSF frames and epoll, realtime speech recognition and the microphone.
//
// AssemblyScript has no exceptions to catch, so calls answer like C: a count or descriptor, or
// -errno; the ones that answer an object or text answer null on failure and leave the errno in
// `lastErrno` (EAGAIN when nothing is pending).
import * as abi from "./abi";

/** The errno of the last call that answered null (positive, e.g. abi.EAGAIN). */
export let lastErrno: i32 = 0;

/** The errno's short name ("EAGAIN") of a code or its negation. */
export function errnoName(rc: i32): string {
  const e = rc < 0 ? -rc : rc;
  if (e == 0) return "OK";
  if (e == abi.EPERM) return "EPERM";
  if (e == abi.ENOENT) return "ENOENT";
  if (e == abi.EIO) return "EIO";
  if (e == abi.EBADF) return "EBADF";
  if (e == abi.EAGAIN) return "EAGAIN";
  if (e == abi.ENOMEM) return "ENOMEM";
  if (e == abi.EACCES) return "EACCES";
  if (e == abi.EFAULT) return "EFAULT";
  if (e == abi.EINVAL) return "EINVAL";
  if (e == abi.EFBIG) return "EFBIG";
  if (e == abi.ENOSPC) return "ENOSPC";
  if (e == abi.EPIPE) return "EPIPE";
  if (e == abi.ENOSYS) return "ENOSYS";
  if (e == abi.ECONNRESET) return "ECONNRESET";
  if (e == abi.ENOTCONN) return "ENOTCONN";
  if (e == abi.ETIMEDOUT) return "ETIMEDOUT";
  return "E?";
}

// ---------------------------------------------------------------------------------------------
// Core: the execution log (`spear logs`; stdout stays the output), time, randomness, sleep.

/** Appends a line to the execution log at a level (abi.LOG_*): 0 or -errno. */
export function log(level: i32, message: string): i32 {
  const bytes = String.UTF8.encode(message);
  const len = min(bytes.byteLength, abi.LOG_MAX_BYTES);
  return abi.log(level, changetype<usize>(bytes), len);
}

export function info(message: string): i32 {
  return log(abi.LOG_INFO, message);
}

export function warn(message: string): i32 {
  return log(abi.LOG_WARN, message);
}

export function error(message: string): i32 {
  return log(abi.LOG_ERROR, message);
}

/** Milliseconds since the Unix epoch, from the host's clock. */
export function nowMs(): i64 {
  return abi.time_now_ms();
}

/** Seconds since the Unix epoch, from the host's clock. */
export function wallTimeS(): i64 {
  return abi.wall_time_s();
}

/** A random value from the host. */
export function randomU64(): u64 {
  return <u64>abi.random_i64();
}

/** Sleeps; cancelling the execution ends the guest during the sleep. */
export function sleepMs(ms: i32): void {
  abi.sleep_ms(ms);
}

/** The invocation's input (stdin) as text. */
export function readInput(): string {
  const chunks = new Array<ArrayBuffer>();
  let total = 0;
  while (true) {
    const chunk = new ArrayBuffer(4096);
    const n = process.stdin.read(chunk);
    if (n <= 0) break;
    chunks.push(chunk.slice(0, n));
    total += n;
  }
  const all = new Uint8Array(total);
  let at = 0;
  for (let i = 0; i < chunks.length; i++) {
    all.set(Uint8Array.wrap(chunks[i]), at);
    at += chunks[i].byteLength;
  }
  return String.UTF8.decode(all.buffer);
}

// ---------------------------------------------------------------------------------------------
// Reads that grow their buffer: (out, out_len) calls answer -ENOSPC with the size they need.

const R_CHAT = 0;
const R_CHAT_METRICS = 1;
const R_STREAM = 2;
const R_FD_STATUS = 3;
const R_ASR = 4;
const R_ASR_CTL = 5;
const R_MIC = 6;
const R_MIC_STATUS = 7;

function rawRead(kind: i32, fd: i32, cmd: i32, out: usize, outLen: usize): i32 {
  switch (kind) {
    case R_CHAT: return abi.cchat_recv(fd, out, outLen);
    case R_CHAT_METRICS: return abi.cchat_ctl(fd, abi.CHAT_CTL_GET_METRICS, out, outLen);
    case R_STREAM: return abi.user_stream_read(fd, out, outLen);
    case R_FD_STATUS: return abi.spear_fd_ctl(fd, abi.FD_CTL_GET_STATUS, out, outLen);
    case R_ASR: return abi.rtasr_read(fd, out, outLen);
    case R_ASR_CTL: return abi.rtasr_ctl(fd, cmd, out, outLen);
    case R_MIC: return abi.mic_read(fd, out, outLen);
    case R_MIC_STATUS: return abi.mic_ctl(fd, abi.MIC_GET_STATUS, out, outLen);
  }
  return -abi.EINVAL;
}

function readGrow(kind: i32, fd: i32, cmd: i32, initial: i32): Uint8Array | null {
  let cap = initial;
  const len = new ArrayBuffer(4);
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = new Uint8Array(cap);
    store<u32>(changetype<usize>(len), <u32>cap);
    const rc = rawRead(kind, fd, cmd, buf.dataStart, changetype<usize>(len));
    const got = <i32>load<u32>(changetype<usize>(len));
    if (rc >= 0) return buf.subarray(0, got);
    if (rc != -abi.ENOSPC) {
      lastErrno = -rc;
      return null;
    }
    cap = max(got, cap * 2);
  }
  lastErrno = abi.ENOSPC;
  return null;
}

function readText(kind: i32, fd: i32, cmd: i32, initial: i32): string | null {
  const bytes = readGrow(kind, fd, cmd, initial);
  if (bytes == null) return null;
  return String.UTF8.decodeUnsafe(bytes.dataStart, <usize>bytes.length);
}

/**
 * Sends an http_call request (JSON, see docs/outbound-http.md) and answers the response JSON for
 * any HTTP status, or null (lastErrno says why). A buffer too small for the response grows; the
 * host then hands over the response it kept, without sending the request again.
 */
export function httpCall(requestJson: string): string | null {
  const request = String.UTF8.encode(requestJson);
  let cap = 65536;
  const len = new ArrayBuffer(4);
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = new Uint8Array(cap);
    store<u32>(changetype<usize>(len), <u32>cap);
    const rc = abi.http_call(
      changetype<usize>(request),
      request.byteLength,
      buf.dataStart,
      changetype<usize>(len),
    );
    const got = <i32>load<u32>(changetype<usize>(len));
    if (rc >= 0) return String.UTF8.decodeUnsafe(buf.dataStart, <usize>got);
    if (rc != -abi.ENOSPC) {
      lastErrno = -rc;
      return null;
    }
    cap = max(got, cap * 2);
  }
  lastErrno = abi.ENOSPC;
  return null;
}

/** A SET-style control call: the host reads `arg`. */
function setCall(kind: i32, fd: i32, cmd: i32, arg: string): i32 {
  const bytes = String.UTF8.encode(arg);
  const len = new ArrayBuffer(4);
  store<u32>(changetype<usize>(len), <u32>bytes.byteLength);
  const p = changetype<usize>(bytes);
  const l = changetype<usize>(len);
  if (kind == R_CHAT) return abi.cchat_ctl(fd, cmd, p, l);
  if (kind == R_FD_STATUS) return abi.spear_fd_ctl(fd, cmd, p, l);
  if (kind == R_ASR_CTL) return abi.rtasr_ctl(fd, cmd, p, l);
  return abi.mic_ctl(fd, cmd, p, l);
}

// ---------------------------------------------------------------------------------------------
// Just enough JSON: quoting strings, finding the first string or integer value of a key.

/** `s` as a JSON string literal, quotes included. */
export function jsonString(s: string): string {
  let out = "\"";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22) out += "\\\"";
    else if (c == 0x5c) out += "\\\\";
    else if (c == 0x0a) out += "\\n";
    else if (c == 0x0d) out += "\\r";
    else if (c == 0x09) out += "\\t";
    else if (c < 0x20) out += "\\u00" + (c < 0x10 ? "0" : "") + c.toString(16);
    else out += String.fromCharCode(c);
  }
  return out + "\"";
}

/** The first string value of `"key":` in `json`, unescaped; non-string values are skipped. */
export function jsonFindString(json: string, key: string): string | null {
  const pattern = jsonString(key) + ":";
  let from = 0;
  while (true) {
    const at = json.indexOf(pattern, from);
    if (at < 0) return null;
    let i = at + pattern.length;
    while (i < json.length && json.charCodeAt(i) == 0x20) i++;
    from = i;
    if (i >= json.length || json.charCodeAt(i) != 0x22) continue;
    let out = "";
    for (i++; i < json.length; i++) {
      const c = json.charCodeAt(i);
      if (c == 0x22) return out;
      if (c == 0x5c && i + 1 < json.length) {
        i++;
        const e = json.charCodeAt(i);
        if (e == 0x6e) out += "\n";
        else if (e == 0x74) out += "\t";
        else if (e == 0x72) out += "\r";
        else if (e == 0x75) {
          out += String.fromCharCode(<i32>parseInt(json.substr(i + 1, 4), 16));
          i += 4;
        } else out += String.fromCharCode(e);
      } else {
        out += String.fromCharCode(c);
      }
    }
    return null;
  }
}

/** The first integer value of `"key":` in `json`, or `fallback`. */
export function jsonFindInt(json: string, key: string, fallback: i64 = 0): i64 {
  const pattern = jsonString(key) + ":";
  const at = json.indexOf(pattern);
  if (at < 0) return fallback;
  let i = at + pattern.length;
  while (i < json.length && json.charCodeAt(i) == 0x20) i++;
  let end = i;
  if (end < json.length && json.charCodeAt(end) == 0x2d) end++;
  while (end < json.length && json.charCodeAt(end) >= 0x30 && json.charCodeAt(end) <= 0x39) end++;
  return end > i ? I64.parseInt(json.substring(i, end)) : fallback;
}

// ---------------------------------------------------------------------------------------------
// Chat completion. A tool is a top-level function of this signature, reached by the host through
// the exported function table (asc --exportTable; the templates' build.sh passes it). Read its
// arguments with toolArgs and answer with toolResult.

export type ToolFn = (args: usize, argsLen: i32, out: usize, outLen: usize) => i32;

/** A tool's JSON arguments. */
export function toolArgs(args: usize, argsLen: i32): string {
  return String.UTF8.decodeUnsafe(args, <usize>argsLen);
}

/** Writes a tool's result for the model: 0, or -ENOSPC with the size needed (called again). */
export function toolResult(out: usize, outLen: usize, result: string): i32 {
  const bytes = String.UTF8.encode(result);
  const cap = load<u32>(outLen);
  store<u32>(outLen, <u32>bytes.byteLength);
  if (<u32>bytes.byteLength > cap) return -abi.ENOSPC;
  memory.copy(out, changetype<usize>(bytes), <usize>bytes.byteLength);
  return 0;
}

const ARENA_BYTES = 64 * 1024;

/** A chat response: the backend's JSON (OpenAI's chat completion plus "_spear"). */
export class Response {
  constructor(public fd: i32) {}

  /** The JSON, or null (lastErrno). */
  json(): string | null {
    return readText(R_CHAT, this.fd, 0, 64 * 1024);
  }

  /** The first message content of the answer, or null (a backend error, or no text). */
  content(): string | null {
    const body = this.json();
    if (body == null || body.startsWith("{\"error\"")) return null;
    return jsonFindString(body, "content");
  }

  /** The metrics JSON of a response sent with abi.CHAT_SEND_METRICS. */
  metrics(): string | null {
    return readText(R_CHAT_METRICS, this.fd, 0, 1024);
  }

  close(): i32 {
    return abi.cchat_close(this.fd);
  }
}

/** A chat session: messages, parameters and tools, sent to the node's model backend. */
export class Chat {
  private arena: ArrayBuffer | null = null;

  constructor(public fd: i32) {}

  /** A new session, or null (lastErrno). */
  static create(): Chat | null {
    const fd = abi.cchat_create();
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Chat(fd);
  }

  /** Appends a message ("system", "user", "assistant", "tool"): 0 or -errno. */
  message(role: string, content: string): i32 {
    const r = String.UTF8.encode(role);
    const c = String.UTF8.encode(content);
    return abi.cchat_write_msg(
      this.fd, changetype<usize>(r), r.byteLength, changetype<usize>(c), c.byteLength);
  }

  /** Sets parameter `key` to a JSON value given as text (`10`, `true`, `"gpt-4o-mini"`). */
  paramJson(key: string, valueJson: string): i32 {
    const body = "{\"key\":" + jsonString(key) + ",\"value\":" + valueJson + "}";
    return setCall(R_CHAT, this.fd, abi.CHAT_CTL_SET_PARAM, body);
  }

  paramString(key: string, value: string): i32 {
    return this.paramJson(key, jsonString(value));
  }

  paramInt(key: string, value: i64): i32 {
    return this.paramJson(key, value.toString());
  }

  /** Registers a function as a tool described by its OpenAI function tool JSON. */
  tool(spec: string, fn: ToolFn): i32 {
    const json = String.UTF8.encode(spec);
    const rc = abi.cchat_write_fn(this.fd, <i32>fn.index, changetype<usize>(json), json.byteLength);
    if (rc < 0 || this.arena != null) return rc;
    // Where the host writes tool arguments and reads results; kept alive by this session.
    const arena = new ArrayBuffer(ARENA_BYTES);
    this.arena = arena;
    const set = this.paramInt("tool_arena_ptr", <i64>changetype<usize>(arena));
    return set < 0 ? set : this.paramInt("tool_arena_len", ARENA_BYTES);
  }

  /** Sends the session (abi.CHAT_SEND_AUTO_TOOLS, abi.CHAT_SEND_METRICS); null on failure. */
  send(flags: i32): Response | null {
    const fd = abi.cchat_send(this.fd, flags);
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Response(fd);
  }

  close(): i32 {
    return abi.cchat_close(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Readiness over Spear descriptors.

/** Makes reads on `fd` answer EAGAIN instead of blocking (or block again). */
export function setNonblocking(fd: i32, on: bool): i32 {
  const arg = on ? "{\"set\":[\"O_NONBLOCK\"]}" : "{\"clear\":[\"O_NONBLOCK\"]}";
  return setCall(R_FD_STATUS, fd, abi.FD_CTL_SET_FLAGS, arg);
}

/** A descriptor's status as JSON. */
export function fdStatus(fd: i32): string | null {
  return readText(R_FD_STATUS, fd, 0, 1024);
}

/** A ready descriptor and the events that hold. */
export class EpollEvent {
  constructor(public fd: i32, public events: i32) {}
}

/** An epoll set. */
export class Epoll {
  constructor(public fd: i32) {}

  static create(): Epoll | null {
    const fd = abi.spear_epoll_create();
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Epoll(fd);
  }

  add(fd: i32, events: i32): i32 {
    return abi.spear_epoll_ctl(this.fd, abi.EPOLL_CTL_ADD, fd, events);
  }

  modify(fd: i32, events: i32): i32 {
    return abi.spear_epoll_ctl(this.fd, abi.EPOLL_CTL_MOD, fd, events);
  }

  remove(fd: i32): i32 {
    return abi.spear_epoll_ctl(this.fd, abi.EPOLL_CTL_DEL, fd, 0);
  }

  /** Waits up to timeoutMs (negative: until ready); empty on timeout, null on failure. */
  wait(maxEvents: i32, timeoutMs: i32): EpollEvent[] | null {
    const records = new Uint8Array(maxEvents * 8);
    const len = new ArrayBuffer(4);
    store<u32>(changetype<usize>(len), <u32>records.length);
    const n = abi.spear_epoll_wait(this.fd, records.dataStart, changetype<usize>(len), timeoutMs);
    if (n < 0) {
      lastErrno = -n;
      return null;
    }
    const out = new Array<EpollEvent>();
    for (let i = 0; i < n; i++) {
      const at = records.dataStart + <usize>(i * 8);
      out.push(new EpollEvent(load<i32>(at), load<i32>(at + 4)));
    }
    return out;
  }

  close(): i32 {
    return abi.spear_epoll_close(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// User streams: WebSocket clients of the execution exchanging SSF frames.

/** An SSF v1 frame: a 32-byte little-endian header, metadata (JSON, may be empty), data. */
export class Frame {
  constructor(
    public msgType: u16,
    public streamId: u32,
    public seq: u64,
    public meta: Uint8Array,
    public data: Uint8Array,
    public flags: u16 = 0,
  ) {}

  /** Parses a frame, or null when malformed. */
  static parse(buf: Uint8Array): Frame | null {
    if (buf.length < abi.SSF_HEADER_BYTES) return null;
    const p = buf.dataStart;
    if (load<u32>(p) != 0x54535053) return null; // "SPST"
    const start = <i32>load<u16>(p + 6);
    const metaLen = <i32>load<u32>(p + 24);
    const dataLen = <i32>load<u32>(p + 28);
    if (start < abi.SSF_HEADER_BYTES || start + metaLen + dataLen != buf.length) return null;
    return new Frame(load<u16>(p + 8), load<u32>(p + 12), load<u64>(p + 16),
      buf.slice(start, start + metaLen), buf.slice(start + metaLen), load<u16>(p + 10));
  }

  /** The frame's bytes. */
  build(): Uint8Array {
    const header = abi.SSF_HEADER_BYTES;
    const out = new Uint8Array(header + this.meta.length + this.data.length);
    const p = out.dataStart;
    store<u32>(p, 0x54535053);
    store<u16>(p + 4, <u16>abi.SSF_VERSION);
    store<u16>(p + 6, <u16>header);
    store<u16>(p + 8, this.msgType);
    store<u16>(p + 10, this.flags);
    store<u32>(p + 12, this.streamId);
    store<u64>(p + 16, this.seq);
    store<u32>(p + 24, <u32>this.meta.length);
    store<u32>(p + 28, <u32>this.data.length);
    out.set(this.meta, header);
    out.set(this.data, header + this.meta.length);
    return out;
  }
}

/** A control event: a client stream connected (open it), or the session ended. */
export class StreamEvent {
  constructor(public streamId: u32, public kind: u32) {}

  get connected(): bool {
    return this.kind == abi.STREAM_EVENT_CONNECTED;
  }

  get sessionClosed(): bool {
    return this.kind == abi.STREAM_EVENT_SESSION_CLOSED;
  }
}

/** The execution's stream control descriptor. */
export class StreamControl {
  constructor(public fd: i32) {}

  static open(): StreamControl | null {
    const fd = abi.user_stream_ctl_open();
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new StreamControl(fd);
  }

  /** The next event, or null (lastErrno EAGAIN when none is pending). */
  nextEvent(): StreamEvent | null {
    const record = new ArrayBuffer(8);
    const len = new ArrayBuffer(4);
    store<u32>(changetype<usize>(len), 8);
    const rc = abi.user_stream_ctl_read(this.fd, changetype<usize>(record), changetype<usize>(len));
    if (rc < 0) {
      lastErrno = -rc;
      return null;
    }
    const p = changetype<usize>(record);
    return new StreamEvent(load<u32>(p), load<u32>(p + 4));
  }

  close(): i32 {
    return abi.user_stream_close(this.fd);
  }
}

/** One client stream. */
export class Stream {
  private seq: u64 = 0;

  constructor(public fd: i32, public id: u32) {}

  /** Opens a stream announced by a connected event (abi.STREAM_IN, STREAM_OUT, STREAM_BIDI). */
  static open(id: u32, direction: i32): Stream | null {
    const fd = abi.user_stream_open(<i32>id, direction);
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Stream(fd, id);
  }

  /** The next whole SSF frame, or null (lastErrno EAGAIN when none is pending). */
  read(): Uint8Array | null {
    return readGrow(R_STREAM, this.fd, 0, 64 * 1024);
  }

  /** Queues one SSF frame: 0, or -EAGAIN (queue full), -EPIPE (client gone). */
  writeFrame(frame: Uint8Array): i32 {
    return abi.user_stream_write(this.fd, frame.dataStart, frame.length);
  }

  /** Sends data as the next DATA frame, waiting (a second at a time) while the queue is full. */
  send(data: Uint8Array): i32 {
    this.seq++;
    const meta = Uint8Array.wrap(String.UTF8.encode("{}"));
    const frame = new Frame(<u16>abi.SSF_DATA, this.id, this.seq, meta, data).build();
    let rc = this.writeFrame(frame);
    while (rc == -abi.EAGAIN) {
      const ep = Epoll.create();
      if (ep == null) return -lastErrno;
      ep.add(this.fd, abi.EPOLLOUT | abi.EPOLLHUP | abi.EPOLLERR);
      ep.wait(1, 1000);
      ep.close();
      rc = this.writeFrame(frame);
    }
    return rc;
  }

  close(): i32 {
    return abi.user_stream_close(this.fd);
  }
}

// ---------------------------------------------------------------------------------------------
// Realtime speech recognition and the microphone.

/** A realtime speech recognition session (PCM16 in, the backend's JSON events out). */
export class Asr {
  constructor(public fd: i32) {}

  static create(): Asr | null {
    const fd = abi.rtasr_create();
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Asr(fd);
  }

  paramJson(key: string, valueJson: string): i32 {
    const body = "{\"key\":" + jsonString(key) + ",\"value\":" + valueJson + "}";
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_SET_PARAM, body);
  }

  /** Opens the backend session (-EIO with the reason in status()). */
  connect(): i32 {
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_CONNECT, "");
  }

  status(): string | null {
    return readText(R_ASR_CTL, this.fd, abi.RTASR_GET_STATUS, 8 * 1024);
  }

  sendEvent(eventJson: string): i32 {
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_SEND_EVENT, eventJson);
  }

  flush(): i32 {
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_FLUSH, "");
  }

  clear(): i32 {
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_CLEAR, "");
  }

  setAutoflush(settingsJson: string): i32 {
    return setCall(R_ASR_CTL, this.fd, abi.RTASR_SET_AUTOFLUSH, settingsJson);
  }

  autoflush(): string | null {
    return readText(R_ASR_CTL, this.fd, abi.RTASR_GET_AUTOFLUSH, 8 * 1024);
  }

  /** Queues PCM16 audio: the bytes accepted, or -EAGAIN while the queue is full. */
  write(pcm16: Uint8Array): i32 {
    return abi.rtasr_write(this.fd, pcm16.dataStart, pcm16.length);
  }

  /** The next backend event (JSON), or null (lastErrno EAGAIN when none is pending). */
  readEvent(): string | null {
    return readText(R_ASR, this.fd, 0, 8 * 1024);
  }

  close(): i32 {
    return abi.rtasr_close(this.fd);
  }
}

/** The node's microphone (PCM16 frames at real-time pace). */
export class Mic {
  constructor(public fd: i32) {}

  static create(): Mic | null {
    const fd = abi.mic_create();
    if (fd < 0) {
      lastErrno = -fd;
      return null;
    }
    return new Mic(fd);
  }

  /** Configures it: {"sample_rate_hz":16000,"channels":1,"frame_ms":20,"format":"pcm16",...}. */
  configure(configJson: string): i32 {
    return setCall(R_MIC_STATUS, this.fd, abi.MIC_SET_PARAM, configJson);
  }

  status(): string | null {
    return readText(R_MIC_STATUS, this.fd, 0, 8 * 1024);
  }

  /** The next PCM16 frame, or null (lastErrno EAGAIN before it is due). */
  readFrame(): Uint8Array | null {
    return readGrow(R_MIC, this.fd, 0, 8 * 1024);
  }

  close(): i32 {
    return abi.mic_close(this.fd);
  }
}

/** The value of a key of the task's namespace (see docs/kv.md), or null (lastErrno says why; ENOENT: no such key). */
export function kvGet(key: string): Uint8Array | null {
  const k = String.UTF8.encode(key);
  let cap = 4096;
  const len = new ArrayBuffer(4);
  for (let attempt = 0; attempt < 4; attempt++) {
    const buf = new Uint8Array(cap);
    store<u32>(changetype<usize>(len), <u32>cap);
    const rc = abi.kv_get(changetype<usize>(k), k.byteLength, buf.dataStart, changetype<usize>(len));
    const got = <i32>load<u32>(changetype<usize>(len));
    if (rc >= 0) return buf.slice(0, got);
    if (rc != -abi.ENOSPC) {
      lastErrno = -rc;
      return null;
    }
    cap = max(got, cap * 2);
  }
  lastErrno = abi.ENOSPC;
  return null;
}

/** The version of a key (0 when it does not exist), or -1 (lastErrno says why). */
export function kvVersion(key: string): i64 {
  const k = String.UTF8.encode(key);
  const buf = new Uint8Array(1 << 20);
  const len = new ArrayBuffer(4);
  const version = new ArrayBuffer(8);
  store<u32>(changetype<usize>(len), <u32>buf.length);
  const rc = abi.kv_get_versioned(
    changetype<usize>(k), k.byteLength, buf.dataStart, changetype<usize>(len), changetype<usize>(version));
  if (rc < 0) {
    lastErrno = -rc;
    return -1;
  }
  return load<i64>(changetype<usize>(version));
}

/** Writes a key whatever it holds: 0 or -errno. */
export function kvSet(key: string, value: Uint8Array): i32 {
  const k = String.UTF8.encode(key);
  return abi.kv_set(changetype<usize>(k), k.byteLength, value.dataStart, value.length);
}

/** Writes a key only at expectedVersion (0: only if absent): 0, or -EAGAIN when another version is there. */
export function kvCas(key: string, value: Uint8Array, expectedVersion: i64): i32 {
  const k = String.UTF8.encode(key);
  return abi.kv_cas(changetype<usize>(k), k.byteLength, value.dataStart, value.length, expectedVersion);
}

/** Deletes a key: 0 or -ENOENT. */
export function kvDelete(key: string): i32 {
  const k = String.UTF8.encode(key);
  return abi.kv_delete(changetype<usize>(k), k.byteLength);
}

/** The keys starting with prefix, newline-separated, or null (lastErrno says why). */
export function kvList(prefix: string): string | null {
  const p = String.UTF8.encode(prefix);
  const buf = new Uint8Array(1 << 20);
  const len = new ArrayBuffer(4);
  store<u32>(changetype<usize>(len), <u32>buf.length);
  const rc = abi.kv_list(changetype<usize>(p), p.byteLength, buf.dataStart, changetype<usize>(len));
  if (rc < 0) {
    lastErrno = -rc;
    return null;
  }
  return String.UTF8.decodeUnsafe(buf.dataStart, <usize>load<u32>(changetype<usize>(len)));
}
