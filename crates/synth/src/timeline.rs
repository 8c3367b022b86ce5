//! The timeline: each sentence holding a resolved date becomes an event on that date; the same
//! event told by several articles is merged and cites them all.

use std::collections::HashSet;

use corroborate_core::{Cite, DateMention, DatePrecision, Document, Span, Story, TimelineEntry};

use crate::words::{containment, content_words, form_score, squash_whitespace};

/// Two sentences on the same date whose content words overlap this much tell one event.
const SAME_EVENT: f32 = 0.5;

struct Event {
    date: String,
    text: String,
    words: HashSet<String>,
    citations: Vec<Cite>,
}

/// Dated events of the story's articles, oldest first.
pub fn timeline(story: &Story, docs: &[&Document]) -> Vec<TimelineEntry> {
    let mut events: Vec<Event> = Vec::new();
    for article in &story.articles {
        let Some(doc) = docs.iter().find(|doc| &doc.id == article) else {
            continue;
        };
        let Some(dates) = doc.layers.dates.as_deref() else {
            continue;
        };
        let mut seen: HashSet<(String, Span)> = HashSet::new();
        for mention in dates {
            let Some(date) = date_label(mention) else {
                continue;
            };
            let Some(span) = enclosing_sentence(doc, mention.span) else {
                continue;
            };
            if !seen.insert((date.clone(), span)) {
                continue;
            }
            let text = squash_whitespace(&doc.text[span]);
            if text.split_whitespace().count() > 80 {
                continue;
            }
            add_event(&mut events, date, text, Cite::new(doc.id.clone(), span));
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date));
    events
        .into_iter()
        .map(|event| TimelineEntry {
            date: event.date,
            text: event.text,
            citations: event.citations,
        })
        .collect()
}

fn add_event(events: &mut Vec<Event>, date: String, text: String, cite: Cite) {
    let words = content_words(&text);
    let same = events.iter_mut().find(|event| {
        event.date == date
            && (containment(&words, &event.words) >= SAME_EVENT
                || containment(&event.words, &words) >= SAME_EVENT)
    });
    match same {
        Some(event) => {
            if !event.citations.contains(&cite) {
                event.citations.push(cite);
            }
            if form_score(&text) > form_score(&event.text) {
                event.text = text;
                event.words = words;
            }
        }
        None => events.push(Event {
            date,
            text,
            words,
            citations: vec![cite],
        }),
    }
}

/// `YYYY-MM-DD`, `YYYY-MM` or `YYYY` by precision; `None` when unresolved.
fn date_label(mention: &DateMention) -> Option<String> {
    let date = mention.date?;
    let format = match mention.precision {
        DatePrecision::Day | DatePrecision::Week => "%Y-%m-%d",
        DatePrecision::Month => "%Y-%m",
        DatePrecision::Year => "%Y",
    };
    Some(date.format(format).to_string())
}

/// The sentence holding `span`, or its line when the document has no sentences layer.
fn enclosing_sentence(doc: &Document, span: Span) -> Option<Span> {
    if !span.is_valid_for(&doc.text) {
        return None;
    }
    let found = match doc.layers.sentences.as_deref() {
        Some(sentences) => sentences
            .iter()
            .find(|sentence| sentence.span.contains(span) || sentence.span.overlaps(span))
            .map(|sentence| sentence.span)?,
        None => {
            let start = doc.text[..span.start()].rfind('\n').map_or(0, |at| at + 1);
            let end = doc.text[span.end()..]
                .find('\n')
                .map_or(doc.text.len(), |at| span.end() + at);
            Span::from_offsets(start, end)
        }
    };
    let trimmed = found.trim(&doc.text);
    (!trimmed.is_empty() && trimmed.is_valid_for(&doc.text)).then_some(trimmed)
}
