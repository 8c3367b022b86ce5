//! The self-contained HTML report: inline CSS and SVG, no script, a CSP that forbids scripts,
//! and every piece of article-derived text passed through [`escape_html`].

use std::collections::HashMap;
use std::fmt::Write;

use corroborate_core::{Analysis, BriefSection, Cite, Span, Story};

use crate::outlets::story_coverage;
use crate::render::html_article::article_text_html;
use crate::render::html_outlets::outlet_groups;
use crate::render::html_tables::{entities_table, figures_table, quotes_table, timeline_table};
use crate::render::svg::{coverage_matrix, similarity_matrix};
use crate::render::{
    anchor_id, coverage_note, escape_html, sentence_of, source_name, source_number, RenderOptions,
};

const STYLE: &str = r#"
:root{--ink:#1f2933;--muted:#5f6c7b;--line:#d9e2ec;--bg:#f7f9fb;--accent:#1565c0}
*{box-sizing:border-box}
body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header,main,footer{max-width:1080px;margin:0 auto;padding:0 20px}
header{padding-top:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:0 0 10px}
h3{font-size:16px;margin:22px 0 8px;color:#102a43}
.meta,.note{color:var(--muted);font-size:13px}
section.story,section.articles,section.failures,nav.toc{background:#fff;border:1px solid var(--line);border-radius:8px;padding:18px 22px;margin:18px 0}
ol.sources{padding-left:0;list-style:none;margin:0}
ol.sources li{margin:2px 0}
.num{display:inline-block;min-width:2.2em;font-weight:600;color:var(--accent)}
ul.brief{padding-left:18px;margin:0}
ul.brief li{margin:4px 0}
ul.consensus li::marker{color:#2e7d32}
ul.differences li::marker{color:#d84315}
ul.single li::marker{color:#78909c}
a.cite{font-size:12px;font-weight:600;color:var(--accent);text-decoration:none;margin-left:2px;vertical-align:super}
a.cite:hover{text-decoration:underline}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8;font-weight:600}
.bad{color:#c62828;font-weight:600}
.good{color:#2e7d32}
.charts{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
.chart{overflow-x:auto}
svg text{font:11px system-ui,sans-serif;fill:#334e68}
svg text.val{font-size:11px}
.legend span{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 4px 0 12px;vertical-align:middle}
article{border-top:1px solid var(--line);padding-top:10px;margin-top:14px}
.text{white-space:pre-wrap;font-family:Georgia,serif;font-size:15px}
.sent:target{background:#ffe082;outline:2px solid #ffb300;border-radius:2px}
mark{background:#fff3b0;padding:0 1px}
.sent:target mark{background:#ffd54f}
details{margin-top:8px;font-size:13px}
.tag{font-size:12px;background:#e3f2fd;color:#0d47a1;border-radius:4px;padding:0 5px}
"#;

/// Where a citation points: with `opts.article_base`, the article's own page with the cited
/// span marked; else the sentence anchor in this report when known, else the article.
fn cite_href(analysis: &Analysis, opts: &RenderOptions, cite: &Cite) -> String {
    if let Some(base) = &opts.article_base {
        return format!(
            "{base}{}?span={}-{}#cited",
            percent_encode(&cite.doc),
            cite.span.start(),
            cite.span.end()
        );
    }
    let anchor = anchor_id(&cite.doc);
    match analysis
        .document(&cite.doc)
        .and_then(|doc| sentence_of(doc, cite.span))
    {
        Some(sentence) => format!("#a-{anchor}-s-{sentence}"),
        None => format!("#a-{anchor}"),
    }
}

/// Citation links `[n]`, one per cite.
pub(crate) fn cite_links(
    analysis: &Analysis,
    opts: &RenderOptions,
    story: &Story,
    cites: &[Cite],
) -> String {
    let mut out = String::new();
    for cite in cites {
        let number = source_number(story, &cite.doc).unwrap_or(0);
        let title = crate::render::cited_text(analysis, cite).unwrap_or("");
        let _ = write!(
            out,
            r#"<a class="cite" href="{}" title="{}">[{number}]</a>"#,
            escape_html(&cite_href(analysis, opts, cite)),
            escape_html(&shorten_title(title))
        );
    }
    out
}

fn shorten_title(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 200 {
        format!("{}…", text.chars().take(199).collect::<String>())
    } else {
        text
    }
}

/// Percent-encodes everything but unreserved URL characters, for an id in a path.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// An `http(s)` URL safe to put in `href`, else `None`.
fn safe_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then(|| escape_html(url.trim()))
}

pub(crate) fn render_html(analysis: &Analysis, opts: &RenderOptions) -> String {
    let mut out = String::new();
    let title = match analysis.stories.first() {
        Some(story) => format!("corroborate · {}", story.title),
        None => "corroborate report".to_string(),
    };
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"{}\"><title>{}</title><style>{}{}</style></head><body>\n"
        ),
        escape_html(&opts.generator),
        escape_html(&title),
        STYLE,
        if opts.outlets.is_some() {
            crate::render::html_outlets::STYLE
        } else {
            ""
        }
    );
    let _ = write!(
        out,
        r#"<header><h1>corroborate report</h1><p class="meta">{} · {} articles · {} stories · encoder {}</p></header><main>"#,
        escape_html(&opts.generator),
        analysis.documents.len(),
        analysis.stories.len(),
        escape_html(&analysis.encoder)
    );
    if analysis.stories.len() > 1 {
        out.push_str(r#"<nav class="toc"><h2>Stories</h2><ol>"#);
        for story in &analysis.stories {
            let _ = write!(
                out,
                r##"<li><a href="#story-{}">{}</a> <span class="meta">{} articles</span></li>"##,
                anchor_id(&story.id),
                escape_html(&story.title),
                story.articles.len()
            );
        }
        out.push_str("</ol></nav>");
    }
    // Spans to highlight in each article: everything the report cites.
    let mut marks: HashMap<&str, Vec<Span>> = HashMap::new();
    for story in &analysis.stories {
        story_section(&mut out, analysis, opts, story);
        for cite in story_cites(story) {
            if let Some(doc) = analysis.document(&cite.doc) {
                marks.entry(doc.id.as_str()).or_default().push(cite.span);
            }
        }
    }
    if opts.article_base.is_none() {
        articles_section(&mut out, analysis, &marks);
    }
    if !analysis.failures.is_empty() {
        out.push_str(r#"<section class="failures"><h2>Failures</h2><ul>"#);
        for failure in &analysis.failures {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                escape_html(&failure.path),
                escape_html(&failure.reason)
            );
        }
        out.push_str("</ul></section>");
    }
    let _ = write!(
        out,
        r#"</main><footer><p class="meta">Generated by {}. Every statement links to the sentence it rests on.</p></footer></body></html>"#,
        escape_html(&opts.generator)
    );
    out.push('\n');
    out
}

/// Every citation shown for a story (brief, timeline, quotes, figures).
fn story_cites(story: &Story) -> Vec<Cite> {
    let mut cites: Vec<Cite> = Vec::new();
    for sentence in &story.summary {
        cites.extend(sentence.citations.iter().cloned());
    }
    for entry in &story.timeline {
        cites.extend(entry.citations.iter().cloned());
    }
    for quote in &story.quotes {
        cites.extend(
            quote
                .sources
                .iter()
                .map(|source| Cite::new(source.article.clone(), source.span)),
        );
    }
    for figure in &story.figures {
        cites.extend(figure.sources.iter().cloned());
    }
    cites
}

fn story_section(out: &mut String, analysis: &Analysis, opts: &RenderOptions, story: &Story) {
    let outlets = opts.outlets.as_deref();
    let coverage = outlets.map(|table| (table, story_coverage(table, analysis, story)));
    let _ = write!(
        out,
        r#"<section class="story" id="story-{}"><h2>{}</h2><ol class="sources">"#,
        anchor_id(&story.id),
        escape_html(&story.title)
    );
    for (index, article) in story.articles.iter().enumerate() {
        let doc = analysis.document(article);
        let name = escape_html(&source_name(doc, article));
        let href = match &opts.article_base {
            Some(base) => escape_html(&format!("{base}{}", percent_encode(article))),
            None => format!("#a-{}", anchor_id(article)),
        };
        let _ = write!(
            out,
            r##"<li><span class="num">[{}]</span><a href="{href}">{name}</a>"##,
            index + 1,
        );
        if let Some(title) = doc.and_then(|doc| doc.meta.title.as_deref()) {
            if doc.and_then(|doc| doc.meta.outlet.as_deref()).is_some() {
                let _ = write!(out, " — {}", escape_html(title));
            }
        }
        if let Some(url) = doc
            .and_then(|doc| doc.meta.url.as_deref())
            .and_then(safe_url)
        {
            let _ = write!(
                out,
                r#" <a class="meta" href="{url}" rel="noopener noreferrer nofollow">link</a>"#
            );
        }
        if let Some(note) = coverage_note(story, article) {
            let _ = write!(
                out,
                r#" <span class="meta">· {}</span>"#,
                escape_html(&note)
            );
        }
        if let Some(derived) = analysis.derived_from.get(article) {
            let _ = write!(
                out,
                r#" <span class="tag" title="{}">likely rewrite of {} ({:.2})</span>"#,
                escape_html(&derived.evidence),
                escape_html(&derived.article),
                derived.similarity
            );
        }
        out.push_str("</li>");
    }
    out.push_str("</ol>");

    let sections = [
        (
            BriefSection::Consensus,
            "What the sources agree on",
            "consensus",
        ),
        (
            BriefSection::Differences,
            "Where reports differ",
            "differences",
        ),
        (
            BriefSection::SingleSource,
            "Reported by one outlet only",
            "single",
        ),
    ];
    for (section, heading, class) in sections {
        let sentences: Vec<_> = story
            .summary
            .iter()
            .filter(|sentence| sentence.section == section)
            .collect();
        if sentences.is_empty() {
            continue;
        }
        let _ = write!(out, r#"<h3>{heading}</h3><ul class="brief {class}">"#);
        for sentence in sentences {
            let _ = write!(
                out,
                "<li>{}{}</li>",
                escape_html(&sentence.text),
                cite_links(analysis, opts, story, &sentence.citations)
            );
        }
        out.push_str("</ul>");
    }

    if let Some((table, coverage)) = &coverage {
        outlet_groups(out, table, story, coverage);
    }

    if !story.claims.is_empty() || story.similarity.len() > 1 {
        out.push_str(r#"<div class="charts">"#);
        if !story.claims.is_empty() {
            let _ = write!(
                out,
                concat!(
                    r#"<div class="chart"><h3>Which outlet reports which claim</h3>"#,
                    r#"<p class="legend meta"><span style="background:#2e7d32"></span>corroborated"#,
                    r#"<span style="background:#d84315"></span>conflicting"#,
                    r#"<span style="background:#78909c"></span>single source"#,
                    r#"<span style="background:#eceff1"></span>not reported</p>{}</div>"#
                ),
                coverage_matrix(
                    analysis,
                    story,
                    coverage.as_ref().map(|(_, coverage)| coverage)
                )
            );
        }
        if let Some(svg) = similarity_matrix(story) {
            let _ = write!(
                out,
                r#"<div class="chart"><h3>How similar the outlets are</h3><p class="meta">text similarity, 0 to 1</p>{svg}</div>"#
            );
        }
        out.push_str("</div>");
    }
    quotes_table(out, analysis, opts, story);
    figures_table(out, analysis, opts, story);
    entities_table(out, story);
    timeline_table(out, analysis, opts, story);
    out.push_str("</section>");
}

fn articles_section(out: &mut String, analysis: &Analysis, marks: &HashMap<&str, Vec<Span>>) {
    if analysis.documents.is_empty() {
        return;
    }
    out.push_str(r#"<section class="articles"><h2>Articles</h2>"#);
    for doc in &analysis.documents {
        let meta = &doc.meta;
        let _ = write!(
            out,
            r#"<article id="a-{}"><h3>{}"#,
            anchor_id(&doc.id),
            escape_html(&source_name(Some(doc), &doc.id))
        );
        if let (Some(_), Some(title)) = (&meta.outlet, &meta.title) {
            let _ = write!(out, " — {}", escape_html(title));
        }
        out.push_str("</h3><p class=\"meta\">");
        let mut facts = vec![format!("<code>{}</code>", escape_html(&doc.id))];
        for value in [&meta.published, &meta.byline, &meta.path, &meta.language]
            .into_iter()
            .flatten()
        {
            facts.push(escape_html(value));
        }
        out.push_str(&facts.join(" · "));
        out.push_str("</p><div class=\"text\">");
        let empty = Vec::new();
        out.push_str(&article_text_html(
            doc,
            marks.get(doc.id.as_str()).unwrap_or(&empty),
        ));
        out.push_str("</div>");
        let dropped: Vec<_> = doc
            .dropped
            .iter()
            .filter(|dropped| dropped.span.is_valid_for(&doc.source))
            .collect();
        if !dropped.is_empty() {
            let _ = write!(
                out,
                "<details><summary>Removed while cleaning ({})</summary><ul>",
                dropped.len()
            );
            for item in dropped {
                let _ = write!(
                    out,
                    "<li><strong>{}</strong> {}: {}</li>",
                    item.reason.as_str(),
                    escape_html(&item.detail),
                    escape_html(&doc.source[item.span])
                );
            }
            out.push_str("</ul></details>");
        }
        out.push_str("</article>");
    }
    out.push_str("</section>");
}
