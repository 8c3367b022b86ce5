//! Shared word lists (written for this project) and their lookups. Every lookup is
//! case-insensitive.

mod foreign;
mod numbers;
mod places;
mod words;

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

type Set = LazyLock<HashSet<&'static str>>;

macro_rules! set {
    ($($list:expr),+) => {
        LazyLock::new(|| {
            let mut set = HashSet::new();
            $(set.extend($list.iter().copied());)+
            set
        })
    };
}

static ABBREVIATIONS: Set = set!(words::ABBREVIATIONS);
static HONORIFICS: Set = set!(words::HONORIFICS);
static TITLES: Set = set!(words::TITLES, words::HONORIFICS);
static ROLE_NOUNS: Set = set!(words::ROLE_NOUNS);
static SPEECH_VERBS: Set = set!(words::SPEECH_VERBS, words::FOREIGN_SPEECH_VERBS);
static FUNCTION_WORDS: Set = set!(words::FUNCTION_WORDS);
static ORG_KEYWORDS: Set = set!(words::ORG_KEYWORDS);
static LOC_KEYWORDS: Set = set!(words::LOC_KEYWORDS);
static EVENT_KEYWORDS: Set = set!(words::EVENT_KEYWORDS);
static PERSON_FOLLOWERS: Set = set!(words::PERSON_FOLLOWERS);
static PLACE_ACRONYMS: Set = set!(words::PLACE_ACRONYMS);
static MONTHS: Set = set!(words::MONTHS);
static WEEKDAYS: Set = set!(words::WEEKDAYS);
static FOREIGN_FUNCTION_WORDS: Set = set!(foreign::FUNCTION_WORDS);
static GERMAN_DETERMINERS: Set = set!(foreign::GERMAN_DETERMINERS);
static FOREIGN_ACCORDING: Set = set!(words::FOREIGN_ACCORDING);
static PLACES: Set = set!(places::COUNTRIES, places::CITIES, places::REGIONS);
static DEMONYMS: Set = set!(places::DEMONYMS);

static PLACE_ALIASES: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for group in places::PLACE_ALIASES {
        for name in group.iter() {
            map.insert(*name, group[0]);
        }
    }
    map
});

fn has(set: &Set, word: &str) -> bool {
    if !word.chars().any(char::is_uppercase) {
        return set.contains(word);
    }
    // most words are short ASCII: lower-case them on the stack
    let bytes = word.as_bytes();
    if word.is_ascii() && bytes.len() <= 32 {
        let mut buffer = [0u8; 32];
        for (slot, b) in buffer.iter_mut().zip(bytes) {
            *slot = b.to_ascii_lowercase();
        }
        return std::str::from_utf8(&buffer[..bytes.len()]).is_ok_and(|lower| set.contains(lower));
    }
    set.contains(word.to_lowercase().as_str())
}

/// "Mr", "St", "Gen": written with a dot that does not end a sentence.
pub(crate) fn is_abbreviation(word: &str) -> bool {
    has(&ABBREVIATIONS, word.trim_end_matches('.'))
}

/// "Mr.", "Mrs", "Dr.", "Sir".
pub(crate) fn is_honorific(word: &str) -> bool {
    has(&HONORIFICS, word)
}

/// A title that may precede a name ("President", "Minister", "Gen.") or an honorific.
pub(crate) fn is_title(word: &str) -> bool {
    has(&TITLES, word)
}

/// A noun that heads a role description ("spokesman", "head", "envoy").
pub(crate) fn is_role_noun(word: &str) -> bool {
    has(&ROLE_NOUNS, word)
}

pub(crate) fn is_speech_verb(word: &str) -> bool {
    has(&SPEECH_VERBS, word)
}

/// A function word of German, Spanish, French, Italian or Dutch ("Der", "Nous", "Questo").
pub(crate) fn is_foreign_function_word(word: &str) -> bool {
    has(&FOREIGN_FUNCTION_WORDS, word)
}

/// A particle that may open a name in those languages ("De Jong", "Van Dijk", "Di Maio").
pub(crate) fn is_name_particle(word: &str) -> bool {
    foreign::NAME_PARTICLES.contains(&word.to_lowercase().as_str())
}

/// A German determiner or article-preposition ("der", "eine", "im"): a capitalised word after
/// one is a common noun.
pub(crate) fn is_german_determiner(word: &str) -> bool {
    has(&GERMAN_DETERMINERS, word)
}

/// A German word that ends like a common noun ("Entscheidung") or a role noun
/// ("Konzernchef"), with at least two letters before the ending.
pub(crate) fn has_german_noun_ending(word: &str) -> bool {
    let lower = word.to_lowercase();
    let ends = |endings: &[&str]| {
        endings.iter().any(|e| {
            (lower.ends_with(e) && lower.chars().count() >= e.chars().count() + 2) || lower == *e
        })
    };
    ends(foreign::GERMAN_NOUN_ENDINGS) || ends(foreign::GERMAN_ROLE_ENDINGS)
}

/// An auxiliary of another language's compound past ("a", "ha", "hat", "heeft").
pub(crate) fn is_foreign_auxiliary(word: &str) -> bool {
    words::FOREIGN_AUXILIARIES.contains(&word)
}

/// A single word of another language meaning "according to" ("selon", "laut").
pub(crate) fn is_foreign_according(word: &str) -> bool {
    has(&FOREIGN_ACCORDING, word)
}

pub(crate) fn is_person_pronoun(word: &str) -> bool {
    words::PERSON_PRONOUNS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
}

pub(crate) fn is_function_word(word: &str) -> bool {
    has(&FUNCTION_WORDS, word)
}

pub(crate) fn is_org_keyword(word: &str) -> bool {
    has(&ORG_KEYWORDS, word)
}

pub(crate) fn is_loc_keyword(word: &str) -> bool {
    has(&LOC_KEYWORDS, word)
}

pub(crate) fn is_event_keyword(word: &str) -> bool {
    has(&EVENT_KEYWORDS, word)
}

/// "administration", "campaign": after a single name, mark it as a person's.
pub(crate) fn is_person_follower(word: &str) -> bool {
    has(&PERSON_FOLLOWERS, word)
}

pub(crate) fn is_place_acronym(word: &str) -> bool {
    has(&PLACE_ACRONYMS, word)
}

pub(crate) fn is_month(word: &str) -> bool {
    has(&MONTHS, word)
}

pub(crate) fn is_weekday(word: &str) -> bool {
    has(&WEEKDAYS, word)
}

/// A country, city or region of the gazetteer ("St. Louis" matches "st louis").
pub(crate) fn is_place(name: &str) -> bool {
    PLACES.contains(place_key(name).as_str())
}

pub(crate) fn is_demonym(word: &str) -> bool {
    has(&DEMONYMS, word)
}

/// The canonical form of a place known under several names ("UK" -> "united kingdom").
pub(crate) fn place_alias(name: &str) -> Option<&'static str> {
    PLACE_ALIASES.get(place_key(name).as_str()).copied()
}

/// Lower case, dots dropped except inside dotted acronyms, spaces collapsed.
fn place_key(name: &str) -> String {
    let lower = name.to_lowercase();
    if PLACES.contains(lower.as_str()) || PLACE_ALIASES.contains_key(lower.as_str()) {
        return lower;
    }
    lower
        .replace('.', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn number_word(word: &str) -> Option<f64> {
    let lower = word.to_lowercase();
    numbers::UNITS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, v)| *v)
}

pub(crate) fn ordinal_word(word: &str) -> Option<f64> {
    let lower = word.to_lowercase();
    numbers::ORDINALS
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, v)| *v)
}

pub(crate) fn scale_word(word: &str) -> Option<f64> {
    corroborate_core::numbers::scale_word(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_dots() {
        assert!(is_honorific("Mr."));
        assert!(is_title("President"));
        assert!(is_place("St. Petersburg"));
        assert!(is_place("Brussels"));
        assert!(!is_place("Kremlin"));
        assert_eq!(place_alias("U.K."), Some("united kingdom"));
        assert_eq!(place_alias("Britain"), Some("united kingdom"));
        assert_eq!(number_word("Nine"), Some(9.0));
        assert!(is_speech_verb("said"));
    }
}
