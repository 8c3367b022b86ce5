//! Small English word lists that several stages share (stage crates cannot depend on each
//! other, so the lists live here). Written for this project.

/// English function words (articles, pronouns, auxiliaries, prepositions, conjunctions),
/// sorted, lowercase.
pub const FUNCTION_WORDS: &[&str] = &[
    "a",
    "about",
    "above",
    "according",
    "added",
    "after",
    "again",
    "against",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "are",
    "as",
    "at",
    "be",
    "because",
    "been",
    "before",
    "being",
    "below",
    "between",
    "both",
    "but",
    "by",
    "can",
    "could",
    "did",
    "do",
    "does",
    "doing",
    "down",
    "during",
    "each",
    "few",
    "for",
    "from",
    "further",
    "had",
    "has",
    "have",
    "having",
    "he",
    "her",
    "here",
    "hers",
    "herself",
    "him",
    "himself",
    "his",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "itself",
    "just",
    "me",
    "more",
    "most",
    "my",
    "myself",
    "no",
    "nor",
    "not",
    "now",
    "of",
    "off",
    "on",
    "once",
    "only",
    "or",
    "other",
    "our",
    "ours",
    "ourselves",
    "out",
    "over",
    "own",
    "said",
    "same",
    "say",
    "says",
    "she",
    "should",
    "so",
    "some",
    "such",
    "than",
    "that",
    "the",
    "their",
    "theirs",
    "them",
    "themselves",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "to",
    "told",
    "too",
    "under",
    "until",
    "up",
    "very",
    "was",
    "we",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "who",
    "whom",
    "why",
    "will",
    "with",
    "would",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
];

/// Cardinal number words and their values.
pub const NUMBER_WORDS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
];

/// Month names of German, Spanish, French, Italian and Dutch, by month.
const FOREIGN_MONTHS: [&[&str]; 12] = [
    &["januar", "jänner", "enero", "janvier", "gennaio", "januari"],
    &[
        "februar", "febrero", "février", "fevrier", "febbraio", "februari",
    ],
    &["märz", "marz", "marzo", "mars", "maart"],
    &["abril", "avril", "aprile"],
    &["mai", "mayo", "maggio", "mei"],
    &["juni", "junio", "juin", "giugno"],
    &["juli", "julio", "juillet", "luglio"],
    &["august", "agosto", "août", "aout", "augustus"],
    &[
        "september",
        "septiembre",
        "setiembre",
        "septembre",
        "settembre",
    ],
    &["oktober", "octubre", "octobre", "ottobre"],
    &["november", "noviembre", "novembre"],
    &[
        "dezember",
        "diciembre",
        "décembre",
        "decembre",
        "dicembre",
        "december",
    ],
];

/// The month (1-12) a German, Spanish, French, Italian or Dutch month name stands for, in any
/// case. Callers read it only next to a day number or on a date line: alone, "Mars" or "mai"
/// are other words.
pub fn foreign_month(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    FOREIGN_MONTHS
        .iter()
        .position(|names| names.contains(&lower.as_str()))
        .map(|i| i as u32 + 1)
}

/// True for a lowercase English function word.
pub fn is_function_word(lower: &str) -> bool {
    FUNCTION_WORDS.binary_search(&lower).is_ok()
}

/// The value of a lowercase cardinal number word ("twelve" -> 12).
pub fn number_word(lower: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(word, _)| *word == lower)
        .map(|(_, value)| *value)
}

/// Counted nouns (singular) that name the same thing, with the form they compare as: "40
/// vessels" and "40 ships" count one thing, "the third session" is "the third meeting".
const COUNT_SYNONYMS: &[(&str, &str)] = &[
    ("children", "child"),
    ("encounter", "meeting"),
    ("individual", "people"),
    ("kid", "child"),
    ("person", "people"),
    ("session", "meeting"),
    ("troop", "soldier"),
    ("vessel", "ship"),
];

/// The form in which counted nouns compare: lower case, singular ("-ies" → "-y", a final "s"
/// dropped unless doubled), synonyms folded. "Vessels" → "ship", "countries" → "country".
pub fn counted_noun(noun: &str) -> String {
    let lower = noun.to_lowercase();
    let single = if let Some(stem) = lower.strip_suffix("ies") {
        format!("{stem}y")
    } else if lower.ends_with('s') && !lower.ends_with("ss") {
        lower[..lower.len() - 1].to_string()
    } else {
        lower
    };
    COUNT_SYNONYMS
        .iter()
        .find(|(word, _)| *word == single)
        .map_or(single, |(_, canonical)| canonical.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_nouns_compare_singular_with_synonyms_folded() {
        assert_eq!(counted_noun("Vessels"), "ship");
        assert_eq!(counted_noun("ships"), counted_noun("vessel"));
        assert_eq!(counted_noun("countries"), "country");
        assert_eq!(counted_noun("persons"), counted_noun("people"));
        assert_eq!(counted_noun("children"), counted_noun("kids"));
        assert_eq!(counted_noun("glass"), "glass");
        assert_eq!(counted_noun("encounter"), counted_noun("meetings"));
        assert_ne!(counted_noun("ships"), counted_noun("boats"));
        assert!(COUNT_SYNONYMS.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn function_words_are_sorted_and_found() {
        assert!(FUNCTION_WORDS.windows(2).all(|pair| pair[0] < pair[1]));
        assert!(is_function_word("the"));
        assert!(!is_function_word("ceasefire"));
        assert_eq!(number_word("twelve"), Some(12.0));
        assert_eq!(number_word("dozen"), Some(12.0));
        assert_eq!(number_word("twelfth"), None);
    }
}
