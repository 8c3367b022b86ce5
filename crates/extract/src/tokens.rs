//! Word tokens with byte offsets, and a fallback sentence splitter for documents that arrive
//! without a sentences layer.

use corroborate_core::{Document, Span};

use crate::lexicon;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// Letters (with inner apostrophes, or a trailing dot for abbreviations such as `Mr.`).
    Word,
    /// Digits with inner `.` or `,`.
    Number,
    /// A possessive ending: `'s`, `’s`.
    Possessive,
    /// Any other single character.
    Punct,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokKind,
}

impl Token {
    pub fn span(&self) -> Span {
        Span::from_offsets(self.start, self.end)
    }

    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    pub fn is_word(&self) -> bool {
        self.kind == TokKind::Word
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Splits `text` into tokens. Hyphens split words ("Trump-backed" gives three tokens); dotted
/// acronyms ("U.S.") and known abbreviations ("Mr.", "St.") keep their dots.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let len = text.len();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(len, |&(o, _)| o);
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = offset(i);
        if c.is_alphabetic() {
            // dotted acronym: single letters each followed by a dot, two or more ("U.S.")
            let mut j = i;
            let mut pairs = 0;
            while at(j).is_some_and(|c| c.is_alphabetic()) && at(j + 1) == Some('.') {
                j += 2;
                pairs += 1;
            }
            if pairs >= 2 && !at(j).is_some_and(|c| c.is_alphanumeric()) {
                tokens.push(Token {
                    start,
                    end: offset(j),
                    kind: TokKind::Word,
                });
                i = j;
                continue;
            }
            let mut j = i;
            loop {
                while at(j).is_some_and(|c| c.is_alphanumeric() || is_mark(c)) {
                    j += 1;
                }
                // inner apostrophe: join unless it is the possessive 's
                if at(j).is_some_and(is_apostrophe) && at(j + 1).is_some_and(|c| c.is_alphabetic())
                {
                    let possessive = matches!(at(j + 1), Some('s') | Some('S'))
                        && !at(j + 2).is_some_and(|c| c.is_alphanumeric());
                    if possessive {
                        break;
                    }
                    j += 1;
                    continue;
                }
                break;
            }
            let word = &text[start..offset(j)];
            let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if at(j) == Some('.') && (single_letter || lexicon::is_abbreviation(word)) {
                j += 1;
            }
            tokens.push(Token {
                start,
                end: offset(j),
                kind: TokKind::Word,
            });
            i = j;
            continue;
        }
        if c.is_ascii_digit() {
            let mut j = i;
            loop {
                while at(j).is_some_and(|c| c.is_ascii_digit()) {
                    j += 1;
                }
                if matches!(at(j), Some('.') | Some(','))
                    && at(j + 1).is_some_and(|c| c.is_ascii_digit())
                {
                    j += 1;
                    continue;
                }
                break;
            }
            tokens.push(Token {
                start,
                end: offset(j),
                kind: TokKind::Number,
            });
            i = j;
            continue;
        }
        if is_apostrophe(c)
            && matches!(at(i + 1), Some('s') | Some('S'))
            && !at(i + 2).is_some_and(|c| c.is_alphanumeric())
            && i > 0
            && chars[i - 1].1.is_alphanumeric()
        {
            tokens.push(Token {
                start,
                end: offset(i + 2),
                kind: TokKind::Possessive,
            });
            i += 2;
            continue;
        }
        tokens.push(Token {
            start,
            end: offset(i + 1),
            kind: TokKind::Punct,
        });
        i += 1;
    }
    tokens
}

fn is_mark(c: char) -> bool {
    // combining marks stay inside words
    ('\u{0300}'..='\u{036f}').contains(&c)
}

/// The document's sentences, or a naive split when the layer is absent, so that each stage
/// also works on its own.
pub(crate) fn sentences_of(doc: &Document) -> Vec<Span> {
    match &doc.layers.sentences {
        Some(sentences) if !sentences.is_empty() || doc.text.trim().is_empty() => {
            sentences.iter().map(|s| s.span).collect()
        }
        _ => split_sentences(&doc.text),
    }
}

/// A simple news sentence splitter: breaks at line ends, and after `.`, `!` or `?` (with any
/// closing quotes or brackets) followed by space and an upper-case letter, a digit or an
/// opening quote, unless the word before the dot is an abbreviation or an initial.
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        split_line(text, line_start, line_start + line.len(), &mut spans);
        line_start += line.len();
    }
    spans
}

fn split_line(text: &str, from: usize, to: usize, out: &mut Vec<Span>) {
    let line = &text[from..to];
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        // closing quotes and brackets belong to the sentence
        let mut end = i + c.len_utf8();
        while let Some(&(j, next)) = iter.peek() {
            if matches!(next, '"' | '”' | '’' | '\'' | ')' | ']' | '.' | '!' | '?') {
                end = j + next.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let rest = &line[end..];
        let trimmed = rest.trim_start();
        if trimmed.len() == rest.len() || trimmed.is_empty() {
            continue;
        }
        let Some(first) = trimmed.chars().next() else {
            continue;
        };
        if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '"' | '“' | '‘'))
        {
            continue;
        }
        if c == '.' && ends_with_abbreviation(&line[start..i]) {
            continue;
        }
        let _ = bytes;
        push_trimmed(text, from + start, from + end, out);
        start = end;
    }
    push_trimmed(text, from + start, to, out);
}

fn ends_with_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .next()
        .unwrap_or("");
    if word.is_empty() {
        return false;
    }
    // an initial ("V") or a dotted acronym ("U.S")
    let letters: Vec<char> = word.chars().filter(|c| *c != '.').collect();
    if letters.len() == 1 && letters[0].is_uppercase() {
        return true;
    }
    if word.contains('.') && word.split('.').all(|part| part.chars().count() <= 1) {
        return true;
    }
    lexicon::is_abbreviation(word)
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let span = Span::from_offsets(start, end).trim(text);
    if !span.is_empty() {
        out.push(span);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn tokens_keep_abbreviations_and_split_possessives() {
        assert_eq!(
            words("Mr. Trump’s U.S. envoy, Vladimir V. Putin's O'Neill Trump-backed"),
            vec![
                "Mr.", "Trump", "’s", "U.S.", "envoy", ",", "Vladimir", "V.", "Putin", "'s",
                "O'Neill", "Trump", "-", "backed"
            ]
        );
        assert_eq!(
            words("$23.8 billion 1,000"),
            vec!["$", "23.8", "billion", "1,000"]
        );
        assert_eq!(words("St. Petersburg"), vec!["St.", "Petersburg"]);
    }

    #[test]
    fn splits_sentences_but_not_after_titles() {
        let text = "Mr. Okafor spoke. He said “yes.” Then U.S. troops left.\nNew line";
        let got: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(
            got,
            vec![
                "Mr. Okafor spoke.",
                "He said “yes.”",
                "Then U.S. troops left.",
                "New line"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn tokens_and_sentences_stay_on_boundaries(text in "\\PC{0,80}") {
            for token in tokenize(&text) {
                proptest::prop_assert!(token.span().is_valid_for(&text));
                proptest::prop_assert!(token.start < token.end);
            }
            let mut last = 0;
            for span in split_sentences(&text) {
                proptest::prop_assert!(span.is_valid_for(&text));
                proptest::prop_assert!(span.start() >= last);
                last = span.end();
            }
        }
    }
}
