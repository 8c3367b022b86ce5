//! A rule-based sentence splitter for news English.
//!
//! Each line (paragraph) is split on its own, so no sentence crosses a line. A candidate break
//! is a run of terminal marks (`.`, `?`, `!`, `…`), then any closing quotes or brackets, then
//! whitespace. Whether it breaks depends on the word before and the word after:
//!
//! - a lowercase next word never follows a break (`"Let's see?" he asked`, `Inc. said`);
//! - `?`/`!` closing a quote, followed by a short attribution (`"Why?" Okafor asked.`), stays;
//! - a dash after the break is an attribution or dateline (`.” — Julie Bowen`), no break;
//! - after a period, the word before decides: titles (`Mr.`, `Gen.`) and `vs.`, `i.e.`, `e.g.`
//!   never break; initials (`S.`), dotted abbreviations (`U.S.`, `a.m.`) and ambiguous ones
//!   (`St.`, `Jan.`, `Inc.`, `Calif.`, `etc.`) break only when the next word is one that
//!   usually starts sentences (a function word, pronoun, determiner or connective: `The`, `He`,
//!   `But`, `Mr.`), and never before a number (`No. 10`, `Jan. 18`). So "to the U.S. The talks"
//!   breaks while "U.S. Defense Secretary" and "St. Petersburg" do not. A number opening a
//!   sentence is a list marker (`1. First`);
//! - any other period breaks before a capital, a digit or an opening quote.
//!
//! A quotation of several sentences is split inside (`"Let's see.` | `It depends."`), like any
//! other text; the quote marks stay in the spans, so quote extraction can join them again.

use corroborate_core::{Document, Error, Layer, Sentence, Span, Stage};

use crate::languages::{sentence_words, SentenceWords};
use crate::lexicon;

/// Splits `text` into sentence spans. The spans tile the text: in order, non-overlapping,
/// trimmed, with only whitespace between them, and none crosses a `\n`.
///
/// ```
/// use corroborate_text::split_sentences;
///
/// let text = "Mr. Novak flew to the U.S. The talks ended.\n“Let's see?” he asked.";
/// let got: Vec<&str> = split_sentences(text).into_iter().map(|s| &text[s]).collect();
/// assert_eq!(got, ["Mr. Novak flew to the U.S.", "The talks ended.", "“Let's see?” he asked."]);
/// ```
pub fn split_sentences(text: &str) -> Vec<Span> {
    split_sentences_in(text, None)
}

/// [`split_sentences`] for a text in `language` (ISO 639-1): German, Spanish, French, Italian
/// and Dutch add their titles, abbreviations and sentence openers to the English ones, and in
/// German a number followed by a period is an ordinal ("am 5. März"). Other languages, and
/// `None`, split by the English rules.
///
/// ```
/// use corroborate_text::split_sentences_in;
///
/// let text = "Am 5. März traf Sr. García z.B. Dr. Weber. Die Gespräche endeten.";
/// let got: Vec<&str> = split_sentences_in(text, Some("de")).into_iter().map(|s| &text[s]).collect();
/// assert_eq!(got, ["Am 5. März traf Sr. García z.B. Dr. Weber.", "Die Gespräche endeten."]);
/// ```
pub fn split_sentences_in(text: &str, language: Option<&str>) -> Vec<Span> {
    let words = language.and_then(sentence_words);
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split('\n') {
        split_line(text, line_start, line_start + line.len(), words, &mut spans);
        line_start += line.len() + 1;
    }
    spans
}

/// The stage that fills [`corroborate_core::Layers::sentences`] from `doc.text`.
#[derive(Clone, Copy, Debug, Default)]
pub struct SentenceSplitter;

impl Stage for SentenceSplitter {
    fn name(&self) -> &'static str {
        "sentences"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Sentences]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let sentences = split_sentences_in(&doc.text, doc.meta.language.as_deref())
            .into_iter()
            .map(|span| Sentence { span })
            .collect();
        doc.layers.sentences = Some(sentences);
        Ok(())
    }
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

fn is_opener(c: char) -> bool {
    matches!(c, '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹')
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›')
}

/// A token that can only close a quotation: `''` (tokenised text's closing quote), ”, », ›.
fn is_detached_closer(token: &str) -> bool {
    matches!(token, "''" | "”" | "»" | "›" | "’’")
}

fn is_dash(c: char) -> bool {
    matches!(c, '—' | '–' | '-' | '―')
}

/// Splits `text[start..end]` (one line) and pushes the sentences.
fn split_line(
    text: &str,
    start: usize,
    end: usize,
    words: Option<&'static SentenceWords>,
    spans: &mut Vec<Span>,
) {
    let line = &text[start..end];
    let mut sentence_start = match first_non_space(line, 0) {
        Some(offset) => offset,
        None => return,
    };
    let mut chars = line.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if at < sentence_start || !is_terminal(c) {
            continue;
        }
        let mut marks_end = at + c.len_utf8();
        loop {
            while let Some(&(next_at, next)) = chars.peek() {
                if !is_terminal(next) {
                    break;
                }
                marks_end = next_at + next.len_utf8();
                chars.next();
            }
            // A spaced ellipsis (". . .", ". ..") is one run of marks: a period, a space and
            // periods that end at a space or the line's end.
            if spaced_dots_follow(line, marks_end) {
                chars.next();
                continue;
            }
            break;
        }
        let mut closers_end = marks_end;
        while let Some(&(next_at, next)) = chars.peek() {
            if !is_closer(next) {
                break;
            }
            closers_end = next_at + next.len_utf8();
            chars.next();
        }
        match line[closers_end..].chars().next() {
            Some(next) if next.is_whitespace() => {}
            _ => continue,
        }
        // A closing quote set apart by a space, as tokenised text writes it ("… a home run .
        // ''"), still closes this sentence.
        if let Some(quote_start) = first_non_space(line, closers_end) {
            let token_end = line[quote_start..]
                .find(char::is_whitespace)
                .map_or(line.len(), |k| quote_start + k);
            if is_detached_closer(&line[quote_start..token_end]) {
                closers_end = token_end;
                while chars
                    .peek()
                    .is_some_and(|&(next_at, _)| next_at < token_end)
                {
                    chars.next();
                }
            }
        }
        let Some(next_start) = first_non_space(line, closers_end) else {
            break;
        };
        // Only quote marks left on the line ("… in the air . ' '", "… 40 states . \""): they
        // close this sentence.
        if line[next_start..]
            .chars()
            .all(|c| c.is_whitespace() || is_quote(c) || matches!(c, '`'))
        {
            break;
        }
        let candidate = Candidate {
            line,
            words,
            sentence_start,
            marks: &line[at..marks_end],
            closers: &line[marks_end..closers_end],
            before: &line[sentence_start..at],
            after: &line[next_start..],
        };
        if candidate.breaks() {
            spans.push(Span::from_offsets(
                start + sentence_start,
                start + closers_end,
            ));
            sentence_start = next_start;
        }
    }
    let trimmed_end = line.trim_end().len();
    if trimmed_end > sentence_start {
        spans.push(Span::from_offsets(
            start + sentence_start,
            start + trimmed_end,
        ));
    }
}

/// True when `line[at..]` is a space and periods ending at a space or the line's end, after a
/// period at `at - 1`.
fn spaced_dots_follow(line: &str, at: usize) -> bool {
    let Some(rest) = line[at..].strip_prefix(" .") else {
        return false;
    };
    let after = rest.trim_start_matches('.');
    line[..at].ends_with('.') && after.chars().next().is_none_or(char::is_whitespace)
}

fn first_non_space(line: &str, from: usize) -> Option<usize> {
    line[from..]
        .char_indices()
        .find(|(_, c)| !c.is_whitespace())
        .map(|(offset, _)| from + offset)
}

/// A possible sentence break and its surroundings within one line.
struct Candidate<'a> {
    line: &'a str,
    /// The words of the text's language, beyond English.
    words: Option<&'static SentenceWords>,
    sentence_start: usize,
    /// The terminal marks: ".", "?", "!!", "...", "…".
    marks: &'a str,
    /// Closing quotes and brackets right after the marks.
    closers: &'a str,
    /// The sentence so far, up to the marks.
    before: &'a str,
    /// The rest of the line from the next non-space character.
    after: &'a str,
}

impl Candidate<'_> {
    fn breaks(&self) -> bool {
        debug_assert!(self.sentence_start <= self.line.len());
        // The next word, past opening quotes and brackets, also when they stand apart as
        // tokenised text writes them ("N. V. ( EADS )").
        let next_word = self
            .after
            .split_whitespace()
            .map(|token| token.trim_start_matches(is_opener))
            .find(|word| !word.is_empty())
            .unwrap_or("");
        let Some(first) = next_word.chars().next() else {
            // Nothing but quotes or brackets follows: treat as a new sentence.
            return true;
        };
        // A comma, colon or closing bracket cannot open a sentence ("AirTanker Ltd . , a
        // consortium").
        if is_dash(first)
            || first.is_lowercase()
            || matches!(first, ',' | ';' | ':' | ')' | ']' | '}' | '%')
        {
            return false;
        }
        let quoted = self.closers.chars().any(is_quote);
        if quoted && self.attribution_follows() {
            return false;
        }
        let exclaims = self.marks.contains(['?', '!']);
        let ellipsis = self.marks.contains('…') || self.marks.len() > 1;
        if exclaims || ellipsis || !self.closers.is_empty() {
            return true;
        }
        self.period_breaks(next_word, first)
    }

    /// After a single period: decides by the word before it.
    fn period_breaks(&self, next_word: &str, next_first: char) -> bool {
        let word = self
            .before
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("")
            .trim_start_matches(|c: char| is_opener(c) || is_dash(c));
        if word.is_empty() {
            return true;
        }
        let starts_next = starts_sentence(next_word, self.words);
        let foreign = |test: fn(&SentenceWords, &str) -> bool| {
            self.words.is_some_and(|words| test(words, word))
        };
        if lexicon::is_never_final(word)
            || lexicon::is_prefix_title(word)
            || foreign(SentenceWords::is_never_final)
            || foreign(SentenceWords::is_title)
        {
            return false;
        }
        if is_numeral(word) && self.words.is_some_and(|w| w.ordinal_dot) {
            // "am 5. März", "der 3. Platz": an ordinal, unless a sentence clearly starts.
            return !next_first.is_ascii_digit() && starts_next;
        }
        if is_numeral(word) {
            // "1. The first point", "Steps: 1. Stop.": a list marker, not a sentence.
            let earlier = self.before.trim_end().strip_suffix(word).unwrap_or("");
            if earlier.trim_end().is_empty() || earlier.trim_end().ends_with(':') {
                return false;
            }
        }
        let dotted = word.contains('.')
            && word
                .split('.')
                .all(|piece| piece.chars().count() <= 3 && piece.chars().all(char::is_alphabetic));
        let initial = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
        if dotted
            || initial
            || lexicon::is_ambiguous_abbreviation(word)
            || foreign(SentenceWords::is_ambiguous)
        {
            if next_first.is_ascii_digit() {
                return false;
            }
            return starts_next;
        }
        true
    }

    /// True when the words after a closing quote are a short attribution ending there:
    /// `"Let's see?" Okafor asked.`, `"Go!" the crowd shouted,`.
    fn attribution_follows(&self) -> bool {
        let exclaims = self.marks.contains(['?', '!']);
        for (index, token) in self.after.split_whitespace().take(4).enumerate() {
            let core = token.trim_matches(|c: char| !c.is_alphanumeric());
            if lexicon::is_speech_verb(core) {
                // After a period the clause must end at the verb ("Moreau said."), else the
                // capitalised words start a new sentence that merely contains "said".
                let ends_here = token.ends_with([',', '.', ';', ':'])
                    || self.after.split_whitespace().nth(index + 1).is_none();
                return exclaims || ends_here;
            }
            let title = lexicon::is_prefix_title(token.trim_end_matches('.'));
            if token.ends_with(['.', '?', '!', ',', ';', ':']) && !title {
                return false;
            }
            if index > 0 && !token.starts_with(char::is_uppercase) && core != "the" {
                return false;
            }
        }
        false
    }
}

fn is_numeral(word: &str) -> bool {
    !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit())
}

/// True when `word` (opening quotes removed) is one that usually opens a sentence, in English
/// or in the text's language.
fn starts_sentence(word: &str, words: Option<&SentenceWords>) -> bool {
    let core = word.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '.');
    let bare = core.trim_end_matches('.');
    let english =
        lexicon::is_starter(core) || lexicon::is_starter(bare) || lexicon::is_prefix_title(bare);
    english || words.is_some_and(|w| w.is_starter(core) || w.is_starter(bare) || w.is_title(bare))
}
