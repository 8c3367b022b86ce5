//! Reading one input: gzip, sniffing the format, the size policy, and dispatch to a reader.

use std::io::Read;
use std::path::Path;

use corroborate_core::{Document, Meta};
use encoding_rs::Encoding;

use crate::align::{Decoded, SourceBuilder};
use crate::decode::{decode, looks_binary, sniff_markup_charset};
use crate::discover::Input;
use crate::{feed, html, jsonl, text, warc, IngestError};

/// The most text one article (a plain text or HTML file, or one container record) may have.
pub const MAX_ARTICLE_BYTES: usize = 10_000_000;
/// The most bytes a gzip stream of a container (JSONL, feed, WARC) may inflate to; a single
/// article's may inflate to [`MAX_ARTICLE_BYTES`].
pub const MAX_INFLATED_BYTES: usize = 1_000_000_000;

/// Reads one input (file or stdin) and returns one result per article found (a container gives
/// many; a broken record gives an `Err` for that record while the others still come out).
pub fn read_input(input: &Input) -> Vec<Result<Document, IngestError>> {
    match input {
        Input::File(path) => {
            let name = path.display().to_string();
            match std::fs::read(path) {
                Ok(bytes) => read_bytes(&name, bytes),
                Err(source) => vec![Err(IngestError::Io { path: name, source })],
            }
        }
        Input::Stdin => {
            let mut bytes = Vec::new();
            match std::io::stdin().lock().read_to_end(&mut bytes) {
                Ok(_) => read_bytes("-", bytes),
                Err(source) => vec![Err(IngestError::Io {
                    path: "-".into(),
                    source,
                })],
            }
        }
    }
}

/// The formats a reader knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Text { markdown: bool },
    Html,
    Jsonl,
    Feed,
    Warc,
}

/// Same as [`read_input`] from bytes already in memory; `name` is the path shown in errors and
/// `meta.path`.
pub fn read_bytes(name: &str, bytes: Vec<u8>) -> Vec<Result<Document, IngestError>> {
    if bytes.is_empty() {
        return vec![Err(IngestError::Empty { path: name.into() })];
    }
    let ctx = Context::new(name);
    let (bytes, gzip_error) = if bytes.starts_with(&[0x1f, 0x8b]) {
        gunzip(name, &bytes, &ctx.extension)
    } else {
        (bytes, None)
    };
    if bytes.is_empty() {
        return vec![Err(
            gzip_error.unwrap_or(IngestError::Empty { path: name.into() })
        )];
    }
    let format = sniff(&bytes, &ctx.extension);
    let is_container = is_container(format);
    if let Some(error) = gzip_error {
        if !is_container {
            return vec![Err(error)];
        }
        let mut results = read_format(&ctx, format, bytes);
        let kept = results.iter().filter(|result| result.is_ok()).count();
        results.push(Err(IngestError::Damaged {
            path: name.into(),
            detail: format!("{}; {kept} records kept", error_detail(&error)),
        }));
        return results;
    }
    read_format(&ctx, format, bytes)
}

/// An error's message without the leading path.
fn error_detail(error: &IngestError) -> String {
    let message = error.to_string();
    message
        .strip_prefix(error.path())
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or(&message)
        .to_string()
}

fn read_format(
    ctx: &Context,
    format: Format,
    bytes: Vec<u8>,
) -> Vec<Result<Document, IngestError>> {
    if format != Format::Warc && looks_binary(&bytes) {
        return vec![Err(IngestError::Binary {
            path: ctx.name.clone(),
        })];
    }
    match format {
        Format::Warc => warc::read_warc(ctx, &bytes),
        Format::Feed => feed::read_feed(ctx, &bytes),
        Format::Jsonl => jsonl::read_jsonl(ctx, &bytes),
        Format::Html => vec![read_html_article(
            ctx,
            ctx.stem.clone(),
            ctx.meta(),
            bytes,
            None,
        )],
        Format::Text { markdown } => vec![read_text_article(ctx, bytes, markdown)],
    }
}

/// What every reader needs to know about the input.
#[derive(Debug)]
pub(crate) struct Context {
    /// The path as shown in errors and `meta.path`.
    pub name: String,
    /// The id of a single-article input, and the prefix of container record ids.
    pub stem: String,
    pub extension: String,
}

impl Context {
    /// A fetched page or feed: named by its URL, its id from the URL's last path segment.
    pub fn for_url(url: &str) -> Context {
        let mut ctx = Context::new(url);
        ctx.stem = crate::page::url_stem(url);
        ctx
    }

    fn new(name: &str) -> Context {
        let file = Path::new(name)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.to_string());
        let file = file.strip_suffix(".gz").unwrap_or(&file).to_string();
        let path = Path::new(&file);
        let stem = if name == "-" {
            "stdin".to_string()
        } else {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| file.clone())
        };
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        Context {
            name: name.to_string(),
            stem,
            extension,
        }
    }

    /// Meta of a single-article input.
    pub fn meta(&self) -> Meta {
        Meta {
            path: Some(self.name.clone()),
            ..Meta::default()
        }
    }

    /// Meta of the n-th record of a container.
    pub fn record_meta(&self, n: usize) -> Meta {
        Meta {
            path: Some(format!("{}#{n}", self.name)),
            ..Meta::default()
        }
    }
}

/// The main text rs-trafilatura alone finds in an HTML page (gzip or plain bytes, decoded as
/// the HTML reader decodes them), without our leak filters: the baseline the extraction
/// benchmark compares against.
pub fn trafilatura_text(name: &str, bytes: Vec<u8>) -> String {
    let ctx = Context::new(name);
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        gunzip(name, &bytes, &ctx.extension).0
    } else {
        bytes
    };
    let declared = sniff_markup_charset(&bytes);
    let decoded = decode(&bytes, declared);
    crate::html::trafilatura_text(&decoded.text)
}

/// Inflated bytes read before the format is known.
const GZIP_SNIFF_BYTES: usize = 64 * 1024;

/// Inflates a gzip stream (all members). A single article may inflate to at most
/// [`MAX_ARTICLE_BYTES`] and a container to [`MAX_INFLATED_BYTES`]: the format is sniffed from
/// the first inflated bytes, so a gzip bomb stops early.
fn gunzip(name: &str, bytes: &[u8], extension: &str) -> (Vec<u8>, Option<IngestError>) {
    let mut out = Vec::new();
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes);
    let head = (&mut decoder)
        .take(GZIP_SNIFF_BYTES as u64)
        .read_to_end(&mut out);
    if let Err(error) = head {
        return (out, Some(gzip_error(name, error)));
    }
    let limit = if is_container(sniff(&out, extension)) {
        MAX_INFLATED_BYTES
    } else {
        MAX_ARTICLE_BYTES
    };
    let mut limited = decoder.take((limit + 1).saturating_sub(out.len()) as u64);
    match limited.read_to_end(&mut out) {
        Ok(_) if out.len() > limit => {
            out.truncate(limit);
            let error = IngestError::InflatesTooFar {
                path: name.into(),
                limit: crate::error::megabytes(limit),
            };
            (out, Some(error))
        }
        Ok(_) => (out, None),
        Err(error) => (out, Some(gzip_error(name, error))),
    }
}

fn gzip_error(name: &str, error: std::io::Error) -> IngestError {
    if error.kind() == std::io::ErrorKind::UnexpectedEof {
        return IngestError::TruncatedGzip { path: name.into() };
    }
    IngestError::CorruptGzip {
        path: name.into(),
        detail: error.to_string(),
    }
}

fn is_container(format: Format) -> bool {
    matches!(format, Format::Jsonl | Format::Feed | Format::Warc)
}

/// Decides the format from the content, with the extension as a tie-breaker.
pub(crate) fn sniff(bytes: &[u8], extension: &str) -> Format {
    if bytes.starts_with(b"WARC/") {
        return Format::Warc;
    }
    let head_bytes = &bytes[..bytes.len().min(4096)];
    let head = if Encoding::for_bom(head_bytes).is_some() || head_bytes.contains(&0) {
        decode(head_bytes, None).text
    } else {
        String::from_utf8_lossy(head_bytes).into_owned()
    };
    let head = head.trim_start_matches('\u{feff}').trim_start();
    let lower = head.to_ascii_lowercase();
    let markup = lower.starts_with('<');
    if markup {
        let first_k = prefix(&lower, 1024);
        if first_k.contains("<rss") || first_k.contains("<feed") || first_k.contains("<rdf:rdf") {
            return Format::Feed;
        }
    }
    if matches!(
        extension,
        "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx"
    ) {
        return Format::Html;
    }
    if head.starts_with('{')
        || (head.starts_with('[') && matches!(extension, "json" | "jsonl" | "ndjson"))
    {
        return Format::Jsonl;
    }
    if markup
        || ["<html", "<!doctype html", "<body", "<head>"]
            .iter()
            .any(|t| lower.contains(t))
    {
        let tags = [
            "<html",
            "<!doctype",
            "<body",
            "<head",
            "<p>",
            "<p ",
            "<div",
            "<article",
            "<meta",
            "<title",
            "<br",
            "<span",
        ];
        if tags.iter().any(|t| lower.contains(t)) {
            return Format::Html;
        }
    }
    let markdown = matches!(extension, "md" | "markdown" | "mdown") || looks_like_markdown(head);
    Format::Text { markdown }
}

/// The longest prefix of at most `max` bytes that ends on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn looks_like_markdown(head: &str) -> bool {
    let heading = head
        .lines()
        .take(20)
        .any(|l| l.starts_with("# ") || l.starts_with("## ") || l.starts_with("### "));
    heading || head.contains("](http")
}

pub(crate) fn read_text_article(
    ctx: &Context,
    bytes: Vec<u8>,
    markdown: bool,
) -> Result<Document, IngestError> {
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(IngestError::too_large(
            &ctx.name,
            bytes.len(),
            MAX_ARTICLE_BYTES,
        ));
    }
    let decoded = decode(&bytes, None);
    check_text(&ctx.name, &decoded)?;
    let article = text::read_text(&decoded, markdown, true);
    if article.source.is_empty() {
        return Err(IngestError::no_article(&ctx.name, "only whitespace"));
    }
    let mut meta = ctx.meta();
    meta.title = article.title;
    meta.byline = article.byline;
    meta.dateline = article.dateline;
    meta.published = meta.published.take().or(article.published);
    meta.format = Some("txt".into());
    Ok(finish(
        ctx.stem.clone(),
        meta,
        bytes,
        article.source,
        &decoded,
    ))
}

/// Rejects decoded text that is mostly replacement or control characters.
pub(crate) fn check_text(name: &str, decoded: &Decoded) -> Result<(), IngestError> {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in decoded.text.chars().take(20_000) {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            bad += 1;
        }
    }
    if bad * 10 > total {
        return Err(IngestError::Binary { path: name.into() });
    }
    Ok(())
}

/// Reads one HTML page (a file, a WARC payload, a JSONL `html` field).
pub(crate) fn read_html_article(
    ctx: &Context,
    id: String,
    mut meta: Meta,
    bytes: Vec<u8>,
    declared: Option<&'static Encoding>,
) -> Result<Document, IngestError> {
    let path = meta.path.clone().unwrap_or_else(|| ctx.name.clone());
    if bytes.len() > MAX_ARTICLE_BYTES {
        return Err(IngestError::too_large(
            &path,
            bytes.len(),
            MAX_ARTICLE_BYTES,
        ));
    }
    let declared = declared.or_else(|| sniff_markup_charset(&bytes));
    let decoded = decode(&bytes, declared);
    html_document(&path, id, std::mem::take(&mut meta), bytes, &decoded)
}

/// An HTML page already decoded (its map leads back to `raw`).
pub(crate) fn html_document(
    path: &str,
    id: String,
    mut meta: Meta,
    raw: Vec<u8>,
    decoded: &Decoded,
) -> Result<Document, IngestError> {
    let article =
        html::read_html(decoded).map_err(|reason| IngestError::no_article(path, reason))?;
    apply_page_meta(&mut meta, article.meta);
    meta.format.get_or_insert_with(|| "html".into());
    Ok(finish(id, meta, raw, article.source, decoded))
}

pub(crate) fn apply_page_meta(meta: &mut Meta, page: crate::html_meta::PageMeta) {
    meta.title = meta.title.take().or(page.title);
    meta.outlet = meta.outlet.take().or(page.outlet);
    meta.byline = meta.byline.take().or(page.byline);
    meta.published = meta.published.take().or(page.published);
    meta.url = meta.url.take().or(page.url);
    meta.language = meta.language.take().or(page.language);
}

/// The finished document.
pub(crate) fn finish(
    id: String,
    meta: Meta,
    raw: Vec<u8>,
    source: SourceBuilder,
    decoded: &Decoded,
) -> Document {
    let (source, alignment) = source.finish(decoded);
    Document::new(id, meta, raw, source, alignment)
}
