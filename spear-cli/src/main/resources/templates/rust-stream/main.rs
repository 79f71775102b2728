//! {{name}}: a Spear function serving the endpoint `{{name}}`. WebSocket clients of
//! ws://<sms>/e/{{name}}/ws (subprotocol ssf.v1) get every SSF frame they send echoed back; the
//! function ends with the stream session and prints how many frames it echoed.

use spear_guest::stream::{self, Control, Descriptor, Direction, Epoll, Event, Frame, Stream};
use std::collections::HashMap;
use std::process::ExitCode;

/// Echoes every frame pending on a stream: how many.
fn echo(stream: &Stream) -> spear_guest::Result<u64> {
    let mut echoed = 0;
    while let Some(bytes) = stream.read()? {
        let mut frame = Frame::parse(&bytes)?;
        frame.msg_type = spear_guest::sys::SSF_DATA as u16;
        stream.write_frame(&frame.build())?;
        echoed += 1;
    }
    Ok(echoed)
}

fn serve() -> spear_guest::Result<u64> {
    let epoll = Epoll::new()?;
    let control = Control::open()?;
    epoll.add(control.fd(), stream::EPOLLIN | stream::EPOLLHUP)?;
    let mut streams: HashMap<i32, Stream> = HashMap::new();
    let mut echoed = 0;
    loop {
        for (fd, events) in epoll.wait(32, -1)? {
            if fd == control.fd() {
                while let Some(event) = control.next_event()? {
                    match event {
                        Event::SessionClosed => return Ok(echoed),
                        Event::Connected(id) => {
                            let s = Stream::open(id, Direction::Both)?;
                            epoll.add(s.fd(), stream::EPOLLIN | stream::EPOLLHUP | stream::EPOLLERR)?;
                            let _ = spear_guest::info!("stream {} connected", id);
                            streams.insert(s.fd(), s);
                        }
                        Event::Other(..) => {}
                    }
                }
            } else if events & (stream::EPOLLHUP | stream::EPOLLERR) != 0 {
                epoll.remove(fd)?;
                streams.remove(&fd);
            } else if let Some(s) = streams.get(&fd) {
                match echo(s) {
                    Ok(n) => echoed += n,
                    Err(e) => {
                        let _ = spear_guest::warn!("stream fd {}: {}", fd, e);
                    }
                }
            }
        }
    }
}

fn main() -> ExitCode {
    match serve() {
        Ok(echoed) => {
            println!("echoed {} frames", echoed);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("streams failed: {}", e);
            ExitCode::FAILURE
        }
    }
}
