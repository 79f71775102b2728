// {{name}}: an agent. It owns the endpoint `{{name}}`: WebSocket clients of
// ws://<sms>/e/{{name}}/ws (subprotocol ssf.v1) start it with their first connection and send
// user messages, one SSF frame each (the console's Chat page and docs/streams/StreamEcho.java
// do). Each client (stream) has its own conversation: a chat session that keeps every message of
// the execution, so a turn sees the turns before it. The model may call `add`, an AssemblyScript
// function of this guest, while the host runs the chat (abi.CHAT_SEND_AUTO_TOOLS). Each answer
// goes back as one DATA frame with the message's sequence number. The agent ends when the last
// client disconnects.
//
// The node needs an LLM backend in its --config, e.g.
//   llm:
//     credentials: [{name: openai, kind: env, api_key_env: OPENAI_API_KEY}]
//     backends:
//       - {name: openai, kind: openai_chat_completion, base_url: https://api.openai.com/v1,
//          credential_ref: openai, features: [supports_tools]}
// Without one, each answer is a one-line error saying so.
import * as abi from "./spear/abi";
import {
  Chat, Epoll, Frame, Stream, StreamControl, errnoName, info, jsonFindInt, jsonFindString,
  lastErrno, toolArgs, toolResult, warn,
} from "./spear/index";

const SYSTEM_PROMPT = "You are a helpful agent. Answer briefly. Use the add tool to add numbers.";

const ADD_TOOL =
  "{\"type\":\"function\",\"function\":{\"name\":\"add\",\"description\":\"Adds two integers.\"," +
  "\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}," +
  "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"b\"]}}}";

// The tool: {"a":2,"b":3} -> {"sum":5}.
function add(args: usize, argsLen: i32, out: usize, outLen: usize): i32 {
  const json = toolArgs(args, argsLen);
  const a = jsonFindInt(json, "a");
  const b = jsonFindInt(json, "b");
  info("add(" + a.toString() + ", " + b.toString() + ") = " + (a + b).toString());
  return toolResult(out, outLen, "{\"sum\":" + (a + b).toString() + "}");
}

// One client's conversation: its stream and the chat session holding its messages.
class Conversation {
  constructor(public stream: Stream, public chat: Chat) {}

  static open(id: u32): Conversation | null {
    const stream = Stream.open(id, abi.STREAM_BIDI);
    if (stream == null) return null;
    const chat = Chat.create();
    if (chat == null) {
      stream.close();
      return null;
    }
    chat.message("system", SYSTEM_PROMPT);
    if (process.env.has("MODEL")) chat.paramString("model", process.env.get("MODEL"));
    chat.tool(ADD_TOOL, add);
    return new Conversation(stream, chat);
  }

  // Asks the model `text` in this conversation: the answer, or a one-line error.
  ask(text: string): string {
    this.chat.message("user", text);
    const response = this.chat.send(abi.CHAT_SEND_AUTO_TOOLS);
    if (response == null) return "error: cchat_send: " + errnoName(lastErrno);
    const answer = response.content();
    const body = response.json();
    response.close();
    if (answer != null) return answer;
    // Backend failures (no backend, a refused key) arrive as {"error": {...}}.
    const why = body != null ? jsonFindString(body, "message") : null;
    const oneLine = why != null ? why.replaceAll("\n", " ") : "unknown";
    return "error: the model did not answer: " + oneLine;
  }

  // Answers every message waiting on the stream: 0, or -errno.
  serve(): i32 {
    while (true) {
      const bytes = this.stream.read();
      if (bytes == null) return lastErrno == abi.EAGAIN ? 0 : -lastErrno;
      const message = Frame.parse(bytes);
      if (message == null) return -abi.EINVAL;
      const answer = this.ask(String.UTF8.decodeUnsafe(message.data.dataStart, message.data.length));
      const meta = Uint8Array.wrap(String.UTF8.encode("{}"));
      const data = Uint8Array.wrap(String.UTF8.encode(answer));
      const reply = new Frame(<u16>abi.SSF_DATA, message.streamId, message.seq, meta, data);
      const rc = this.reply(reply.build());
      if (rc < 0) return rc;
    }
  }

  // Writes a frame, waiting (a second at a time) while the stream's queue is full.
  reply(frame: Uint8Array): i32 {
    let rc = this.stream.writeFrame(frame);
    while (rc == -abi.EAGAIN) {
      const ep = Epoll.create();
      if (ep == null) return -lastErrno;
      ep.add(this.stream.fd, abi.EPOLLOUT | abi.EPOLLHUP);
      ep.wait(1, 1000);
      ep.close();
      rc = this.stream.writeFrame(frame);
    }
    return rc;
  }

  close(): void {
    this.stream.close();
    this.chat.close();
  }
}

function run(): i32 {
  const epoll = Epoll.create();
  const control = StreamControl.open();
  if (epoll == null || control == null) {
    console.error("streams unavailable: " + errnoName(lastErrno));
    return 1;
  }
  epoll.add(control.fd, abi.EPOLLIN | abi.EPOLLHUP);
  const conversations = new Map<i32, Conversation>();
  while (true) {
    const ready = epoll.wait(32, -1);
    if (ready == null) {
      console.error("epoll_wait: " + errnoName(lastErrno));
      return 1;
    }
    for (let i = 0; i < ready.length; i++) {
      const fd = ready[i].fd;
      if (fd == control.fd) {
        let event = control.nextEvent();
        while (event != null) {
          if (event.sessionClosed) {
            console.log("the session ended");
            return 0;
          }
          const c = Conversation.open(event.streamId);
          if (c != null) {
            epoll.add(c.stream.fd, abi.EPOLLIN | abi.EPOLLHUP | abi.EPOLLERR);
            conversations.set(c.stream.fd, c);
            info("stream " + event.streamId.toString() + " connected");
          } else {
            warn("stream " + event.streamId.toString() + ": " + errnoName(lastErrno));
          }
          event = control.nextEvent();
        }
      } else if ((ready[i].events & (abi.EPOLLHUP | abi.EPOLLERR)) != 0) {
        epoll.remove(fd);
        if (conversations.has(fd)) conversations.get(fd).close();
        conversations.delete(fd);
      } else if (conversations.has(fd)) {
        const rc = conversations.get(fd).serve();
        if (rc < 0) warn("stream fd " + fd.toString() + ": " + errnoName(rc));
      }
    }
  }
}

const code = run();
if (code != 0) process.exit(code);
