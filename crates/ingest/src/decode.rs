//! Bytes to text: BOM, declared charset, UTF-8, else detection (chardetng) and decoding
//! (encoding_rs), keeping a byte map back to the input.

use corroborate_core::Span;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};

use crate::align::{push_segment, ByteMap, Decoded};

/// True when the bytes look like binary data rather than text in some charset.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    if Encoding::for_bom(bytes).is_some() || utf16_without_bom(bytes).is_some() {
        return false;
    }
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b))
        .count();
    control * 50 > head.len().max(1)
}

/// UTF-16 text without a BOM shows up as ASCII interleaved with NULs.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096) & !1];
    if head.len() < 8 {
        return None;
    }
    let pairs = head.len() / 2;
    let even_zero = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_zero * 10 >= pairs * 7 && even_zero * 20 < pairs {
        return Some(UTF_16LE);
    }
    if even_zero * 10 >= pairs * 7 && odd_zero * 20 < pairs {
        return Some(UTF_16BE);
    }
    None
}

/// Decodes `bytes`: a BOM wins, then `declared` (from HTTP or markup), then valid UTF-8, then
/// detection.
pub(crate) fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Decoded {
    if let Some((encoding, bom)) = Encoding::for_bom(bytes) {
        return decode_with(bytes, encoding, bom);
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return decode_with(bytes, encoding, 0);
    }
    if let Some(encoding) = declared.filter(|e| *e != UTF_8) {
        return decode_with(bytes, encoding, 0);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Decoded::identity(text.to_string());
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let guess = detector.guess(None, true);
    decode_with(bytes, guess, 0)
}

/// Decodes `bytes[start..]` with `encoding`, mapping each output char to the input bytes that
/// made it.
fn decode_with(bytes: &[u8], encoding: &'static Encoding, start: usize) -> Decoded {
    let body = &bytes[start..];
    if encoding == UTF_8 {
        if let Ok(text) = std::str::from_utf8(body) {
            return Decoded {
                text: text.to_string(),
                map: ByteMap::Offset(start),
            };
        }
    }
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() + body.len() / 4);
    let mut segments = Vec::new();
    let mut pending = 0;
    for index in 0..body.len() {
        let before = text.len();
        text.reserve(decoder.max_utf8_buffer_length(1).unwrap_or(16));
        let (_, _, _) = decoder.decode_to_string(&body[index..=index], &mut text, false);
        if text.len() > before {
            record(
                &mut segments,
                &text,
                before,
                body,
                pending,
                index + 1,
                start,
            );
            pending = index + 1;
        }
    }
    let before = text.len();
    text.reserve(decoder.max_utf8_buffer_length(0).unwrap_or(16));
    let (_, _, _) = decoder.decode_to_string(&[], &mut text, true);
    if text.len() > before {
        record(
            &mut segments,
            &text,
            before,
            body,
            pending,
            body.len(),
            start,
        );
    }
    Decoded {
        text,
        map: ByteMap::Segments(segments),
    }
}

fn record(
    segments: &mut Vec<corroborate_core::Segment>,
    text: &str,
    before: usize,
    body: &[u8],
    from: usize,
    to: usize,
    start: usize,
) {
    let produced = &text.as_bytes()[before..];
    let consumed = &body[from..to];
    push_segment(
        segments,
        Span::from_offsets(before, text.len()),
        Span::from_offsets(from + start, to + start),
        produced == consumed,
    );
}

/// The encoding a `charset=` parameter or `<meta charset>` names.
pub(crate) fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_matches(|c| c == '"' || c == '\'');
    Encoding::for_label(label.as_bytes())
}

/// The charset declared in the first 2 KB of an HTML or XML document (`<meta charset>`,
/// `http-equiv` content type, `<?xml encoding>`).
pub(crate) fn sniff_markup_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(2048)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for key in ["charset=", "encoding="] {
        let mut rest = head.as_str();
        while let Some(pos) = rest.find(key) {
            let value = &rest[pos + key.len()..];
            let value = value.trim_start_matches(['"', '\'', ' ']);
            let end = value
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .unwrap_or(value.len());
            if let Some(encoding) = encoding_for_label(&value[..end]) {
                // A page in UTF-16 cannot declare itself in ASCII-compatible bytes.
                if encoding == UTF_16LE || encoding == UTF_16BE {
                    return Some(UTF_8);
                }
                return Some(encoding);
            }
            rest = &rest[pos + key.len()..];
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_comes_out_right() {
        let raw = b"\x93Quoted\x94 costs \x80 5, caf\xe9 \x96 done";
        let decoded = decode(raw, None);
        assert_eq!(
            decoded.text,
            "\u{201c}Quoted\u{201d} costs € 5, café – done"
        );
        let at = decoded.text.find("café").unwrap();
        let (s, e) = decoded.map_range(at, at + "café".len()).unwrap();
        assert_eq!(&raw[s..e], b"caf\xe9");
    }

    #[test]
    fn bom_and_utf16() {
        let mut raw = vec![0xff, 0xfe];
        for unit in "héllo".encode_utf16() {
            raw.extend_from_slice(&unit.to_le_bytes());
        }
        let decoded = decode(&raw, None);
        assert_eq!(decoded.text, "héllo");
        assert!(!looks_binary(&raw));
        let (s, e) = decoded.map_range(1, 3).unwrap();
        assert_eq!((s, e), (4, 6));
        let decoded = decode(b"\xef\xbb\xbfabc", None);
        assert_eq!(decoded.text, "abc");
        assert_eq!(decoded.map_range(0, 3), Some((3, 6)));
    }

    #[test]
    fn declared_charset_is_used() {
        let raw = b"<meta charset=\"iso-8859-1\"><p>\xe9t\xe9</p>";
        let declared = sniff_markup_charset(raw);
        assert_eq!(declared, Some(encoding_rs::WINDOWS_1252));
        assert!(decode(raw, declared).text.contains("été"));
    }

    #[test]
    fn binary_is_recognised() {
        assert!(looks_binary(b"\x7fELF\x02\x01\x01\x00\x00\x00"));
        assert!(!looks_binary("plain text, ok\n".as_bytes()));
    }
}
