//! Page metadata from `<meta>`, `<link>`, `<time>`, `<title>` and JSON-LD.

use once_cell::sync::Lazy;
use regex::Regex;

use crate::bounds::find_end_tag;
use crate::dates::normalize_date;
use crate::entities::decode_entity;
use crate::locate::tag_end;

/// What the page says about itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct PageMeta {
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub language: Option<String>,
    /// The page's summary (`og:description`, `description`): often repeated as a standfirst.
    pub description: Option<String>,
}

static ATTR: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r#"(?s)([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#)
        .unwrap_or_else(|_| unreachable!())
});
/// What [`page_meta`] reads of a page, found in one pass over its tags: the `<meta>`,
/// `<link>`, `<time>` and `<html>` start tags (name, attribute text), the first `<title>`'s
/// text and the JSON-LD scripts' content. Other scripts, styles and comments are skipped.
#[derive(Debug, Default)]
struct Marked<'a> {
    tags: Vec<(&'static str, &'a str)>,
    title: Option<&'a str>,
    json_ld: Vec<&'a str>,
}

fn scan(html: &str) -> Marked<'_> {
    const READ: &[&str] = &["meta", "link", "time", "html"];
    let bytes = html.as_bytes();
    let mut marked = Marked::default();
    let mut at = 0;
    while let Some(offset) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + offset;
        let rest = &html[start..];
        if let Some(end) = crate::bounds::comment_end(html, start) {
            at = end;
            continue;
        }
        let written = crate::bounds::start_tag_name(rest);
        let name_len = written.len();
        let known = |list: &[&'static str]| crate::bounds::name_in(list, written).map(|k| list[k]);
        let (Some(end), true) = (tag_end(rest), name_len > 0) else {
            at = start + 1;
            continue;
        };
        let attributes = &rest[1 + name_len..end - 1];
        at = start + end;
        if let Some(name) = known(READ) {
            marked.tags.push((name, attributes));
        } else if let Some(name) = known(crate::bounds::RAW_TEXT) {
            let close = find_end_tag(html, at, name).unwrap_or(html.len());
            let content = &html[at..close];
            if name == "title" && marked.title.is_none() {
                marked.title = Some(content);
            } else if name == "script" && crate::bounds::is_json_ld(attributes) {
                marked.json_ld.push(content);
            }
            at = close;
        }
    }
    marked
}

/// Reads the metadata of an HTML page.
pub(crate) fn page_meta(html: &str) -> PageMeta {
    let mut meta = PageMeta::default();
    let mut dates: Vec<(u8, String)> = Vec::new();
    let mut titles: Vec<(u8, String)> = Vec::new();
    let mut urls: Vec<(u8, String)> = Vec::new();
    let mut authors: Vec<(u8, String)> = Vec::new();
    let marked = scan(html);
    for &(name, attribute_text) in &marked.tags {
        let attrs = attributes(attribute_text);
        let get = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v.clone())
        };
        match name {
            "html" => meta.language = get("lang").and_then(|l| language_code(&l)),
            "link" => {
                let rel = get("rel").unwrap_or_default().to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    if let Some(href) = get("href") {
                        urls.push((0, href));
                    }
                }
            }
            "time" => {
                if let Some(datetime) = get("datetime") {
                    dates.push((5, datetime));
                }
            }
            _ => {
                let key = get("property")
                    .or_else(|| get("name"))
                    .or_else(|| get("itemprop"))
                    .unwrap_or_default()
                    .to_ascii_lowercase();
                let Some(content) = get("content") else {
                    continue;
                };
                if content.trim().is_empty() {
                    continue;
                }
                match key.as_str() {
                    "og:site_name" | "application-name" | "twitter:site:name" => {
                        meta.outlet.get_or_insert(content);
                    }
                    "og:title" | "twitter:title" => titles.push((0, content)),
                    "og:description" | "description" | "twitter:description" => {
                        meta.description.get_or_insert_with(|| clean(&content));
                    }
                    "headline" | "title" | "dc.title" => titles.push((1, content)),
                    "og:url" => urls.push((1, content)),
                    "author" | "article:author" | "dc.creator" | "byl" | "sailthru.author"
                    | "parsely-author" => authors.push((0, content)),
                    "article:published_time"
                    | "datepublished"
                    | "publishdate"
                    | "pubdate"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "og:published_time"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "publication_date" => dates.push((0, content)),
                    "article:modified_time" | "datemodified" | "og:updated_time" => {
                        dates.push((8, content))
                    }
                    "og:locale" if meta.language.is_none() => {
                        meta.language = language_code(&content)
                    }
                    _ => {}
                }
            }
        }
    }
    for script in &marked.json_ld {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(script.trim()) {
            json_ld(
                &value,
                &mut dates,
                &mut authors,
                &mut titles,
                &mut meta.outlet,
                0,
            );
        }
    }
    if let Some(title) = marked.title {
        titles.push((3, title.to_string()));
    }
    let best = |mut found: Vec<(u8, String)>| {
        found.sort_by_key(|(rank, _)| *rank);
        found
            .into_iter()
            .map(|(_, v)| clean(&v))
            .find(|v| !v.is_empty())
    };
    dates.sort_by_key(|(rank, _)| *rank);
    meta.published = dates.iter().find_map(|(_, d)| normalize_date(d));
    meta.title = best(titles);
    meta.url = best(urls).filter(|u| u.starts_with("http"));
    meta.byline = best(authors).filter(|a| !a.starts_with("http"));
    meta.outlet = meta.outlet.map(|o| clean(&o)).filter(|o| !o.is_empty());
    meta
}

fn json_ld(
    value: &serde_json::Value,
    dates: &mut Vec<(u8, String)>,
    authors: &mut Vec<(u8, String)>,
    titles: &mut Vec<(u8, String)>,
    outlet: &mut Option<String>,
    depth: usize,
) {
    use serde_json::Value;
    if depth > 6 {
        return;
    }
    match value {
        Value::Array(items) => {
            for item in items {
                json_ld(item, dates, authors, titles, outlet, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(Value::String(date)) = map.get("datePublished") {
                dates.push((1, date.clone()));
            }
            if let Some(Value::String(headline)) = map.get("headline") {
                titles.push((2, headline.clone()));
            }
            if let Some(author) = map.get("author") {
                let names = person_names(author);
                if !names.is_empty() {
                    authors.push((1, names.join(", ")));
                }
            }
            if let Some(Value::Object(publisher)) = map.get("publisher") {
                if let Some(Value::String(name)) = publisher.get("name") {
                    outlet.get_or_insert_with(|| name.clone());
                }
            }
            if let Some(graph) = map.get("@graph") {
                json_ld(graph, dates, authors, titles, outlet, depth + 1);
            }
        }
        _ => {}
    }
}

fn person_names(value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    match value {
        Value::String(name) => vec![name.clone()],
        Value::Object(map) => map
            .get("name")
            .and_then(Value::as_str)
            .map(|n| vec![n.to_string()])
            .unwrap_or_default(),
        Value::Array(items) => items.iter().flat_map(person_names).collect(),
        _ => Vec::new(),
    }
}

fn attributes(text: &str) -> Vec<(String, String)> {
    ATTR.captures_iter(text)
        .map(|c| {
            let value = c
                .get(2)
                .or_else(|| c.get(3))
                .or_else(|| c.get(4))
                .map_or("", |m| m.as_str());
            (c[1].to_string(), value.to_string())
        })
        .collect()
}

/// Decodes entities and collapses whitespace.
pub(crate) fn clean(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        if value.as_bytes()[i] == b'&' {
            let (c, next) = decode_entity(value, i);
            match c {
                Some(c) => out.push(c),
                None => out.push('&'),
            }
            i = next;
            continue;
        }
        let c = value[i..].chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn language_code(value: &str) -> Option<String> {
    let code: String = value
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    (code.len() == 2).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_reads_live_tags_only() {
        let html = "<HTML lang=fr><head><!-- <meta property=\"og:title\" content=\"Old\"> -->\
            <title>First &amp; real</title><script>document.write('<meta name=author content=X>')\
            </script><script type='Application/LD+JSON'>{\"headline\":\"H\"}</script>\
            <meta property=\"og:site_name\" content=\"Wire > Post\"></head><body>\
            <svg><title>icon</title></svg><time datetime=\"2024-03-01\">1 March</time></body></HTML>";
        let marked = scan(html);
        let names: Vec<&str> = marked.tags.iter().map(|(name, _)| *name).collect();
        // the commented and the scripted <meta> are not tags; a quoted ">" does not end one
        assert_eq!(names, ["html", "meta", "time"]);
        assert!(marked.tags[1].1.contains("Wire > Post"));
        assert_eq!(marked.title, Some("First &amp; real"));
        assert_eq!(marked.json_ld, ["{\"headline\":\"H\"}"]);
        let meta = page_meta(html);
        assert_eq!(meta.outlet.as_deref(), Some("Wire > Post"));
        assert_eq!(meta.language.as_deref(), Some("fr"));
        assert_eq!(meta.byline, None);
    }

    #[test]
    fn reads_common_metadata() {
        let html = r#"<html lang="en-GB"><head><title>Page &amp; title | Site</title>
<meta property="og:site_name" content="The Daily Test">
<meta property="og:title" content="Big &quot;news&quot; today">
<meta name="author" content="Jane Roe">
<link rel="canonical" href="https://news.test/a/1">
<meta property="article:published_time" content="2025-04-11T09:30:00Z">
<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-04-10","author":[{"name":"A B"}]}</script>
</head><body><time datetime="2020-01-01">x</time></body></html>"#;
        let meta = page_meta(html);
        assert_eq!(meta.outlet.as_deref(), Some("The Daily Test"));
        assert_eq!(meta.title.as_deref(), Some("Big \"news\" today"));
        assert_eq!(meta.byline.as_deref(), Some("Jane Roe"));
        assert_eq!(meta.url.as_deref(), Some("https://news.test/a/1"));
        assert_eq!(meta.published.as_deref(), Some("2025-04-11T09:30:00Z"));
        assert_eq!(meta.language.as_deref(), Some("en"));
    }
}
