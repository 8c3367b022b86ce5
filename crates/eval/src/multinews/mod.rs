//! Reading the Multi-News evaluation set: a CSV whose `documents` column is a Python list
//! literal of strings.
//!
//! Two readers: [`load_multinews`] (the `csv` crate and a full Python literal parser; the story
//! clustering eval) and [`summaries::load_multi_news`] (its own CSV splitter; the brief's ROUGE
//! eval, references with their leading "– " removed).

pub mod summaries;

use std::path::Path;

use crate::EvalError;

/// One Multi-News row: a gold story cluster and its human summary.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MultiNewsRow {
    pub documents: Vec<String>,
    pub summary: String,
}

/// Reads the rows of a Multi-News CSV (columns `documents` and `summary`).
pub fn load_multinews(path: &Path) -> Result<Vec<MultiNewsRow>, EvalError> {
    let shown = path.display().to_string();
    let mut reader = csv::Reader::from_path(path).map_err(|source| EvalError::Csv {
        path: shown.clone(),
        source,
    })?;
    let headers = reader
        .headers()
        .map_err(|source| EvalError::Csv {
            path: shown.clone(),
            source,
        })?
        .clone();
    let column = |name: &'static str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or(EvalError::MissingColumn {
                path: shown.clone(),
                column: name,
            })
    };
    let documents_at = column("documents")?;
    let summary_at = column("summary")?;
    let mut rows = Vec::new();
    for (row, record) in reader.records().enumerate() {
        let record = record.map_err(|source| EvalError::Csv {
            path: shown.clone(),
            source,
        })?;
        let literal = record.get(documents_at).unwrap_or("");
        let documents =
            parse_python_str_list(literal).map_err(|(offset, message)| EvalError::Literal {
                path: shown.clone(),
                row,
                offset,
                message,
            })?;
        let summary = record.get(summary_at).unwrap_or("").to_string();
        rows.push(MultiNewsRow { documents, summary });
    }
    Ok(rows)
}

type ParseError = (usize, &'static str);

/// Parses a Python list literal of string literals: `['a', "b\n", u'c']`. Handles single,
/// double and triple quotes, `r`/`u` prefixes, adjacent literal concatenation and the escape
/// sequences Python's `repr` writes (`\\ \' \" \n \r \t \xhh \uhhhh \Uhhhhhhhh`, octal).
pub(crate) fn parse_python_str_list(input: &str) -> Result<Vec<String>, ParseError> {
    let bytes = input.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'[') {
        return Err((at, "expected '['"));
    }
    at = skip_space(bytes, at + 1);
    let mut out = Vec::new();
    if bytes.get(at) == Some(&b']') {
        return Ok(out);
    }
    loop {
        let mut value = String::new();
        let mut literals = 0;
        while let Some(&b) = bytes.get(at) {
            if !(b == b'\'' || b == b'"' || matches!(b, b'r' | b'R' | b'u' | b'U')) {
                break;
            }
            at = parse_literal(input, at, &mut value)?;
            literals += 1;
            at = skip_space(bytes, at);
        }
        if literals == 0 {
            return Err((at, "expected a string literal"));
        }
        out.push(value);
        match bytes.get(at) {
            Some(b',') => {
                at = skip_space(bytes, at + 1);
                if bytes.get(at) == Some(&b']') {
                    return Ok(out);
                }
            }
            Some(b']') => return Ok(out),
            _ => return Err((at, "expected ',' or ']'")),
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

/// Parses one literal starting at `at` (prefix included), appending its value.
fn parse_literal(input: &str, mut at: usize, value: &mut String) -> Result<usize, ParseError> {
    let bytes = input.as_bytes();
    let mut raw = false;
    while let Some(&b) = bytes.get(at) {
        match b {
            b'r' | b'R' => raw = true,
            b'u' | b'U' => {}
            _ => break,
        }
        at += 1;
    }
    let quote = match bytes.get(at) {
        Some(&q @ (b'\'' | b'"')) => q,
        _ => return Err((at, "expected a quote")),
    };
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    at += if triple { 3 } else { 1 };
    loop {
        let rest = input.get(at..).ok_or((at, "not on a char boundary"))?;
        let Some(c) = rest.chars().next() else {
            return Err((at, "unterminated string"));
        };
        if c as u32 == quote as u32 {
            if !triple {
                return Ok(at + 1);
            }
            if bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote) {
                return Ok(at + 3);
            }
        }
        if c == '\\' && !raw {
            at = parse_escape(input, at + 1, value)?;
            continue;
        }
        if c == '\\' && raw {
            // A raw string still cannot end in an escaped quote.
            value.push('\\');
            at += 1;
            if let Some(&next) = bytes.get(at) {
                if next == quote || next == b'\\' {
                    value.push(next as char);
                    at += 1;
                }
            }
            continue;
        }
        value.push(c);
        at += c.len_utf8();
    }
}

fn parse_escape(input: &str, at: usize, value: &mut String) -> Result<usize, ParseError> {
    let bytes = input.as_bytes();
    let Some(&b) = bytes.get(at) else {
        return Err((at, "unterminated escape"));
    };
    let simple = match b {
        b'\\' => Some('\\'),
        b'\'' => Some('\''),
        b'"' => Some('"'),
        b'n' => Some('\n'),
        b'r' => Some('\r'),
        b't' => Some('\t'),
        b'a' => Some('\u{7}'),
        b'b' => Some('\u{8}'),
        b'f' => Some('\u{c}'),
        b'v' => Some('\u{b}'),
        _ => None,
    };
    if let Some(c) = simple {
        value.push(c);
        return Ok(at + 1);
    }
    let hex = |len: usize| -> Result<(char, usize), ParseError> {
        let digits = input
            .get(at + 1..at + 1 + len)
            .ok_or((at, "short hex escape"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| (at, "bad hex escape"))?;
        let c = char::from_u32(code).unwrap_or('\u{fffd}');
        Ok((c, at + 1 + len))
    };
    let (c, next) = match b {
        b'x' => hex(2)?,
        b'u' => hex(4)?,
        b'U' => hex(8)?,
        b'\n' => return Ok(at + 1),
        b'0'..=b'7' => {
            let mut end = at;
            while end < at + 3 && bytes.get(end).is_some_and(|d| (b'0'..=b'7').contains(d)) {
                end += 1;
            }
            let code = u32::from_str_radix(&input[at..end], 8).map_err(|_| (at, "bad octal"))?;
            (char::from_u32(code).unwrap_or('\u{fffd}'), end)
        }
        _ => {
            // Python keeps an unknown escape as written.
            value.push('\\');
            return Ok(at);
        }
    };
    value.push(c);
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Python's `repr` of a str, enough for round trips.
    fn python_repr(s: &str) -> String {
        let quote = if s.contains('\'') && !s.contains('"') {
            '"'
        } else {
            '\''
        };
        let mut out = String::new();
        out.push(quote);
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c == quote => {
                    out.push('\\');
                    out.push(c);
                }
                c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                    out.push_str(&format!("\\x{:02x}", c as u32))
                }
                c => out.push(c),
            }
        }
        out.push(quote);
        out
    }

    #[test]
    fn parses_quotes_and_escapes() {
        let got = parse_python_str_list(r#"['It\'s', "say \"hi\"\n", u'caf\xe9 \u2014', 'a' 'b']"#)
            .unwrap();
        assert_eq!(got, vec!["It's", "say \"hi\"\n", "café —", "ab"]);
        assert_eq!(parse_python_str_list("[]").unwrap(), Vec::<String>::new());
        assert!(parse_python_str_list("['open").is_err());
        assert!(parse_python_str_list("'x'").is_err());
    }

    proptest! {
        #[test]
        fn repr_round_trips(items in proptest::collection::vec(any::<String>(), 0..5)) {
            let literal = format!(
                "[{}]",
                items.iter().map(|s| python_repr(s)).collect::<Vec<_>>().join(", ")
            );
            prop_assert_eq!(parse_python_str_list(&literal).unwrap(), items);
        }
    }
}
