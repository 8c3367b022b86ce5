//! Reads Multi-News `validation.csv`: a CSV with columns `documents` (a Python-literal list of
//! strings), `num_documents` and `summary` (the human reference, starting with "– ").

use std::path::Path;

use crate::EvalError;

/// One Multi-News cluster: its articles and the human reference summary.
#[derive(Clone, Debug, PartialEq)]
pub struct MultiNewsRow {
    pub documents: Vec<String>,
    /// The reference with its leading "– " removed.
    pub summary: String,
}

/// Loads every row of a Multi-News CSV file.
pub fn load_multi_news(path: &Path) -> Result<Vec<MultiNewsRow>, EvalError> {
    let data = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let records = parse_csv(&data).map_err(|message| EvalError::MalformedCsv {
        path: path.to_path_buf(),
        message,
    })?;
    let mut records = records.into_iter();
    let header = records.next().ok_or_else(|| EvalError::MalformedCsv {
        path: path.to_path_buf(),
        message: "empty file".into(),
    })?;
    let column = |name: &str| {
        header
            .iter()
            .position(|field| field == name)
            .ok_or_else(|| EvalError::MalformedCsv {
                path: path.to_path_buf(),
                message: format!("no column {name}"),
            })
    };
    let documents_at = column("documents")?;
    let summary_at = column("summary")?;
    let mut rows = Vec::new();
    for (index, record) in records.enumerate() {
        let row_error = |message: String| EvalError::Row {
            path: path.to_path_buf(),
            row: index + 1,
            message,
        };
        let documents = record
            .get(documents_at)
            .ok_or_else(|| row_error("missing documents".into()))?;
        let summary = record
            .get(summary_at)
            .ok_or_else(|| row_error("missing summary".into()))?;
        let documents = parse_string_list(documents).map_err(row_error)?;
        let summary = summary.trim();
        let summary = summary.strip_prefix('–').unwrap_or(summary).trim_start();
        rows.push(MultiNewsRow {
            documents,
            summary: summary.to_string(),
        });
    }
    Ok(rows)
}

/// Splits RFC 4180 CSV into records: quoted fields may hold commas, newlines and `""`.
pub(crate) fn parse_csv(data: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = data.chars().peekable();
    let mut in_quotes = false;
    let mut field_started = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    field.push('"');
                } else {
                    in_quotes = false;
                }
            } else {
                field.push(c);
            }
            continue;
        }
        match c {
            '"' if !field_started => {
                in_quotes = true;
                field_started = true;
            }
            ',' => {
                record.push(std::mem::take(&mut field));
                field_started = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                field_started = false;
            }
            _ => {
                field.push(c);
                field_started = true;
            }
        }
    }
    if in_quotes {
        return Err("unterminated quoted field".into());
    }
    if field_started || !record.is_empty() {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

/// Parses a Python list literal of string literals: `['a', "b\n", 'it\'s']`.
pub(crate) fn parse_string_list(literal: &str) -> Result<Vec<String>, String> {
    let mut chars = literal.trim().chars().peekable();
    if chars.next() != Some('[') {
        return Err("documents is not a list literal".into());
    }
    let mut items = Vec::new();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace() || *c == ',') {
            chars.next();
        }
        match chars.next() {
            Some(']') => return Ok(items),
            Some(quote @ ('\'' | '"')) => items.push(parse_string(&mut chars, quote)?),
            Some(other) => return Err(format!("unexpected {other:?} in list literal")),
            None => return Err("unterminated list literal".into()),
        }
    }
}

fn parse_string(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    quote: char,
) -> Result<String, String> {
    let mut out = String::new();
    loop {
        let c = chars.next().ok_or("unterminated string literal")?;
        if c == quote {
            return Ok(out);
        }
        if c != '\\' {
            out.push(c);
            continue;
        }
        let escaped = chars.next().ok_or("unterminated escape")?;
        match escaped {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\n' => {}
            'x' => out.push(hex_char(chars, 2)?),
            'u' => out.push(hex_char(chars, 4)?),
            'U' => out.push(hex_char(chars, 8)?),
            '\\' | '\'' | '"' => out.push(escaped),
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
}

fn hex_char(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    digits: usize,
) -> Result<char, String> {
    let hex: String = chars.take(digits).collect();
    let code = u32::from_str_radix(&hex, 16).map_err(|_| format!("bad escape \\{hex}"))?;
    Ok(char::from_u32(code).unwrap_or('\u{fffd}'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_quoted_csv() {
        let data = "a,b\n\"x, \"\"y\"\"\nz\",2\r\nplain,\n";
        let records = parse_csv(data).unwrap();
        assert_eq!(records.len(), 3);
        assert_eq!(records[1], ["x, \"y\"\nz", "2"]);
        assert_eq!(records[2], ["plain", ""]);
        assert!(parse_csv("\"open").is_err());
    }

    #[test]
    fn parses_python_string_lists() {
        let items =
            parse_string_list(r#"['it\'s \n ok', "say \"hi\"", 'caf\xe9 \u2013']"#).unwrap();
        assert_eq!(items, ["it's \n ok", "say \"hi\"", "café –"]);
        assert_eq!(parse_string_list("[]").unwrap(), Vec::<String>::new());
        assert!(parse_string_list("['open").is_err());
        assert!(parse_string_list("nope").is_err());
    }

    #[test]
    fn loads_the_shared_validation_set() {
        let Some(dir) = corroborate_core::shared_dir() else {
            eprintln!("skipped: no shared data");
            return;
        };
        let rows = load_multi_news(&dir.join("data/multi-news/validation.csv")).unwrap();
        assert_eq!(rows.len(), 250);
        assert!(rows.iter().all(|row| !row.documents.is_empty()));
        assert!(rows[0].summary.starts_with("Skal, Sweden!"));
        assert!(rows[0].documents[0].starts_with("Good Country Index"));
    }

    proptest::proptest! {
        #[test]
        fn csv_round_trips_quoted_fields(fields in proptest::collection::vec("\\PC{0,12}", 1..5)) {
            let line = fields
                .iter()
                .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(",");
            let records = parse_csv(&format!("{line}\n")).unwrap();
            proptest::prop_assert_eq!(&records[0], &fields);
        }
    }
}
