// Uses every wrapper of the AssemblyScript SDK, so the module imports every host call the SDK
// reaches (GuestSdkCoverageTest compares them with the runtime's registry). Locals, not globals:
// asc narrows nullable locals only.
import * as abi from "./spear/abi";
import {
  Asr, Chat, Epoll, Frame, Mic, Stream, StreamControl, error, fdStatus, httpCall, info, kvCas, kvDelete, kvGet, kvList, kvSet, kvVersion, jsonFindInt,
  jsonFindString, nowMs, randomU64, readInput, setNonblocking, sleepMs, toolArgs, toolResult,
  wallTimeS, warn,
} from "./spear/index";

function echo(args: usize, argsLen: i32, out: usize, outLen: usize): i32 {
  return toolResult(out, outLen, toolArgs(args, argsLen));
}

function chats(): void {
  const chat = Chat.create();
  if (chat == null) return;
  chat.message("user", "hi");
  chat.paramString("model", "m");
  chat.paramInt("timeout_ms", 10);
  chat.tool("{\"type\":\"function\",\"function\":{\"name\":\"echo\"}}", echo);
  const response = chat.send(abi.CHAT_SEND_AUTO_TOOLS | abi.CHAT_SEND_METRICS);
  if (response != null) {
    const body = response.json();
    if (body != null) error(jsonFindInt(body, "n").toString());
    const content = response.content();
    if (content != null) error(content);
    const metrics = response.metrics();
    if (metrics != null) {
      const k = jsonFindString(metrics, "k");
      if (k != null) error(k);
    }
    response.close();
  }
  chat.close();
}

function streams(): void {
  const control = StreamControl.open();
  if (control == null) return;
  setNonblocking(control.fd, true);
  fdStatus(control.fd);
  const epoll = Epoll.create();
  if (epoll != null) {
    epoll.add(control.fd, abi.EPOLLIN);
    epoll.modify(control.fd, abi.EPOLLIN | abi.EPOLLHUP);
    epoll.wait(4, 0);
    epoll.remove(control.fd);
    epoll.close();
  }
  const event = control.nextEvent();
  if (event != null && event.connected) {
    const s = Stream.open(event.streamId, abi.STREAM_BIDI);
    if (s != null) {
      const frame = s.read();
      if (frame != null) {
        const parsed = Frame.parse(frame);
        if (parsed != null) {
          s.writeFrame(parsed.build());
          s.send(parsed.data);
        }
      }
      s.close();
    }
  }
  control.close();
}

function media(): void {
  const asr = Asr.create();
  if (asr != null) {
    asr.paramJson("model", "\"m\"");
    asr.setAutoflush("{}");
    asr.autoflush();
    asr.connect();
    asr.status();
    asr.write(new Uint8Array(4));
    asr.readEvent();
    asr.sendEvent("{}");
    asr.flush();
    asr.clear();
    asr.close();
  }
  const mic = Mic.create();
  if (mic != null) {
    mic.configure("{}");
    mic.status();
    mic.readFrame();
    mic.close();
  }
}

info(nowMs().toString() + " " + wallTimeS().toString() + " " + readInput());
warn(randomU64().toString());
sleepMs(0);
chats();
streams();
media();
httpCall('{"url": "https://api.example.com/"}');
const kvValue = String.UTF8.encode("1");
kvGet("n");
kvVersion("n");
kvSet("n", Uint8Array.wrap(kvValue));
kvCas("n", Uint8Array.wrap(kvValue), 0);
kvDelete("n");
kvList("");
