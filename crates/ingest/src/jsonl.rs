//! JSON Lines: one article an object a line (a single JSON object or array of objects works
//! too). A broken line gives an error naming `file:line`; the other lines still come out.

use std::collections::HashSet;

use corroborate_core::{Document, Meta};
use serde_json::{Map, Value};

use crate::align::Decoded;
use crate::dates::normalize_date;
use crate::json_string::string_field;
use crate::read::{check_text, finish, html_document, Context, MAX_ARTICLE_BYTES};
use crate::{html, text, IngestError};

const TEXT_KEYS: &[&str] = &[
    "text",
    "body",
    "content",
    "articleBody",
    "article",
    "maintext",
];
const HTML_KEYS: &[&str] = &["html", "raw_html", "content_html", "body_html"];

pub(crate) fn read_jsonl(ctx: &Context, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('[') {
        return read_array(ctx, trimmed);
    }
    let mut ids = Ids::default();
    let mut results = Vec::new();
    let mut offset = 0;
    let mut record = 0;
    // A pretty-printed single object spans many lines: read it whole.
    if !text.lines().next().unwrap_or("").trim_end().ends_with('}') {
        if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(trimmed) {
            let compact = Value::Object(map.clone()).to_string();
            results.push(read_record(ctx, &compact, &map, 1, &mut ids));
            return results;
        }
    }
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let start = offset;
        offset += line.len();
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        record += 1;
        let number = index + 1;
        let line_error = |message: String| IngestError::Line {
            path: ctx.name.clone(),
            line: number,
            message,
        };
        let value = match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                results.push(Err(line_error("expected a JSON object".into())));
                continue;
            }
            Err(error) => {
                results.push(Err(line_error(format!("invalid JSON ({error})"))));
                continue;
            }
        };
        debug_assert!(start <= offset);
        let result = read_record(ctx, line, &value, record, &mut ids).map_err(|error| {
            line_error(match error {
                IngestError::NoArticle { reason, .. } => {
                    format!("no article text found ({reason})")
                }
                other => other.to_string(),
            })
        });
        results.push(result);
    }
    if results.is_empty() {
        results.push(Err(IngestError::Empty {
            path: ctx.name.clone(),
        }));
    }
    results
}

fn read_array(ctx: &Context, text: &str) -> Vec<Result<Document, IngestError>> {
    let items = match serde_json::from_str::<Vec<Value>>(text) {
        Ok(items) => items,
        Err(error) => {
            return vec![Err(IngestError::Malformed {
                path: ctx.name.clone(),
                format: "json",
                detail: error.to_string(),
            })]
        }
    };
    let mut ids = Ids::default();
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| match item {
            Value::Object(map) => {
                let line = Value::Object(map.clone()).to_string();
                read_record(ctx, &line, &map, index + 1, &mut ids)
            }
            _ => Err(IngestError::Record {
                path: ctx.name.clone(),
                record: index + 1,
                message: "expected a JSON object".into(),
            }),
        })
        .collect()
}

/// Ids unique within one container.
#[derive(Default)]
struct Ids {
    seen: HashSet<String>,
}

impl Ids {
    fn claim(&mut self, wanted: String) -> String {
        let mut id = wanted.clone();
        let mut n = 2;
        while !self.seen.insert(id.clone()) {
            id = format!("{wanted}-{n}");
            n += 1;
        }
        id
    }
}

fn read_record(
    ctx: &Context,
    line: &str,
    map: &Map<String, Value>,
    record: usize,
    ids: &mut Ids,
) -> Result<Document, IngestError> {
    let path = format!("{}#{record}", ctx.name);
    let get = |keys: &[&str]| {
        keys.iter().find_map(|k| match map.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    let wanted = get(&["id", "_id", "doc_id", "article_id", "uuid"])
        .unwrap_or_else(|| format!("{}-{record}", ctx.stem));
    let id = ids.claim(wanted);
    let meta = Meta {
        path: Some(path.clone()),
        url: get(&["url", "link", "uri"]),
        outlet: get(&[
            "outlet",
            "source",
            "site",
            "site_name",
            "publisher",
            "domain",
        ]),
        title: get(&["title", "headline"]),
        byline: get(&["author", "byline", "authors"]).or_else(|| authors(map)),
        published: get(&[
            "published",
            "date",
            "published_at",
            "publish_date",
            "datePublished",
            "pubDate",
        ])
        .and_then(|d| normalize_date(&d)),
        language: get(&["language", "lang"]).filter(|l| l.len() == 2),
        format: Some("jsonl".into()),
        ..Meta::default()
    };
    let raw = line.as_bytes().to_vec();
    if line.len() > MAX_ARTICLE_BYTES {
        return Err(IngestError::too_large(&path, line.len(), MAX_ARTICLE_BYTES));
    }
    if let Some(decoded) = string_field(line, TEXT_KEYS).filter(|d| !d.text.trim().is_empty()) {
        return text_record(&path, id, meta, raw, &decoded);
    }
    let Some(decoded) = string_field(line, HTML_KEYS) else {
        return Err(IngestError::no_article(&path, "no text or html field"));
    };
    // The page goes through the HTML extractor; a fragment falls back to its blocks.
    match html_document(&path, id.clone(), meta.clone(), raw.clone(), &decoded) {
        Ok(doc) => Ok(doc),
        Err(_) => {
            let source = html::read_fragment(&decoded);
            if source.is_empty() {
                return Err(IngestError::no_article(&path, "html field has no text"));
            }
            Ok(finish(id, meta, raw, source, &decoded))
        }
    }
}

fn text_record(
    path: &str,
    id: String,
    mut meta: Meta,
    raw: Vec<u8>,
    decoded: &Decoded,
) -> Result<Document, IngestError> {
    check_text(path, decoded)?;
    let mut article = text::read_text(decoded, false, true);
    if let (Some(given), Some(found)) = (&meta.title, &article.title) {
        if given != found {
            article = text::read_text(decoded, false, false);
        }
    }
    if article.source.is_empty() {
        return Err(IngestError::no_article(path, "empty text field"));
    }
    meta.title = meta.title.or(article.title);
    meta.byline = meta.byline.or(article.byline);
    meta.published = meta.published.or(article.published);
    meta.dateline = article.dateline;
    Ok(finish(id, meta, raw, article.source, decoded))
}

/// Authors given as a list of names or of objects with a name.
fn authors(map: &Map<String, Value>) -> Option<String> {
    let list = map
        .get("authors")
        .or_else(|| map.get("author"))?
        .as_array()?;
    let names: Vec<&str> = list
        .iter()
        .filter_map(|v| v.as_str().or_else(|| v.get("name").and_then(Value::as_str)))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}
