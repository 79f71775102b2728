//! Outbound HTTP (`http_call`) under the node's egress policy: a JSON request in, a JSON response
//! out (see docs/outbound-http.md). Header values may name secrets as `${secret:NAME}`; the host
//! fills them in, so the guest never sees them.

use crate::{read_grow, sys, Result};

/// Sends `request_json` (`{"method", "url", "headers", "body_base64" | "body", "timeout_ms",
/// "follow_redirects"}`) and answers the response JSON (`{"status", "headers", "body_base64"}`),
/// for any HTTP status. A buffer too small for the response grows; the host then hands over the
/// response it kept, without sending the request again.
pub fn call(request_json: &str) -> Result<String> {
    let request = request_json.as_bytes();
    let bytes = read_grow(64 * 1024, |out, len| unsafe {
        sys::http_call(request.as_ptr(), request.len() as i32, out, len)
    })?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
