//! Word lists we wrote ourselves: abbreviations, sentence starters, speech verbs, stop words.
//! Lookups are linear over short sorted-by-hand slices; the lists are small and the callers
//! check only words that sit next to a period. Stop words, looked up for every word, sit in a
//! hash set.

use std::sync::OnceLock;

use crate::hash::{WordMap, WordSet};
use crate::tokens::words;

/// Abbreviations that precede a name and never end a sentence ("Mr. Putin", "Gen. Smith").
/// Matched case-sensitively without the final period.
#[rustfmt::skip]
const PREFIX_TITLES: &[&str] = &[
    "Mr", "Mrs", "Ms", "Messrs", "Mmes", "Dr", "Drs", "Prof", "Gen", "Sen", "Sens", "Rep", "Reps",
    "Gov", "Govs", "Lt", "Col", "Sgt", "Capt", "Cpl", "Pvt", "Adm", "Maj", "Cmdr", "Cdr", "Rev",
    "Hon", "Pres", "Supt", "Insp", "Det", "Fr", "Msgr", "Atty", "Amb", "Brig", "Gens",
];

/// Abbreviations never followed by a sentence break: "vs.", "i.e.", "e.g.", "cf.".
const NEVER_FINAL: &[&str] = &["vs", "v", "i.e", "e.g", "cf", "viz", "approx", "ca", "al"];

/// Abbreviations that usually continue the sentence but may end one ("Jan.", "Inc.", "St.",
/// "Calif."): months, days, streets and places, companies, name suffixes, AP state
/// abbreviations, numbering and units. A break after one needs a following word that starts
/// sentences.
#[rustfmt::skip]
const AMBIGUOUS: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    "Mon", "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun",
    "St", "Ste", "Mt", "Ft", "Ave", "Blvd", "Rd", "Sq", "Hwy", "Pt", "Inc", "Corp", "Co", "Ltd",
    "Bros", "Cos", "Plc", "LLC", "Dept", "Univ", "Assn",
    "Jr", "Sr", "Esq", "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill",
    "Ind", "Kan", "Kans", "Ky", "La", "Md", "Mass", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb",
    "Nev", "Okla", "Ore", "Pa", "Penn", "Tenn", "Tex", "Va", "Vt", "Wash", "Wis", "Wyo", "No",
    "Nos", "Nr", "Vol", "vol", "Fig", "fig", "pp", "Ch", "Art", "Sec", "etc", "ft", "km", "lb",
    "lbs", "oz", "hr", "hrs", "yr",
    "yrs", "mph", "Ph.D", "M.D", "B.A", "M.A", "a.m", "p.m", "A.M", "P.M",
];

/// Words that start sentences far more often than they continue a capitalised name: function
/// words, pronouns, determiners, connectives and titles that open a new sentence.
#[rustfmt::skip]
const STARTERS: &[&str] = &[
    "A", "About", "According", "After", "Against", "Ahead", "All", "Also", "Although", "Among",
    "An", "And", "Another", "Any", "Are", "As", "Asked", "At", "Because", "Before", "Both", "But",
    "By", "Can", "Could", "Despite", "Did", "Do", "Does", "During", "Each", "Earlier", "Either",
    "Even", "Every", "Few", "For", "From", "Had", "Has", "Have", "He", "Her", "Here", "His", "How",
    "However", "I", "If", "In", "Instead", "Is", "It", "Its", "It's", "It’s", "Last", "Later",
    "Many", "Meanwhile", "More", "Most", "Mr.", "Mrs.", "Ms.", "Dr.", "Much", "My", "Neither", "No",
    "Nor", "Not", "Now", "Of", "On", "Once", "One", "Only", "Or", "Other", "Our", "Over", "Several",
    "She", "Since", "So", "Some", "Still", "Such", "That", "The", "Their", "Then", "There", "These",
    "They", "This", "Those", "Though", "Thus", "To", "Two", "Under", "Unlike", "Until", "We",
    "Were", "What", "When", "Where", "Whether", "Which", "While", "Who", "Why", "Will", "With",
    "Without", "Would", "Yet", "You", "Your",
];

/// Verbs of saying, for attributions after a quote ("Let's see?" Okafor asked).
#[rustfmt::skip]
const SPEECH_VERBS: &[&str] = &[
    "said", "says", "asked", "asks", "added", "adds", "wrote", "writes", "told", "tells", "replied",
    "replies", "answered", "explained", "explains", "noted", "notes", "stated", "states",
    "declared", "insisted", "argued", "recalled", "continued", "shouted", "yelled", "tweeted",
    "posted", "joked", "quipped", "admitted", "warned", "cried", "exclaimed", "wondered",
    "whispered", "laughed", "responded", "concluded", "countered", "conceded", "acknowledged",
    "claimed", "remarked", "observed", "announced", "reported",
];

/// English function words and very common verbs and nouns that say nothing about a topic.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "ago", "all", "almost", "also", "although",
    "always", "am", "among", "an", "and", "another", "any", "are", "around", "as", "at", "back",
    "be", "became", "because", "become", "been", "before", "being", "below", "between", "both",
    "but", "by", "came", "can", "come", "comes", "could", "day", "days", "did", "do", "does",
    "doing", "done", "down", "during", "each", "either", "even", "ever", "every", "few", "first",
    "for", "from", "further", "get", "gets", "getting", "give", "given", "go", "goes", "going",
    "gone", "got", "had", "has", "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it", "its", "itself",
    "just", "know", "last", "later", "least", "less", "like", "made", "make", "makes", "making",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "myself", "near", "need",
    "never", "new", "next", "no", "nor", "not", "now", "of", "off", "often", "on", "once", "one",
    "only", "or", "other", "others", "our", "ours", "out", "over", "own", "part", "per", "put",
    "rather", "really", "said", "same", "say", "says", "see", "seen", "several", "shall", "she",
    "should", "since", "so", "some", "still", "such", "take", "taken", "than", "that", "the",
    "their", "theirs", "them", "themselves", "then", "there", "these", "they", "thing", "things",
    "this", "those", "though", "through", "thus", "time", "times", "to", "told", "too", "took",
    "toward", "towards", "two", "under", "until", "up", "upon", "us", "use", "used", "very", "via",
    "was", "way", "we", "week", "well", "were", "what", "when", "where", "whether", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within", "without", "would", "year",
    "years", "yet", "you", "your", "yours", "yourself", "mr", "mrs", "ms", "dr", "s", "t",
    "according", "including", "month", "months", "today", "yesterday", "tomorrow", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "people", "want", "wants",
    "look", "looks", "let", "lot", "lots", "good", "great", "big", "small", "long", "old", "high",
    "low", "left", "right", "set", "three", "four", "five",
];

pub(crate) fn is_prefix_title(word: &str) -> bool {
    PREFIX_TITLES.contains(&word)
}

pub(crate) fn is_never_final(word: &str) -> bool {
    NEVER_FINAL.contains(&word)
}

pub(crate) fn is_ambiguous_abbreviation(word: &str) -> bool {
    AMBIGUOUS.contains(&word)
}

pub(crate) fn is_starter(word: &str) -> bool {
    STARTERS.contains(&word)
}

pub(crate) fn is_speech_verb(word: &str) -> bool {
    static SET: OnceLock<WordSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| SPEECH_VERBS.iter().copied().collect())
        .contains(word)
}

/// `word` must be lowercase.
pub(crate) fn is_stop_word(word: &str) -> bool {
    static SET: OnceLock<WordSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| STOP_WORDS.iter().copied().collect())
        .contains(word)
}

pub(crate) fn set(
    cell: &'static OnceLock<WordSet<&'static str>>,
    list: &'static [&'static str],
) -> &'static WordSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

pub(crate) fn phrases(
    cell: &'static OnceLock<Phrases>,
    list: &'static [&'static str],
) -> &'static Phrases {
    cell.get_or_init(|| Phrases::new(list))
}

/// Word sequences looked up by their first word, so a line is scanned once per list.
pub(crate) struct Phrases {
    by_first: WordMap<&'static str, Vec<Vec<&'static str>>>,
}

impl Phrases {
    fn new(list: &'static [&'static str]) -> Phrases {
        let mut by_first: WordMap<&'static str, Vec<Vec<&'static str>>> = WordMap::default();
        for phrase in list {
            let phrase_words: Vec<&'static str> = words(phrase).map(|(_, w)| w).collect();
            if let Some(first) = phrase_words.first() {
                by_first.entry(first).or_default().push(phrase_words);
            }
        }
        Phrases { by_first }
    }

    /// True when one of the phrases occurs as consecutive words of `line_words`.
    pub(crate) fn occur_in(&self, line_words: &[&str]) -> bool {
        line_words.iter().enumerate().any(|(at, word)| {
            self.by_first.get(word).is_some_and(|candidates| {
                candidates
                    .iter()
                    .any(|phrase| line_words[at..].starts_with(phrase))
            })
        })
    }
}
