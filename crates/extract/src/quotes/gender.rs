//! Which pronoun a person takes, learned from the article itself: honorifics ("Mr.", "Ms."),
//! gendered role words ("spokeswoman"), and the pronouns that follow the person as subject.

use std::collections::HashMap;

use corroborate_core::{EntityKind, EntityMention, Span};

use crate::tokens::{TokKind, Token};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Gender {
    Male,
    Female,
}

const MALE: &[&str] = &["he", "him", "his", "himself"];
const FEMALE: &[&str] = &["she", "her", "hers", "herself"];
const MALE_WORDS: &[&str] = &[
    "mr",
    "mr.",
    "spokesman",
    "chairman",
    "congressman",
    "businessman",
    "husband",
    "father",
    "son",
    "brother",
    "king",
    "prince",
    "sir",
    "lord",
    "councilman",
    "grandfather",
    "uncle",
];
const FEMALE_WORDS: &[&str] = &[
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "madam",
    "spokeswoman",
    "chairwoman",
    "congresswoman",
    "businesswoman",
    "wife",
    "mother",
    "daughter",
    "sister",
    "queen",
    "princess",
    "dame",
    "lady",
    "actress",
    "councilwoman",
    "grandmother",
    "aunt",
    "woman",
];

/// The gender each local entity's pronouns show, where the evidence is one-sided.
pub(crate) fn genders(
    text: &str,
    tokens: &[Token],
    sentences: &[Span],
    mentions: &[EntityMention],
) -> HashMap<u32, Gender> {
    // local id -> (male votes, female votes)
    let mut votes: HashMap<u32, (u32, u32)> = HashMap::new();
    let lower = |t: &Token| t.text(text).to_lowercase();
    for (i, m) in mentions.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        let entry = votes.entry(m.local_id).or_default();
        // a word just before the name, or in its role
        let at = tokens.partition_point(|t| t.start < m.span.start());
        if at > 0 && tokens[at - 1].kind == TokKind::Word {
            let word = lower(&tokens[at - 1]);
            if MALE_WORDS.contains(&word.as_str()) {
                entry.0 += 3;
            } else if FEMALE_WORDS.contains(&word.as_str()) {
                entry.1 += 3;
            }
        }
        if let Some(role) = m.role {
            for word in text[role]
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
            {
                if MALE_WORDS.contains(&word) {
                    entry.0 += 2;
                } else if FEMALE_WORDS.contains(&word) {
                    entry.1 += 2;
                }
            }
        }
        // pronouns after the name, up to the end of the next sentence, when nobody else
        // is named there
        let Some(s) = sentences.iter().position(|s| s.contains(m.span)) else {
            continue;
        };
        let end = sentences.get(s + 1).map_or(sentences[s].end(), |n| n.end());
        let other = mentions.iter().enumerate().any(|(j, o)| {
            j != i
                && o.kind == EntityKind::Person
                && o.local_id != m.local_id
                && o.span.start() > m.span.end()
                && o.span.start() < end
        });
        if other {
            continue;
        }
        let (mut male, mut female) = (0, 0);
        for token in tokens[at..].iter().take_while(|t| t.end <= end) {
            if token.kind != TokKind::Word {
                continue;
            }
            let word = lower(token);
            if MALE.contains(&word.as_str()) {
                male += 1;
            } else if FEMALE.contains(&word.as_str()) {
                female += 1;
            }
        }
        if male > 0 && female == 0 {
            entry.0 += 1;
        } else if female > 0 && male == 0 {
            entry.1 += 1;
        }
    }
    votes
        .into_iter()
        .filter_map(|(id, (male, female))| {
            if male > 2 * female {
                Some((id, Gender::Male))
            } else if female > 2 * male {
                Some((id, Gender::Female))
            } else {
                None
            }
        })
        .collect()
}

/// The gender a pronoun asks for.
pub(crate) fn of_pronoun(word: &str) -> Option<Gender> {
    let lower = word.to_lowercase();
    if MALE.contains(&lower.as_str()) {
        Some(Gender::Male)
    } else if FEMALE.contains(&lower.as_str()) {
        Some(Gender::Female)
    } else {
        None
    }
}
