//! Markdown to plain pieces: heading markers, emphasis, code ticks and link syntax go; link
//! text stays. Every kept piece is a range of the input line, so offsets stay exact.

/// One input line reduced to the ranges of text it keeps.
#[derive(Debug, Default)]
pub(crate) struct MdLine {
    /// Kept byte ranges of the decoded text, in order.
    pub pieces: Vec<(usize, usize)>,
    pub heading: bool,
    /// A structural line with no prose (rule, fence, reference definition): acts as blank.
    pub blank: bool,
}

/// Reduces `text[start..end]` (one trimmed line) to its prose.
pub(crate) fn strip_line(text: &str, start: usize, end: usize) -> MdLine {
    let line = &text[start..end];
    let mut line_out = MdLine::default();
    if is_rule(line) || line.starts_with("```") || line.starts_with("~~~") || is_ref_def(line) {
        line_out.blank = true;
        return line_out;
    }
    let mut offset = 0;
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t']) {
        line_out.heading = true;
        offset = line.len() - line[hashes..].trim_start().len();
    } else if let Some(rest) = strip_block_marker(line) {
        offset = line.len() - rest.len();
    }
    let mut body_end = line.len();
    if line_out.heading {
        body_end = line.trim_end_matches('#').trim_end().len().max(offset);
    }
    inline(text, start + offset, start + body_end, &mut line_out.pieces);
    line_out
}

fn is_rule(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    compact.len() >= 3
        && (compact.chars().all(|c| c == '-')
            || compact.chars().all(|c| c == '*')
            || compact.chars().all(|c| c == '_')
            || compact.chars().all(|c| c == '='))
}

fn is_ref_def(line: &str) -> bool {
    line.starts_with('[') && line.contains("]: ")
}

/// Strips a blockquote or list marker.
fn strip_block_marker(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix('>') {
        return Some(rest.trim_start());
    }
    for marker in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(marker) {
            return Some(rest.trim_start());
        }
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && digits < 4 {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some(rest.trim_start());
        }
    }
    None
}

/// Collects the kept ranges of `text[start..end]`.
fn inline(text: &str, start: usize, end: usize, pieces: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let mut piece_start = start;
    let mut i = start;
    let cut = |pieces: &mut Vec<(usize, usize)>, from: usize, to: usize| {
        if to > from {
            pieces.push((from, to));
        }
    };
    while i < end {
        match bytes[i] {
            b'*' | b'`' | b'~' => {
                cut(pieces, piece_start, i);
                i += 1;
                piece_start = i;
            }
            b'_' if is_emphasis_underscore(bytes, i, start, end) => {
                cut(pieces, piece_start, i);
                i += 1;
                piece_start = i;
            }
            b'!' if i + 1 < end && bytes[i + 1] == b'[' => {
                if let Some((_, _, after)) = link_at(text, i + 1, end) {
                    cut(pieces, piece_start, i);
                    i = after;
                    piece_start = i;
                } else {
                    i += 1;
                }
            }
            b'[' => {
                if let Some((label_start, label_end, after)) = link_at(text, i, end) {
                    cut(pieces, piece_start, i);
                    inline(text, label_start, label_end, pieces);
                    i = after;
                    piece_start = i;
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    cut(pieces, piece_start, end);
}

/// `_` that opens or closes emphasis: at a word edge, not inside snake_case.
fn is_emphasis_underscore(bytes: &[u8], i: usize, start: usize, end: usize) -> bool {
    let before = (i > start).then(|| bytes[i - 1]);
    let after = (i + 1 < end).then(|| bytes[i + 1]);
    let word = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || b >= 0x80);
    !(word(before) && word(after))
}

/// A link `[label](target)` or `[label][ref]` starting at `open`: label range and the end.
fn link_at(text: &str, open: usize, end: usize) -> Option<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut close = None;
    for (k, &b) in bytes.iter().enumerate().take(end).skip(open) {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    close = Some(k);
                    break;
                }
            }
            _ => {}
        }
    }
    let close = close?;
    if close + 2 > end {
        return None;
    }
    let (opener, closer) = match bytes.get(close + 1) {
        Some(b'(') => (b'(', b')'),
        Some(b'[') => (b'[', b']'),
        _ => return None,
    };
    debug_assert!(opener == bytes[close + 1]);
    let target_end = bytes[close + 2..end].iter().position(|&b| b == closer)?;
    Some((open + 1, close, close + 2 + target_end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flat(text: &str) -> (String, bool) {
        let line = strip_line(text, 0, text.len());
        let kept: String = line.pieces.iter().map(|&(s, e)| &text[s..e]).collect();
        (kept, line.heading)
    }

    #[test]
    fn strips_markup_and_keeps_link_text() {
        assert_eq!(flat("# A *big* day #"), ("A big day".into(), true));
        assert_eq!(
            flat(
                "Read **this** [report](http://x.test/a) and ![pic](p.png) `code` snake_case _it_"
            ),
            ("Read this report and  code snake_case it".into(), false)
        );
        assert_eq!(flat("- item [a [b]](u)"), ("item a [b]".into(), false));
        assert!(strip_line("---", 0, 3).blank);
    }
}
