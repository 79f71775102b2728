// Uses every wrapper of the spear-guest crate, so the module imports every host call the SDK
// reaches (GuestSdkCoverageTest compares them with the runtime's registry).
use spear_guest::chat::{self, Chat, Tool};
use spear_guest::media::{Asr, Mic};
use spear_guest::stream::{self, Control, Descriptor, Direction, Epoll, Event, Frame, Stream};

struct Echo;

impl Tool for Echo {
    const SPEC: &'static str = r#"{"type":"function","function":{"name":"echo"}}"#;

    fn call(args: &str) -> String {
        args.to_string()
    }
}

fn chat() -> spear_guest::Result<()> {
    let mut session = Chat::new()?;
    session.message("user", "hi")?.param_str("model", "m")?.param_i64("timeout_ms", 10)?;
    session.tool::<Echo>()?;
    let response = session.send(chat::AUTO_TOOLS | chat::METRICS)?;
    let _ = (response.json()?, response.content()?, response.metrics()?, response.fd());
    Ok(())
}

fn streams() -> spear_guest::Result<()> {
    let control = Control::open()?;
    control.set_nonblocking(true)?;
    let _ = control.status()?;
    let epoll = Epoll::new()?;
    epoll.add(control.fd(), stream::EPOLLIN)?;
    epoll.modify(control.fd(), stream::EPOLLIN | stream::EPOLLHUP)?;
    let _ = epoll.wait(4, 0)?;
    epoll.remove(control.fd())?;
    if let Some(Event::Connected(id)) = control.next_event()? {
        let mut s = Stream::open(id, Direction::Both)?;
        if let Some(frame) = s.read()? {
            let parsed = Frame::parse(&frame)?;
            s.write_frame(&parsed.build())?;
            s.send(&parsed.data)?;
        }
    }
    Ok(())
}

fn media() -> spear_guest::Result<()> {
    let asr = Asr::new()?;
    asr.param_json("model", "\"m\"")?;
    asr.set_autoflush("{}")?;
    let _ = asr.autoflush()?;
    asr.connect()?;
    let _ = (asr.status()?, asr.write(&[0u8; 4])?, asr.read_event()?);
    asr.send_event("{}")?;
    asr.flush()?;
    asr.clear()?;
    let mic = Mic::new()?;
    mic.configure("{}")?;
    let _ = (mic.status()?, mic.read_frame()?);
    Ok(())
}

fn main() {
    let _ = spear_guest::info!("{} {}", spear_guest::now_ms(), spear_guest::wall_time_s());
    let _ = spear_guest::warn!("{}", spear_guest::random_u64());
    let _ = spear_guest::error!("{}", spear_guest::json::string("x"));
    spear_guest::sleep_ms(0);
    let _ = (chat(), streams(), media());
    let _ = spear_guest::http::call("{\"url\": \"https://api.example.com/\"}");
    let _ = spear_guest::kv::get("n");
    let _ = spear_guest::kv::get_versioned("n");
    let _ = spear_guest::kv::set("n", b"1");
    let _ = spear_guest::kv::cas("n", b"1", 0);
    let _ = spear_guest::kv::delete("n");
    let _ = spear_guest::kv::list("");
}
