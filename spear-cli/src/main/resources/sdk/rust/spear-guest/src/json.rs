//! Just enough JSON for guests without dependencies: quoting strings, and finding the first
//! string or integer value of a key in a response.

/// `s` as a JSON string literal, quotes included.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The first string value of `"key":` in `json`, unescaped (`None` if there is none); keys whose
/// value is not a string (`"content":null`) are skipped.
pub fn find_str(json: &str, key: &str) -> Option<String> {
    let pattern = format!("{}:", string(key));
    let mut from = 0;
    while let Some(at) = json[from..].find(&pattern) {
        from += at + pattern.len();
        if let Some(rest) = json[from..].trim_start().strip_prefix('"') {
            return unescape(rest);
        }
    }
    None
}

fn unescape(rest: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' => out.push('\u{8}'),
                'f' => out.push('\u{c}'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?).unwrap_or('?'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The first integer value of `"key":` in `json`.
pub fn find_i64(json: &str, key: &str) -> Option<i64> {
    let rest = after_key(json, key)?;
    let end = rest
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || (i == 0 && c == '-')))
        .map(|(i, _)| i)
        .unwrap_or(rest.len());
    rest[..end].parse().ok()
}

fn after_key<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!("{}:", string(key));
    let at = json.find(&pattern)? + pattern.len();
    Some(json[at..].trim_start())
}
