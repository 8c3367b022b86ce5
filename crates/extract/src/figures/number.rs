//! Numbers as written in news: digits with separators and scale words ("23.8 billion",
//! "21bn"), number words ("ninety-nine", "two million", "a dozen"), and qualifiers before
//! them ("more than", "about").

use corroborate_core::Qualifier;

use crate::lexicon;
use crate::tokens::{TokKind, Token};

/// A number found at some token.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Number {
    pub value: f64,
    /// First and last token of the number (scale word included).
    pub first: usize,
    pub last: usize,
    /// True when written in words.
    pub words: bool,
    /// True when a scale word or abbreviation followed ("million", "bn").
    pub scaled: bool,
}

pub(crate) struct View<'a> {
    pub text: &'a str,
    pub tokens: &'a [Token],
    /// Each token lower-cased once.
    pub lowered: Vec<String>,
}

impl View<'_> {
    pub fn word(&self, t: usize) -> &str {
        self.tokens.get(t).map_or("", |tok| tok.text(self.text))
    }

    pub fn kind(&self, t: usize) -> Option<TokKind> {
        self.tokens.get(t).map(|tok| tok.kind)
    }

    /// True when token `t` starts right where token `t - 1` ends.
    pub fn adjacent(&self, t: usize) -> bool {
        t > 0 && t < self.tokens.len() && self.tokens[t - 1].end == self.tokens[t].start
    }

    pub fn lower(&self, t: usize) -> &str {
        self.lowered.get(t).map_or("", String::as_str)
    }
}

/// Parses digits such as "1,000", "23.8".
pub(crate) fn parse_digits(text: &str) -> Option<f64> {
    let cleaned: String = text.chars().filter(|c| *c != ',').collect();
    cleaned.parse::<f64>().ok()
}

/// A scale word after a number: spelled out ("billion") anywhere, abbreviated ("bn", "m")
/// only written against the digits.
fn scale_at(view: &View, t: usize, after_digits: bool) -> Option<f64> {
    let word = view.word(t);
    if view.kind(t) != Some(TokKind::Word) {
        return None;
    }
    let scale = lexicon::scale_word(word)?;
    let abbreviation = word.len() <= 3;
    if abbreviation && !(after_digits && view.adjacent(t)) {
        return None;
    }
    if word.chars().next().is_some_and(char::is_uppercase) && !abbreviation {
        return None;
    }
    Some(scale)
}

/// The number starting at token `t`, if one does.
pub(crate) fn number_at(view: &View, t: usize) -> Option<Number> {
    match view.kind(t)? {
        TokKind::Number => {
            let value = parse_digits(view.word(t))?;
            let mut last = t;
            let mut total = value;
            let mut scaled = false;
            if let Some(scale) = scale_at(view, t + 1, true) {
                total *= scale;
                last = t + 1;
                scaled = true;
                // "1.5 hundred thousand" is rare; one more spelled scale at most
                if let Some(more) = scale_at(view, t + 2, false) {
                    if more > scale {
                        total *= more;
                        last = t + 2;
                    }
                }
            }
            Some(Number {
                value: total,
                first: t,
                last,
                words: false,
                scaled,
            })
        }
        TokKind::Word => number_words(view, t),
        _ => None,
    }
}

/// "ninety-nine", "two hundred thousand", "a dozen", "a million".
fn number_words(view: &View, t: usize) -> Option<Number> {
    let first_word = view.word(t);
    let mut i = t;
    let mut total: f64 = 0.0;
    let mut current: f64 = 0.0;
    let mut any = false;
    let mut scaled = false;
    if first_word.eq_ignore_ascii_case("a") || first_word.eq_ignore_ascii_case("an") {
        let next = view.lower(t + 1);
        let is_scale = next == "dozen"
            || matches!(
                next,
                "hundred" | "thousand" | "million" | "billion" | "trillion"
            );
        if !is_scale {
            return None;
        }
        current = 1.0;
        i = t + 1;
    }
    #[derive(PartialEq)]
    enum Last {
        Nothing,
        Unit,
        Tens,
        Hundred,
        Scale,
    }
    let mut previous = if current > 0.0 {
        Last::Unit
    } else {
        Last::Nothing
    };
    let mut last = t;
    loop {
        if view.kind(i) != Some(TokKind::Word) {
            break;
        }
        let word = view.lower(i);
        let unit = lexicon::number_word(word);
        let scale = lexicon::scale_word(word).filter(|_| word.len() > 3);
        match (unit, scale) {
            (Some(_), _) if word == "dozen" => {
                current = current.max(1.0) * 12.0;
                previous = Last::Scale;
            }
            (Some(v), _) if v >= 20.0 && v % 10.0 == 0.0 => {
                if !matches!(previous, Last::Nothing | Last::Hundred | Last::Scale) {
                    break;
                }
                current += v;
                previous = Last::Tens;
            }
            (Some(v), _) => {
                let fits = match previous {
                    Last::Nothing | Last::Hundred | Last::Scale => true,
                    Last::Tens => v < 10.0,
                    Last::Unit => false,
                };
                if !fits {
                    break;
                }
                current += v;
                previous = Last::Unit;
            }
            (None, Some(100.0)) => {
                if !matches!(previous, Last::Unit | Last::Tens) {
                    break;
                }
                current *= 100.0;
                previous = Last::Hundred;
                scaled = true;
            }
            (None, Some(scale)) => {
                if previous == Last::Nothing {
                    break;
                }
                total += current * scale;
                current = 0.0;
                previous = Last::Scale;
                scaled = true;
            }
            (None, None) => break,
        }
        any = true;
        last = i;
        // "ninety-nine": a hyphen between number words
        if view.word(i + 1) == "-"
            && view.adjacent(i + 1)
            && view.adjacent(i + 2)
            && lexicon::number_word(view.lower(i + 2)).is_some()
        {
            i += 2;
        } else {
            i += 1;
        }
    }
    if !any {
        return None;
    }
    Some(Number {
        value: total + current,
        first: t,
        last,
        words: true,
        scaled,
    })
}

/// The qualifier written before token `t`, and the first token of it.
pub(crate) fn qualifier_before(view: &View, t: usize) -> (Qualifier, usize) {
    const PHRASES: &[(&[&str], Qualifier)] = &[
        (&["more", "than"], Qualifier::AtLeast),
        (&["at", "least"], Qualifier::AtLeast),
        (&["in", "excess", "of"], Qualifier::AtLeast),
        (&["just", "over"], Qualifier::AtLeast),
        (&["over"], Qualifier::AtLeast),
        (&["above"], Qualifier::AtLeast),
        (&["upwards", "of"], Qualifier::AtLeast),
        (&["less", "than"], Qualifier::AtMost),
        (&["fewer", "than"], Qualifier::AtMost),
        (&["up", "to"], Qualifier::AtMost),
        (&["as", "many", "as"], Qualifier::AtMost),
        (&["as", "much", "as"], Qualifier::AtMost),
        (&["just", "under"], Qualifier::AtMost),
        (&["under"], Qualifier::AtMost),
        (&["below"], Qualifier::AtMost),
        (&["about"], Qualifier::Approximately),
        (&["around"], Qualifier::Approximately),
        (&["nearly"], Qualifier::Approximately),
        (&["almost"], Qualifier::Approximately),
        (&["roughly"], Qualifier::Approximately),
        (&["approximately"], Qualifier::Approximately),
        (&["some"], Qualifier::Approximately),
        (&["an", "estimated"], Qualifier::Approximately),
        (&["close", "to"], Qualifier::Approximately),
        (&["an", "approximate"], Qualifier::Approximately),
    ];
    for (words, qualifier) in PHRASES {
        let n = words.len();
        if t < n {
            continue;
        }
        let matches = words.iter().enumerate().all(|(k, w)| {
            view.kind(t - n + k) == Some(TokKind::Word) && view.lower(t - n + k) == *w
        });
        if matches {
            return (*qualifier, t - n);
        }
    }
    (Qualifier::Exact, t)
}
