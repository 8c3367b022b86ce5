//! WARC (and per-record gzipped WARC, inflated before it gets here): response records whose
//! HTTP payload is HTML become articles. A record's `raw` is its HTTP payload (de-chunked and
//! decompressed). Parsing stops at the first damage with an error; records before it stand.

use std::io::Read;

use corroborate_core::Document;
use memchr::memmem;

use crate::decode::encoding_for_label;
use crate::read::{read_html_article, Context};
use crate::IngestError;

/// One parsed record header block.
struct Record<'a> {
    headers: Vec<(String, String)>,
    block: &'a [u8],
}

impl Record<'_> {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub(crate) fn read_warc(ctx: &Context, bytes: &[u8]) -> Vec<Result<Document, IngestError>> {
    let mut results = Vec::new();
    let mut pos = 0;
    let mut n = 0;
    loop {
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= bytes.len() {
            break;
        }
        n += 1;
        let record = match parse_record(bytes, pos) {
            Ok((record, next)) => {
                pos = next;
                record
            }
            Err(detail) => {
                results.push(Err(IngestError::Malformed {
                    path: ctx.name.clone(),
                    format: "warc",
                    detail: format!("record {n} at byte {pos}: {detail}"),
                }));
                break;
            }
        };
        if let Some(result) = read_record(ctx, &record, n) {
            results.push(result);
        }
    }
    if results.is_empty() {
        results.push(Err(IngestError::no_article(
            &ctx.name,
            format!("{n} WARC records, none an HTML response"),
        )));
    }
    results
}

fn parse_record(bytes: &[u8], pos: usize) -> Result<(Record<'_>, usize), String> {
    let rest = &bytes[pos..];
    if !rest.starts_with(b"WARC/") {
        return Err("expected a WARC/ version line".into());
    }
    let (head_end, body_start) = header_end(rest).ok_or("header block not terminated")?;
    let head = String::from_utf8_lossy(&rest[..head_end]);
    let headers = parse_headers(head.lines().skip(1));
    let length = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .ok_or("no Content-Length")?
        .1
        .trim()
        .parse::<usize>()
        .map_err(|_| "bad Content-Length".to_string())?;
    let available = rest.len() - body_start;
    if length > available {
        return Err(format!(
            "truncated: Content-Length {length} but {available} bytes left"
        ));
    }
    let block = &rest[body_start..body_start + length];
    Ok((Record { headers, block }, pos + body_start + length))
}

/// End of a header block: (end of headers, start of body), CRLF or bare LF.
fn header_end(bytes: &[u8]) -> Option<(usize, usize)> {
    let crlf = memmem::find(bytes, b"\r\n\r\n").map(|e| (e, e + 4));
    let lf = memmem::find(bytes, b"\n\n").map(|e| (e, e + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

fn parse_headers<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_string(), value.trim().to_string()))
        })
        .collect()
}

/// An article from one record; `None` for records that are not HTML responses.
fn read_record(ctx: &Context, record: &Record, n: usize) -> Option<Result<Document, IngestError>> {
    let kind = record.header("WARC-Type")?.to_ascii_lowercase();
    let content_type = record
        .header("Content-Type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let path = format!("{}#{n}", ctx.name);
    let error = |message: String| IngestError::Record {
        path: ctx.name.clone(),
        record: n,
        message,
    };
    let (payload, http_type) = match kind.as_str() {
        "response" if content_type.contains("application/http") => {
            let (head_end, body_start) = header_end(record.block)?;
            let head = String::from_utf8_lossy(&record.block[..head_end]);
            let mut lines = head.lines();
            let status: u16 = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
            if !(200..300).contains(&status) {
                return None;
            }
            let headers = parse_headers(lines);
            let get = |name: &str| {
                headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.to_ascii_lowercase())
            };
            let mut body = record.block[body_start..].to_vec();
            if get("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
                body = dechunk(&body).unwrap_or(body);
            }
            if let Some(encoding) = get("content-encoding") {
                match inflate(&body, &encoding) {
                    Ok(inflated) => body = inflated,
                    Err(message) => return Some(Err(error(message))),
                }
            }
            (body, get("content-type").unwrap_or_default())
        }
        "resource" => (record.block.to_vec(), content_type.clone()),
        _ => return None,
    };
    if !(http_type.contains("html") || (http_type.is_empty() && looks_html(&payload))) {
        return None;
    }
    let declared = http_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset="))
        .and_then(encoding_for_label);
    let mut meta = ctx.record_meta(n);
    meta.url = record
        .header("WARC-Target-URI")
        .map(|u| u.trim_matches(['<', '>']).to_string());
    meta.format = Some("warc".into());
    let id = format!("{}-{n}", ctx.stem);
    let result = read_html_article(ctx, id, meta, payload, declared).map_err(|e| match e {
        IngestError::NoArticle { reason, .. } => error(format!("no article text found ({reason})")),
        other => error(
            other
                .to_string()
                .trim_start_matches(&format!("{path}: "))
                .to_string(),
        ),
    });
    Some(result)
}

fn looks_html(payload: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&payload[..payload.len().min(1024)]).to_ascii_lowercase();
    head.contains("<html") || head.contains("<!doctype html")
}

fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    loop {
        let line_end = memmem::find(&body[pos..], b"\r\n")? + pos;
        let size_text = std::str::from_utf8(&body[pos..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        pos = line_end + 2;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(pos..pos + size)?);
        pos += size + 2;
    }
}

fn inflate(body: &[u8], encoding: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    let limit = crate::read::MAX_ARTICLE_BYTES as u64 * 4;
    let result = match encoding.trim() {
        "gzip" | "x-gzip" => flate2::read::MultiGzDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out),
        "deflate" => flate2::read::ZlibDecoder::new(body)
            .take(limit)
            .read_to_end(&mut out),
        "identity" | "" => return Ok(body.to_vec()),
        other => return Err(format!("unsupported content encoding {other}")),
    };
    result.map_err(|e| format!("payload {encoding} stream: {e}"))?;
    Ok(out)
}
