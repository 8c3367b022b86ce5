//! Finds a top-level string field in one JSON object line and decodes it with a byte map,
//! so text taken from JSONL keeps an alignment to the line.

use corroborate_core::Span;

use crate::align::{push_segment, ByteMap, Decoded};

/// The decoded value of the first of `keys` found among the top-level string fields of the
/// object in `line`.
pub(crate) fn string_field(line: &str, keys: &[&str]) -> Option<Decoded> {
    let fields = top_level_strings(line);
    keys.iter().find_map(|key| {
        fields
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, at)| decode_string(line, *at))
    })
}

/// (key, offset of the value's opening quote) for each top-level string value.
fn top_level_strings(line: &str) -> Vec<(String, usize)> {
    let bytes = line.as_bytes();
    let mut fields = Vec::new();
    let mut i = match bytes.iter().position(|&b| b == b'{') {
        Some(open) => open + 1,
        None => return fields,
    };
    loop {
        i = skip_ws(bytes, i);
        if bytes.get(i) != Some(&b'"') {
            return fields;
        }
        let key_end = string_end(bytes, i);
        let key = decode_string(line, i).text;
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return fields;
        }
        i = skip_ws(bytes, i + 1);
        if bytes.get(i) == Some(&b'"') {
            fields.push((key, i));
        }
        i = skip_value(bytes, i);
        i = skip_ws(bytes, i);
        if bytes.get(i) != Some(&b',') {
            return fields;
        }
        i += 1;
    }
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Offset after the closing quote of the string starting at `open`.
fn string_end(bytes: &[u8], open: usize) -> usize {
    let mut i = open + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn skip_value(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'"') => string_end(bytes, i),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut k = i;
            while k < bytes.len() {
                match bytes[k] {
                    b'"' => {
                        k = string_end(bytes, k);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            return k + 1;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            bytes.len()
        }
        _ => {
            let mut k = i;
            while k < bytes.len() && !matches!(bytes[k], b',' | b'}' | b']') {
                k += 1;
            }
            k
        }
    }
}

/// Decodes the JSON string literal at `open` with a map back into `line`.
pub(crate) fn decode_string(line: &str, open: usize) -> Decoded {
    let bytes = line.as_bytes();
    let mut text = String::new();
    let mut segments = Vec::new();
    let mut i = open + 1;
    let mut run_start = i;
    let flush = |text: &mut String, segments: &mut Vec<_>, from: usize, to: usize| {
        if to > from {
            let start = text.len();
            text.push_str(&line[from..to]);
            push_segment(
                segments,
                Span::from_offsets(start, text.len()),
                Span::from_offsets(from, to),
                true,
            );
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                flush(&mut text, &mut segments, run_start, i);
                let (c, next) = escape(line, i);
                let start = text.len();
                if let Some(c) = c {
                    text.push(c);
                }
                push_segment(
                    &mut segments,
                    Span::from_offsets(start, text.len()),
                    Span::from_offsets(i, next),
                    false,
                );
                i = next;
                run_start = i;
            }
            _ => i += 1,
        }
    }
    flush(&mut text, &mut segments, run_start, i.min(bytes.len()));
    Decoded {
        text,
        map: ByteMap::Segments(segments),
    }
}

/// One escape sequence at `at` (a backslash): the char and the offset after it. A surrogate
/// pair is read as one char.
fn escape(line: &str, at: usize) -> (Option<char>, usize) {
    let bytes = line.as_bytes();
    let Some(&kind) = bytes.get(at + 1) else {
        return (None, bytes.len());
    };
    let simple = match kind {
        b'n' => Some('\n'),
        b't' => Some('\t'),
        b'r' => Some('\r'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'/' => Some('/'),
        b'\\' => Some('\\'),
        b'"' => Some('"'),
        _ => None,
    };
    if kind != b'u' {
        let next = at + 1 + line[at + 1..].chars().next().map_or(1, char::len_utf8);
        return (simple, next);
    }
    let hex = |from: usize| {
        line.get(from..from + 4)
            .and_then(|h| u32::from_str_radix(h, 16).ok())
    };
    let Some(high) = hex(at + 2) else {
        return (None, (at + 2).min(bytes.len()));
    };
    if (0xd800..0xdc00).contains(&high) && line.get(at + 6..at + 8) == Some("\\u") {
        if let Some(low) = hex(at + 8).filter(|low| (0xdc00..0xe000).contains(low)) {
            let value = 0x10000 + ((high - 0xd800) << 10) + (low - 0xdc00);
            return (char::from_u32(value), at + 12);
        }
    }
    (Some(char::from_u32(high).unwrap_or('\u{fffd}')), at + 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_field_with_map() {
        let line =
            r#"{"id": 7, "meta": {"text": "no"}, "text": "Caf\u00e9 \"x\"\nNext\ud83d\ude00 ok"}"#;
        let decoded = string_field(line, &["text"]).unwrap();
        assert_eq!(decoded.text, "Café \"x\"\nNext😀 ok");
        let at = decoded.text.find("Next").unwrap();
        let (s, e) = decoded.map_range(at, at + 4).unwrap();
        assert_eq!(&line[s..e], "Next");
        let (s, e) = decoded.map_range(3, 5).unwrap();
        assert_eq!(&line[s..e], "\\u00e9");
    }
}
