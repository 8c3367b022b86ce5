//! A stand-in pipeline for tests and the ROUGE example until the engine exists: sentences split
//! on punctuation and line ends, claims aligned by shared content words. Not product code.
#![allow(dead_code)]

use std::collections::HashSet;

use corroborate_core::{Claim, ClaimStatus, Document, Sentence, Span, Story, Support};
use corroborate_synth::porter_stem;

const STOP: &[&str] = &[
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for", "at", "by", "with", "from", "is",
    "was", "are", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this", "as",
    "he", "she", "they", "his", "her", "their", "said", "says", "will", "would", "not",
];

/// Sentences on `.`, `!`, `?` followed by a space and a capital, and on line ends.
pub fn segment(doc: &mut Document) {
    let text = &doc.text;
    let mut spans = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        let boundary = match c {
            '\n' => true,
            '.' | '!' | '?' => {
                bytes.get(end) == Some(&b' ')
                    && text[end + 1..]
                        .chars()
                        .next()
                        .is_some_and(|n| n.is_uppercase() || n == '"')
            }
            _ => false,
        };
        if boundary {
            let span = Span::from_offsets(start, end).trim(text);
            if span.len() > 1 {
                spans.push(Sentence { span });
            }
            start = end;
        }
    }
    let span = Span::from_offsets(start, text.len()).trim(text);
    if span.len() > 1 {
        spans.push(Sentence { span });
    }
    doc.layers.sentences = Some(spans);
}

fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| !w.is_empty() && !STOP.contains(&w.as_str()))
        .map(|w| porter_stem(&w))
        .collect()
}

fn similarity(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let shared = a.intersection(b).count() as f32;
    shared / (a.len().min(b.len()).max(1) as f32)
}

pub fn story_of(docs: &[Document]) -> Story {
    struct Group {
        words: HashSet<String>,
        support: Vec<Support>,
    }
    let mut groups: Vec<Group> = Vec::new();
    for doc in docs {
        for (index, sentence) in doc.sentences().iter().enumerate().take(40) {
            let text = &doc.text[sentence.span];
            let sentence_words = words(text);
            if sentence_words.len() < 4 {
                continue;
            }
            let support = Support {
                article: doc.id.clone(),
                sentence: index,
                span: sentence.span,
                text: text.to_string(),
            };
            let best = groups
                .iter_mut()
                .filter(|group| group.support.iter().all(|s| s.article != doc.id))
                .map(|group| (similarity(&sentence_words, &group.words), group))
                .filter(|(score, _)| *score >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((_, group)) => group.support.push(support),
                None => groups.push(Group {
                    words: sentence_words,
                    support: vec![support],
                }),
            }
        }
    }
    let claims = groups
        .into_iter()
        .enumerate()
        .map(|(n, group)| {
            let articles: HashSet<&str> =
                group.support.iter().map(|s| s.article.as_str()).collect();
            Claim {
                id: format!("c{n}"),
                status: if articles.len() > 1 {
                    ClaimStatus::Corroborated
                } else {
                    ClaimStatus::SingleSource
                },
                text: group.support[0].text.clone(),
                independent_sources: articles.len(),
                support: group.support,
                conflicts: Vec::new(),
                differs_in_detail: None,
            }
        })
        .collect();
    Story {
        id: "s".into(),
        articles: docs.iter().map(|doc| doc.id.clone()).collect(),
        claims,
        ..Story::default()
    }
}
