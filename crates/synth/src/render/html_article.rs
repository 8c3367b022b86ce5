//! An article's text as HTML: every sentence an anchor `a-<article>-s-<n>`, cited spans in
//! `<mark>`, everything escaped.

use std::fmt::Write;

use corroborate_core::{Document, Span};

use crate::render::{anchor_id, escape_html};

/// Sorted, merged spans valid for `text`.
pub(crate) fn merge_spans(text: &str, mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|span| span.is_valid_for(text) && !span.is_empty());
    spans.sort();
    let mut merged: Vec<Span> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if last.end() >= span.start() => *last = last.cover(span),
            _ => merged.push(span),
        }
    }
    merged
}

/// Writes `text[range]` escaped, with the parts inside `marks` wrapped in `<mark>`.
/// `marks` are merged spans on char boundaries; `range` is on char boundaries too.
fn write_marked(out: &mut String, text: &str, range: Span, marks: &[Span]) {
    let mut pos = range.start();
    for mark in marks {
        if mark.end() <= pos || mark.start() >= range.end() {
            continue;
        }
        let start = mark.start().max(pos);
        let end = mark.end().min(range.end());
        out.push_str(&escape_html(&text[pos..start]));
        let _ = write!(out, "<mark>{}</mark>", escape_html(&text[start..end]));
        pos = end;
    }
    out.push_str(&escape_html(&text[pos..range.end()]));
}

/// The article text with sentence anchors and highlighted citations.
pub(crate) fn article_text_html(doc: &Document, marks: &[Span]) -> String {
    let text = &doc.text;
    let marks = merge_spans(text, marks.to_vec());
    let anchor = anchor_id(&doc.id);
    let mut out = String::new();
    let mut pos = 0;
    for (index, sentence) in doc.sentences().iter().enumerate() {
        let span = sentence.span;
        if !span.is_valid_for(text) || span.start() < pos {
            continue;
        }
        write_marked(
            &mut out,
            text,
            Span::from_offsets(pos, span.start()),
            &marks,
        );
        let _ = write!(out, r#"<span class="sent" id="a-{anchor}-s-{index}">"#);
        write_marked(&mut out, text, span, &marks);
        out.push_str("</span>");
        pos = span.end();
    }
    write_marked(&mut out, text, Span::from_offsets(pos, text.len()), &marks);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use corroborate_core::Sentence;

    #[test]
    fn anchors_sentences_and_marks_cited_spans() {
        let mut doc = Document::from_text("d<1>", "One <b>. Two & three.");
        doc.layers.sentences = Some(vec![
            Sentence {
                span: Span::from_offsets(0, 8),
            },
            Sentence {
                span: Span::from_offsets(9, 21),
            },
        ]);
        let html = article_text_html(
            &doc,
            &[Span::from_offsets(13, 20), Span::from_offsets(4, 7)],
        );
        assert_eq!(
            html,
            "<span class=\"sent\" id=\"a-d.3c1.3e-s-0\">One <mark>&lt;b&gt;</mark>.</span> \
             <span class=\"sent\" id=\"a-d.3c1.3e-s-1\">Two <mark>&amp; three</mark>.</span>"
        );
    }

    #[test]
    fn merges_overlapping_marks_and_drops_invalid() {
        let text = "abcdefgh";
        let merged = merge_spans(
            text,
            vec![
                Span::from_offsets(4, 6),
                Span::from_offsets(0, 2),
                Span::from_offsets(1, 3),
                Span::from_offsets(5, 99),
            ],
        );
        assert_eq!(merged, [Span::from_offsets(0, 3), Span::from_offsets(4, 6)]);
    }
}
