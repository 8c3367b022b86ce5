//! Candidate names: runs of capitalised words, with sentence-initial words judged by how the
//! document writes them elsewhere, titles split off, and a first type from the words alone.

use std::collections::HashMap;

use corroborate_core::{EntityKind, Span};

use crate::lexicon;
use crate::tokens::{TokKind, Token};

/// A name found in the text, before cues from its context and the rest of the document.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    /// Token indices of the name (title and possessive excluded).
    pub first: usize,
    pub last: usize,
    pub span: Span,
    pub kind: Option<EntityKind>,
    /// The type the context suggests ("in X", "X said"), weaker than `kind`.
    pub hint: Option<EntityKind>,
    /// Role given by a title inside the capitalised run ("German Defense Minister").
    pub title_role: Option<Span>,
    /// True when a title or honorific stood before the name.
    pub titled: bool,
    pub sentence: usize,
}

/// The tokens of the document with, for each, its sentence and whether it opens a sentence
/// or a quotation (where capitals say nothing).
pub(crate) struct Tokens<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    pub sentence_of: Vec<usize>,
    pub initial: Vec<bool>,
    /// lower-cased word -> (times written lower-case, times capitalised not sentence-initially)
    stats: HashMap<String, (u32, u32)>,
    /// The text is in German, Spanish, French, Italian or Dutch: their function words are no
    /// names.
    foreign: bool,
    /// German: lower-cased capitalised words the text uses as common nouns (after a
    /// determiner or a number: "der Sprecher", "2.500 Mitarbeiter").
    nouns: Option<std::collections::HashSet<String>>,
}

impl<'a> Tokens<'a> {
    pub fn new(
        text: &'a str,
        tokens: Vec<Token>,
        sentences: &[Span],
        language: Option<&str>,
    ) -> Tokens<'a> {
        let mut sentence_of = Vec::with_capacity(tokens.len());
        let mut initial = Vec::with_capacity(tokens.len());
        let mut current = 0;
        let mut previous_sentence = usize::MAX;
        let mut previous: Option<&Token> = None;
        for token in &tokens {
            while current + 1 < sentences.len() && sentences[current].end() <= token.start {
                current += 1;
            }
            let new_sentence = current != previous_sentence;
            previous_sentence = current;
            let after_opener = previous.is_some_and(|p| {
                p.kind == TokKind::Punct
                    && matches!(
                        p.text(text),
                        "“" | "\"" | "‘" | "(" | ":" | "—" | "–" | "[" | "'" | "-"
                    )
            });
            let line_start = text[..token.start]
                .chars()
                .rev()
                .find(|c| !matches!(c, ' ' | '\t'))
                .is_none_or(|c| c == '\n');
            initial.push(new_sentence || after_opener || line_start);
            sentence_of.push(current);
            previous = Some(token);
        }
        let mut stats: HashMap<String, (u32, u32)> = HashMap::new();
        for (i, token) in tokens.iter().enumerate() {
            if !token.is_word() {
                continue;
            }
            let word = token.text(text);
            let entry = stats.entry(word.to_lowercase()).or_default();
            if starts_upper(word) {
                if !initial[i] {
                    entry.1 += 1;
                }
            } else {
                entry.0 += 1;
            }
        }
        let foreign = matches!(language, Some("de" | "es" | "fr" | "it" | "nl"));
        let nouns = (language == Some("de")).then(|| german_nouns(text, &tokens));
        Tokens {
            text,
            tokens,
            sentence_of,
            initial,
            stats,
            foreign,
            nouns,
        }
    }

    /// True when the text is German and `word` is one of its common nouns: used after a
    /// determiner or a number somewhere in the text, or ending like a noun or a role
    /// ("Entscheidung", "Konzernchef"); places, organisation words and acronyms excepted.
    pub fn is_common_noun(&self, word: &str) -> bool {
        let Some(nouns) = &self.nouns else {
            return false;
        };
        let known = lexicon::is_place(word) || lexicon::is_org_keyword(word) || is_acronym(word);
        !known && (nouns.contains(&word.to_lowercase()) || lexicon::has_german_noun_ending(word))
    }

    /// True when `word` is a function word of the text's language (not English).
    pub fn is_foreign_function_word(&self, word: &str) -> bool {
        self.foreign && lexicon::is_foreign_function_word(word)
    }

    pub fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    /// The word at `i`, or "" past the end.
    pub fn word_at(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    pub fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.is_word())
    }

    /// (lower-case uses, capitalised mid-sentence uses) of a word in the document.
    pub fn stats(&self, word: &str) -> (u32, u32) {
        self.stats
            .get(&word.to_lowercase())
            .copied()
            .unwrap_or_default()
    }

    pub fn span(&self, first: usize, last: usize) -> Span {
        Span::from_offsets(self.tokens[first].start, self.tokens[last].end)
    }
}

/// The capitalised words a German text puts after a determiner, a number, or a determiner
/// and an adjective ("die neue Regierung"), lower-cased.
fn german_nouns(text: &str, tokens: &[Token]) -> std::collections::HashSet<String> {
    let mut nouns = std::collections::HashSet::new();
    for i in 1..tokens.len() {
        let word = tokens[i].text(text);
        if !tokens[i].is_word() || !starts_upper(word) {
            continue;
        }
        let before = tokens[i - 1].text(text);
        let counted = tokens[i - 1].kind == TokKind::Number;
        let determined = tokens[i - 1].is_word() && lexicon::is_german_determiner(before);
        let adjective = i >= 2
            && tokens[i - 1].is_word()
            && !starts_upper(before)
            && before.ends_with(['e', 'n', 'r', 's'])
            && tokens[i - 2].is_word()
            && lexicon::is_german_determiner(tokens[i - 2].text(text));
        if counted || determined || adjective {
            nouns.insert(word.to_lowercase());
        }
    }
    nouns
}

pub(crate) fn starts_upper(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// All letters upper-case, two to six of them ("NATO", "U.S.", "BBC").
pub(crate) fn is_acronym(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    // shouted words ("DYING") are not acronyms
    let shouted = letters.len() > 3 && (word.ends_with("ING") || word.ends_with("ED"));
    !shouted
        && (2..=6).contains(&letters.len())
        && letters.iter().all(|c| c.is_uppercase())
        && word.chars().all(|c| c.is_alphabetic() || c == '.')
}

/// Titles that are also surnames or parts of names.
const AMBIGUOUS_TITLES: &[&str] = &[
    "king",
    "major",
    "bishop",
    "judge",
    "dean",
    "prince",
    "queen",
    "marshal",
    "general",
    "chief",
    "father",
    "brother",
    "sister",
    "host",
    "head",
    "leader",
    "speaker",
    "coach",
    "officer",
    "chair",
    "founder",
    "candidate",
    "nominee",
    "private",
    "justice",
    "anchor",
    "editor",
    "captain",
];

const PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "al", "bin", "ibn", "la", "le", "da", "du", "dos", "del",
    "di",
];

fn is_nameish(tokens: &Tokens, i: usize) -> bool {
    if !tokens.is_word(i) {
        return false;
    }
    let word = tokens.word(i);
    if !starts_upper(word) || word == "I" || word.starts_with("I'") || word.starts_with("I’") {
        return false;
    }
    if lexicon::is_month(word) || lexicon::is_weekday(word) {
        return false;
    }
    // long all-capital words are shouting, not names ("DYING"), unless known
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    let shouted = word.chars().all(|c| !c.is_lowercase())
        && letters > 3
        && (word.ends_with("ING") || word.ends_with("ED"));
    if shouted {
        return false;
    }
    if letters > 6 && word.chars().all(|c| !c.is_lowercase()) {
        return lexicon::is_place(word) || lexicon::is_org_keyword(word);
    }
    if tokens.is_common_noun(word) {
        return false;
    }
    if tokens.is_foreign_function_word(word) {
        // a particle that opens a name stays ("De Jong", "Van Dijk")
        let next = tokens.word_at(i + 1);
        return lexicon::is_name_particle(word)
            && tokens.is_word(i + 1)
            && starts_upper(next)
            && !tokens.is_foreign_function_word(next)
            && !tokens.is_common_noun(next);
    }
    true
}

/// Candidates of typed byte spans found by a tagger, in text order: each covers the tokens
/// inside its span (none: dropped). A person's titles are split off and kept as the role
/// the rule tagger would give: a title run just before the name ("German Defence Minister
/// Anne Martin") or at its start, when the tagger took it in.
pub(crate) fn from_spans(tokens: &Tokens, tagged: &[(Span, EntityKind)]) -> Vec<Candidate> {
    let mut sorted: Vec<&(Span, EntityKind)> = tagged.iter().collect();
    sorted.sort_by_key(|(span, _)| (span.start(), span.end()));
    let mut out: Vec<Candidate> = Vec::new();
    for &(span, kind) in sorted {
        let mut first = tokens.tokens.partition_point(|t| t.start < span.start());
        let Some(count) = tokens.tokens[first..]
            .iter()
            .take_while(|t| t.end <= span.end())
            .count()
            .checked_sub(1)
        else {
            continue;
        };
        let last = first + count;
        if out.last().is_some_and(|c| c.last >= first) {
            continue;
        }
        // a name has a capital letter ("summit" is none)
        if !tokens.text[tokens.span(first, last)]
            .chars()
            .any(char::is_uppercase)
        {
            continue;
        }
        // a lone function word, pronoun or honorific names nobody ("She", "The", "Mr."),
        // but capitals do ("US")
        if first == last && {
            let word = tokens.word(first);
            (NOT_NAMES.contains(&word.to_lowercase().as_str()) && !is_acronym(word))
                || lexicon::is_honorific(word)
                || lexicon::is_honorific(word.trim_end_matches('.'))
        } {
            continue;
        }
        let mut title_role = None;
        let mut titled = false;
        if kind == EntityKind::Person {
            // titles the tagger took into the name
            let inside_first = first;
            while first < last && is_title_word(tokens.word(first)) {
                first += 1;
            }
            // a title just before the name, with the capitalised words that lead into it
            // ("German Defence Minister"), not those of an earlier name
            let floor = out.last().map_or(0, |c| c.last + 1);
            let same = |t: usize| {
                t >= floor
                    && tokens.is_word(t)
                    && tokens.sentence_of[t] == tokens.sentence_of[first]
                    && starts_upper(tokens.word(t))
            };
            let mut run_first = first;
            if first > 0 && same(first - 1) && is_title_word(tokens.word(first - 1)) {
                run_first = first - 1;
                while run_first > 0 && same(run_first - 1) {
                    let word = tokens.word(run_first - 1);
                    let leads = is_title_word(word)
                        || lexicon::is_demonym(word)
                        || !tokens.initial[run_first - 1];
                    if !leads {
                        break;
                    }
                    run_first -= 1;
                }
            }
            let title_first = run_first.min(inside_first);
            if title_first < first {
                titled = true;
                let only_honorifics =
                    (title_first..first).all(|t| lexicon::is_honorific(tokens.word(t)));
                if !only_honorifics {
                    title_role = Some(tokens.span(title_first, first - 1));
                }
            }
        }
        out.push(Candidate {
            first,
            last,
            span: tokens.span(first, last),
            kind: Some(kind),
            hint: None,
            title_role,
            titled,
            sentence: tokens.sentence_of[first],
        });
    }
    out
}

/// Pronouns and determiners a tagger may take for a one-word name.
const NOT_NAMES: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we",
    "i", "you", "his", "her", "their", "our", "my", "your", "him", "them", "us", "me",
];

/// A title or honorific, with or without its dot ("Gen.", "Mr", "President").
fn is_title_word(word: &str) -> bool {
    lexicon::is_title(word) || lexicon::is_title(word.trim_end_matches('.'))
}

/// Finds the capitalised runs of the document and turns each into at most one candidate.
pub(crate) fn find(tokens: &Tokens) -> Vec<Candidate> {
    let mut out = Vec::new();
    let n = tokens.tokens.len();
    let mut i = 0;
    while i < n {
        if !is_nameish(tokens, i) {
            i += 1;
            continue;
        }
        let sentence = tokens.sentence_of[i];
        let mut last = i;
        let mut j = i + 1;
        while j < n && tokens.sentence_of[j] == sentence {
            if is_nameish(tokens, j) {
                last = j;
                j += 1;
                continue;
            }
            // "Bank of England", "Ludwig van Beethoven"
            if tokens.is_word(j)
                && is_nameish(tokens, j + 1)
                && tokens.sentence_of[j + 1] == sentence
            {
                let word = tokens.word(j);
                let joins = PARTICLES.contains(&word)
                    || (word == "of" && lexicon::is_org_keyword(tokens.word(last)))
                    || (word == "of"
                        && matches!(tokens.word(last), "United" | "States" | "Republic"));
                if joins {
                    j += 1;
                    continue;
                }
            }
            break;
        }
        if let Some(candidate) = shape(tokens, i, last) {
            out.push(candidate);
        }
        i = last + 1;
    }
    out
}

/// Strips sentence-initial common words and titles off a run; types what remains.
fn shape(tokens: &Tokens, mut first: usize, last: usize) -> Option<Candidate> {
    // sentence-initial words: keep only with evidence that they are names
    if tokens.initial[first] {
        let word = tokens.word(first);
        let (lower, capital) = tokens.stats(word);
        let known = lexicon::is_place(word)
            || lexicon::is_title(word)
            || lexicon::is_demonym(word)
            || is_acronym(word);
        // "Smith said": a speech verb after an unknown word makes it a name
        let speaks = tokens.is_word(last + 1) && {
            let next = tokens.word(last + 1);
            !starts_upper(next) && lexicon::is_speech_verb(next)
        };
        let drop = lexicon::is_function_word(word)
            || tokens.is_foreign_function_word(word)
            || (!known && first == last && !speaks && (capital == 0 || lower > 0))
            || (!known && capital == 0 && lower > 0);
        if drop {
            first += 1;
        }
    }
    if first > last {
        return None;
    }
    // the last title in the run separates the role from the name
    let mut title_end = None;
    for k in first..last {
        let word = tokens.word(k);
        if !lexicon::is_title(word) {
            continue;
        }
        // "Larry King", "John Major": after a plain name word, such a title is a surname
        let after_name = k > first && {
            let before = tokens.word(k - 1);
            !lexicon::is_title(before)
                && !lexicon::is_demonym(before)
                && !lexicon::is_place(before)
                && !lexicon::is_org_keyword(before)
                && !is_acronym(before)
                && tokens.stats(before).0 == 0
        };
        if after_name && AMBIGUOUS_TITLES.contains(&word.to_lowercase().as_str()) {
            continue;
        }
        title_end = Some(k);
    }
    let mut name_first = title_end.map_or(first, |k| k + 1);
    let mut titled = title_end.is_some();
    let mut title_role = None;
    if let Some(k) = title_end {
        let name_has_keyword = (name_first..=last).any(|t| lexicon::is_org_keyword(tokens.word(t)));
        if name_has_keyword {
            // "General Motors": the title word is part of an organisation's name
            name_first = first;
            titled = false;
        } else {
            let only_honorifics = (first..=k).all(|t| lexicon::is_honorific(tokens.word(t)));
            if !only_honorifics {
                title_role = Some(tokens.span(first, k));
            }
        }
    }
    // a title that ends the run ("the Russian President") names nobody
    if title_end.is_none() && first == last && lexicon::is_title(tokens.word(first)) {
        return None;
    }
    // leading nationality adjectives are not part of a name ("Russian Ivan Petrov")
    let keyword_in = |from: usize| {
        (from..=last).any(|t| {
            let w = tokens.word(t);
            lexicon::is_org_keyword(w) || lexicon::is_loc_keyword(w) || lexicon::is_event_keyword(w)
        })
    };
    let whole_place = lexicon::is_place(&tokens.text[tokens.span(name_first, last)]);
    while !whole_place
        && name_first <= last
        && lexicon::is_demonym(tokens.word(name_first))
        && !keyword_in(name_first)
    {
        name_first += 1;
    }
    if name_first > last {
        return None;
    }
    let word_count = (name_first..=last).filter(|&t| tokens.is_word(t)).count();
    if word_count == 1 {
        let word = tokens.word(name_first);
        if lexicon::is_function_word(word) {
            return None;
        }
        if lexicon::is_title(word) || lexicon::is_honorific(word) {
            return None;
        }
    }
    let span = tokens.span(name_first, last);
    let kind = type_of(tokens, name_first, last, titled);
    Some(Candidate {
        first: name_first,
        last,
        span,
        kind,
        hint: None,
        title_role,
        titled,
        sentence: tokens.sentence_of[name_first],
    })
}

/// The type the words of a name give, if they give one.
fn type_of(tokens: &Tokens, first: usize, last: usize, titled: bool) -> Option<EntityKind> {
    let name = &tokens.text[tokens.span(first, last)];
    let last_word = tokens.word(last);
    let words: Vec<&str> = (first..=last).map(|t| tokens.word(t)).collect();
    if lexicon::is_org_keyword(last_word) && !titled {
        return Some(EntityKind::Organization);
    }
    if lexicon::is_place(name) {
        return Some(EntityKind::Location);
    }
    // "Mount Everest", "Lake Geneva", "Cape Town"
    let place_head = matches!(
        words[0].to_lowercase().as_str(),
        "mount" | "mt." | "lake" | "cape" | "isle" | "port" | "fort" | "gulf" | "bay" | "mountains"
    );
    if place_head && words.len() > 1 {
        return Some(EntityKind::Location);
    }
    if lexicon::is_loc_keyword(last_word) && words.len() > 1 {
        return Some(EntityKind::Location);
    }
    if words.len() > 1 && words.iter().any(|w| lexicon::is_event_keyword(w)) {
        return Some(EntityKind::Event);
    }
    if words.iter().any(|w| lexicon::is_org_keyword(w)) && !titled {
        return Some(EntityKind::Organization);
    }
    if words
        .iter()
        .any(|w| is_acronym(w) && !lexicon::is_place_acronym(w))
    {
        return Some(EntityKind::Organization);
    }
    if words.len() == 1 && lexicon::is_place_acronym(last_word) {
        return Some(EntityKind::Location);
    }
    if titled {
        return Some(EntityKind::Person);
    }
    None
}
