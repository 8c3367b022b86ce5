//! Why an article is in its story (similarity to the rest, shared terms and entities), and
//! the story's title.

use std::collections::{HashMap, HashSet};

use corroborate_core::{Document, Membership};

use crate::profile::{Profile, Vocabulary};

/// Terms and entities listed per article.
const LISTED: usize = 8;
/// Longest title taken from a first sentence.
const TITLE_CHARS: usize = 120;

/// Membership of each article of a story (in `members` order).
pub(crate) fn describe(
    members: &[usize],
    profiles: &[Profile],
    sims: &[HashMap<usize, f32>],
    vocabulary: &Vocabulary,
    ids: &[&str],
) -> Vec<Membership> {
    members
        .iter()
        .map(|&d| {
            let others: Vec<usize> = members.iter().copied().filter(|&o| o != d).collect();
            let similarity = if others.is_empty() {
                0.0
            } else {
                others
                    .iter()
                    .map(|o| sims[d].get(o).copied().unwrap_or(0.0))
                    .sum::<f32>()
                    / others.len() as f32
            };
            Membership {
                article: ids[d].to_string(),
                similarity,
                shared_terms: shared_terms(d, &others, profiles, vocabulary),
                shared_entities: shared_names(d, &others, profiles),
            }
        })
        .collect()
}

/// Terms of `d` found in other members, by weight in `d` times the share of members that
/// have them.
fn shared_terms(
    d: usize,
    others: &[usize],
    profiles: &[Profile],
    vocabulary: &Vocabulary,
) -> Vec<String> {
    if others.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(f32, u32)> = profiles[d]
        .terms
        .iter()
        .filter_map(|&(term, weight)| {
            let having = others
                .iter()
                .filter(|&&o| profiles[o].counts.contains_key(&term))
                .count();
            (having > 0).then(|| (weight * having as f32 / others.len() as f32, term))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let mut seen = HashSet::new();
    scored
        .into_iter()
        .filter_map(|(_, term)| vocabulary.surface.get(term as usize).cloned())
        .filter(|surface| !surface.starts_with('#') && seen.insert(surface.to_lowercase()))
        .take(LISTED)
        .collect()
}

/// Names of `d` (entities or capitalised phrases) found in other members, most shared first.
fn shared_names(d: usize, others: &[usize], profiles: &[Profile]) -> Vec<String> {
    let mut scored: Vec<(usize, &String)> = profiles[d]
        .names
        .iter()
        .filter_map(|name| {
            let having = others
                .iter()
                .filter(|&&o| profiles[o].names.binary_search(name).is_ok())
                .count();
            (having > 0).then_some((having, name))
        })
        .collect();
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.len().cmp(&a.1.len()))
            .then(a.1.cmp(b.1))
    });
    scored
        .into_iter()
        .take(LISTED)
        .map(|(_, name)| name.clone())
        .collect()
}

/// The article's headline, else its first sentence (or line) cut at a word boundary.
pub(crate) fn title_of(doc: &Document) -> String {
    if let Some(title) = doc
        .meta
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        return title.to_string();
    }
    let first = doc
        .sentences()
        .first()
        .map(|s| &doc.text[s.span])
        .unwrap_or_else(|| {
            doc.text
                .lines()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("")
        });
    truncate_words(first.trim(), TITLE_CHARS)
}

fn truncate_words(text: &str, max_chars: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max_chars {
        return text;
    }
    let cut: String = text.chars().take(max_chars).collect();
    let at_space = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at_space].trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_falls_back_to_first_line_cut_at_a_word() {
        let doc = Document::from_text("a", &format!("{}\nsecond", "word ".repeat(40)));
        let title = title_of(&doc);
        assert!(title.ends_with("word…"), "{title}");
        assert!(title.chars().count() <= TITLE_CHARS + 1);
        let mut titled = Document::from_text("b", "text");
        titled.meta.title = Some(" Headline ".into());
        assert_eq!(title_of(&titled), "Headline");
    }
}
