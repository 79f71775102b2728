// {{name}}: a Spear function serving the endpoint `{{name}}`. WebSocket clients of
// ws://<sms>/e/{{name}}/ws (subprotocol ssf.v1) get every SSF frame they send echoed back; the
// function ends with the stream session and prints how many frames it echoed.
import * as abi from "./spear/abi";
import { Epoll, Frame, Stream, StreamControl, errnoName, info, lastErrno, warn } from "./spear/index";

let echoed = 0;

// Echoes every frame pending on a stream: 0, or -errno.
function echo(stream: Stream): i32 {
  while (true) {
    const bytes = stream.read();
    if (bytes == null) return lastErrno == abi.EAGAIN ? 0 : -lastErrno;
    const frame = Frame.parse(bytes);
    if (frame == null) return -abi.EINVAL;
    frame.msgType = <u16>abi.SSF_DATA;
    const rc = stream.writeFrame(frame.build());
    if (rc < 0) return rc;
    echoed++;
  }
}

function serve(): i32 {
  const epoll = Epoll.create();
  const control = StreamControl.open();
  if (epoll == null || control == null) {
    console.error("streams unavailable: " + errnoName(lastErrno));
    return 1;
  }
  epoll.add(control.fd, abi.EPOLLIN | abi.EPOLLHUP);
  const streams = new Map<i32, Stream>();
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
            console.log("echoed " + echoed.toString() + " frames");
            return 0;
          }
          const s = Stream.open(event.streamId, abi.STREAM_BIDI);
          if (s != null) {
            epoll.add(s.fd, abi.EPOLLIN | abi.EPOLLHUP | abi.EPOLLERR);
            streams.set(s.fd, s);
            info("stream " + event.streamId.toString() + " connected");
          }
          event = control.nextEvent();
        }
      } else if ((ready[i].events & (abi.EPOLLHUP | abi.EPOLLERR)) != 0) {
        epoll.remove(fd);
        if (streams.has(fd)) streams.get(fd).close();
        streams.delete(fd);
      } else if (streams.has(fd)) {
        const rc = echo(streams.get(fd));
        if (rc < 0) warn("stream fd " + fd.toString() + ": " + errnoName(rc));
      }
    }
  }
}

const code = serve();
if (code != 0) process.exit(code);
