//! Helpers shared by the integration tests (each test binary uses some of them).
#![allow(dead_code)]

use corroborate_core::{Alignment, Document, Meta};

/// A document fresh from a reader: `source` set, not cleaned yet.
pub fn reader_document(id: &str, source: &str) -> Document {
    Document::new(
        id,
        Meta::default(),
        source.as_bytes().to_vec(),
        source.to_string(),
        Alignment::identity(source.len()),
    )
}

/// Asserts that every non-whitespace byte of `doc.source` is either in a kept line (mapped
/// through `text_to_source`) or in a dropped span, that kept text maps back exactly, and that
/// nothing is both kept and dropped.
pub fn assert_accounts_for_source(doc: &Document) {
    let mut covered = vec![0u8; doc.source.len()];
    for segment in doc.text_to_source.segments() {
        assert!(segment.exact);
        assert_eq!(&doc.text[segment.from], &doc.source[segment.to]);
        for byte in segment.to.range() {
            covered[byte] += 1;
        }
    }
    for dropped in &doc.dropped {
        assert!(dropped.span.is_valid_for(&doc.source));
        assert!(!dropped.detail.is_empty());
        for byte in dropped.span.range() {
            covered[byte] += 1;
        }
    }
    for (at, c) in doc.source.char_indices() {
        if c.is_whitespace() {
            continue;
        }
        for (byte, count) in covered.iter().enumerate().skip(at).take(c.len_utf8()) {
            assert_eq!(
                *count, 1,
                "byte {byte} ({c:?}) of the source is kept or dropped {count} times"
            );
        }
    }
}

/// The articles of `shared/data/multi-news/validation.csv` (column `documents`, a Python
/// list literal of strings), or `None` when the data is not there.
pub fn multi_news() -> Option<Vec<String>> {
    let path = corroborate_core::shared_dir()?.join("data/multi-news/validation.csv");
    let csv = std::fs::read_to_string(path).ok()?;
    let mut articles = Vec::new();
    for row in csv_rows(&csv).into_iter().skip(1) {
        if let Some(documents) = row.first() {
            articles.extend(python_strings(documents));
        }
    }
    Some(articles)
}

/// Rows of a CSV text with quoted fields ("" escapes a quote).
fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = csv.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, '\r') => {}
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// The string literals of a Python list literal such as `['a\n', "b's"]`.
fn python_strings(literal: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = literal.chars();
    while let Some(c) = chars.next() {
        if c != '\'' && c != '"' {
            continue;
        }
        let quote = c;
        let mut value = String::new();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('n') => value.push('\n'),
                    Some('t') => value.push('\t'),
                    Some('r') => value.push('\r'),
                    Some('x') => {
                        let hex: String = chars.by_ref().take(2).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some('u') => {
                        let hex: String = chars.by_ref().take(4).collect();
                        value.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
                    }
                    Some(other) => value.push(other),
                    None => break,
                },
                c if c == quote => break,
                c => value.push(c),
            }
        }
        strings.push(value);
    }
    strings
}
