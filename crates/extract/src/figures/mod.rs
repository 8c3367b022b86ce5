//! Figures: money in every common form with bracketed equivalents, counts with their noun,
//! percentages, durations and ordinals, each with a normalised value.

mod merge;
mod number;

use corroborate_core::numbers::{self, Notation};
use corroborate_core::{Document, Error, FigureKind, FigureMention, Layer, Qualifier, Span, Stage};

use crate::lexicon;
use crate::tokens::{tokenize, TokKind};
use number::{number_at, qualifier_before, View};

pub use merge::{merge_figures, to_usd};

/// Finds money, counts, percentages, durations and ordinals; links an equivalent given in
/// brackets ("€21bn ($24bn; £18bn)") to the figure it restates. Years and dates are left to
/// the date extractor.
#[derive(Clone, Debug, Default)]
pub struct FigureExtractor;

impl FigureExtractor {
    pub fn new() -> FigureExtractor {
        FigureExtractor
    }

    /// The figures of a text, in order.
    pub fn extract(&self, text: &str) -> Vec<FigureMention> {
        extract(text)
    }
}

impl Stage for FigureExtractor {
    fn name(&self) -> &'static str {
        "figures"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Figures]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let figures = extract_in(&doc.text, doc.meta.language.as_deref());
        doc.layers.figures = Some(figures);
        Ok(())
    }
}

const TIME_UNITS: &[(&str, &str)] = &[
    ("second", "second"),
    ("seconds", "second"),
    ("minute", "minute"),
    ("minutes", "minute"),
    ("hour", "hour"),
    ("hours", "hour"),
    ("day", "day"),
    ("days", "day"),
    ("week", "week"),
    ("weeks", "week"),
    ("month", "month"),
    ("months", "month"),
    ("year", "year"),
    ("years", "year"),
    ("decade", "decade"),
    ("decades", "decade"),
    ("century", "century"),
    ("centuries", "century"),
];

/// Words after a number that do not name what is counted.
const NOT_NOUNS: &[&str] = &[
    "of", "and", "or", "to", "in", "on", "at", "for", "by", "with", "from", "a", "an", "the", "is",
    "are", "was", "were", "be", "has", "have", "had", "will", "would", "said", "says", "more",
    "less", "times", "per", "than", "as", "that", "which", "who", "p.m.", "a.m.", "am", "pm",
    "percent", "o'clock", "or", "so", "but", "if", "it", "this", "these", "those", "out",
];

/// Plurals without an "s" that are rarely a modifier: after a number they are the counted noun
/// themselves ("200 people protests" is not a count of protests). "police" and "staff" are not
/// here: "12 police officers", "100 staff members".
const IRREGULAR_PLURALS: &[&str] = &["cattle", "children", "men", "people", "women"];

fn is_year(view: &View, t: usize) -> bool {
    let word = view.word(t);
    word.len() == 4
        && word.chars().all(|c| c.is_ascii_digit())
        && word
            .parse::<u32>()
            .is_ok_and(|year| (1800..=2100).contains(&year))
}

/// True when the number at `t` is part of a date or a time ("4 April", "April 4", "10:30").
fn in_date(view: &View, first: usize, last: usize) -> bool {
    let before = first.checked_sub(1).map(|p| view.word(p)).unwrap_or("");
    let after = view.word(last + 1);
    // a day before a month of another language ("5 mars", "5. März", "5 de marzo"), a year
    // after one ("mars 2008")
    let foreign_month = |t: usize| {
        view.kind(t) == Some(TokKind::Word)
            && crate::dates::foreign_month_of(view.word(t)).is_some()
    };
    let day = view
        .word(first)
        .parse::<u32>()
        .is_ok_and(|d| (1..=31).contains(&d));
    let month_after =
        foreign_month(last + 1) || (matches!(after, "." | "de" | "di") && foreign_month(last + 2));
    lexicon::is_month(before)
        || lexicon::is_month(after)
        || (day && first == last && month_after)
        || (first > 0 && is_year(view, first) && foreign_month(first - 1))
        || (after == ":" && view.adjacent(last + 1))
        || (before == ":" && view.adjacent(first))
        || matches!(
            after.to_lowercase().as_str(),
            "a.m." | "p.m." | "am" | "pm" | "gmt" | "bst" | "edt" | "est"
        )
        || (after == "-"
            && view.kind(last + 2) == Some(TokKind::Number)
            && view.word(last + 2).len() == 2
            && is_year(view, first))
        || (before == "/" || after == "/")
}

/// The currency written just before token `t`: "$", "€", "US$", "USD"; with its first token.
fn currency_before(view: &View, t: usize) -> Option<(&'static str, usize)> {
    let start = view.tokens.get(t)?.start;
    let (code, at) = numbers::currency_before(&view.text[..start])?;
    let first = view.tokens.partition_point(|tok| tok.start < at);
    Some((code, first))
}

/// A currency name after the number (token `t` on): "euros", "US dollars"; with its last
/// token.
fn currency_after(view: &View, t: usize) -> Option<(&'static str, usize)> {
    let start = view.tokens.get(t)?.start;
    let (code, len) = numbers::currency_after(&view.text[start..])?;
    let last = view.tokens.partition_point(|tok| tok.end < start + len);
    (last < view.tokens.len()).then_some((code, last))
}

/// A percent sign or word after the number that ends at token `last` ("%" against it,
/// "percent", "per cent"); with its last token.
fn percent_after(view: &View, last: usize) -> Option<usize> {
    let number_end = view.tokens.get(last)?.end;
    let end = number_end + numbers::percent_after(&view.text[number_end..])?;
    let t = view.tokens.partition_point(|tok| tok.end < end);
    (t < view.tokens.len()).then_some(t)
}

fn ordinal_suffix(view: &View, t: usize) -> bool {
    view.adjacent(t) && matches!(view.lower(t), "st" | "nd" | "rd" | "th")
}

/// Extracts the figures of `text`.
pub(crate) fn extract(text: &str) -> Vec<FigureMention> {
    extract_in(text, None)
}

/// Extracts the figures of `text`, written in `language` (ISO 639-1; English when unknown):
/// its notation of numbers, and in German a capitalised noun can be counted ("2.500
/// Mitarbeiter").
pub(crate) fn extract_in(text: &str, language: Option<&str>) -> Vec<FigureMention> {
    let notation = Notation::of_language(language);
    let tokens = tokenize(text);
    let view = View {
        text,
        tokens: &tokens,
        lowered: tokens.iter().map(|t| t.text(text).to_lowercase()).collect(),
        notation,
        capital_nouns: matches!(language, Some("de" | "lb")),
    };
    let mut out: Vec<FigureMention> = Vec::new();
    // for each figure: its last token, to link bracketed equivalents
    let mut ends: Vec<usize> = Vec::new();
    let mut t = 0;
    while t < tokens.len() {
        match figure_at(&view, t) {
            Some((figure, last)) => {
                out.push(figure);
                ends.push(last);
                t = last + 1;
            }
            None => t += 1,
        }
    }
    link_equivalents(&view, &mut out, &ends);
    out
}

fn span(view: &View, first: usize, last: usize) -> Span {
    Span::from_offsets(view.tokens[first].start, view.tokens[last].end)
}

/// The figure starting at token `t` (its number, or the currency before it).
fn figure_at(view: &View, t: usize) -> Option<(FigureMention, usize)> {
    // a currency symbol starts a money figure; the number follows
    let (number_token, prefix) = match view.kind(t)? {
        TokKind::Punct | TokKind::Word if view.kind(t + 1) == Some(TokKind::Number) => {
            match currency_before(view, t + 1) {
                Some((code, first)) if first == t || first + 1 == t => (t + 1, Some((code, first))),
                _ => (t, None),
            }
        }
        _ => (t, None),
    };
    if prefix.is_none() && view.kind(t) == Some(TokKind::Punct) {
        return None;
    }
    if let Some(found) = ordinal_word_at(view, t) {
        return Some(found);
    }
    let number = number_at(view, number_token)?;
    // a capitalised number word mid-sentence is a name ("World War Two")
    if number.words && prefix.is_none() {
        let word = view.word(number.first);
        if word.starts_with(char::is_uppercase)
            && number.first > 0
            && view.word(number.first - 1) != "."
        {
            return None;
        }
    }
    let (qualifier, _) = qualifier_before(view, prefix.map_or(number.first, |(_, first)| first));
    let first = prefix.map_or(number.first, |(_, first)| first);
    let mut last = number.last;
    let mut amount_to = None;
    let mut qualifier = qualifier;
    // ranges: "10-20", "10 to 20", "between 10 and 20"
    let joiner = view.word(last + 1);
    if matches!(joiner, "-" | "–" | "to" | "and") && view.kind(last + 2) == Some(TokKind::Number)
    {
        let between = first >= 1 && view.lower(first - 1) == "between";
        if joiner != "and" || between {
            if let Some(upper) = number_at(view, last + 2) {
                // "€10-20bn": the scale of the second applies to both
                let mut lower = number.value;
                if !number.scaled && upper.scaled && upper.written > 0.0 {
                    lower *= upper.value / upper.written;
                }
                if upper.value > lower {
                    amount_to = Some(upper.value);
                    qualifier = Qualifier::Range;
                    last = upper.last;
                    return finish(
                        view,
                        first,
                        last,
                        lower,
                        amount_to,
                        qualifier,
                        prefix,
                        number.words,
                    );
                }
            }
        }
    }
    finish(
        view,
        first,
        last,
        number.value,
        amount_to,
        qualifier,
        prefix,
        number.words,
    )
}

#[allow(clippy::too_many_arguments)]
fn finish(
    view: &View,
    first: usize,
    last: usize,
    value: f64,
    amount_to: Option<f64>,
    qualifier: Qualifier,
    prefix: Option<(&'static str, usize)>,
    words: bool,
) -> Option<(FigureMention, usize)> {
    let make = |kind, last, unit: Option<String>, amount: f64| {
        Some((
            FigureMention {
                span: span(view, first, last),
                kind,
                amount,
                amount_to,
                unit,
                qualifier,
                equivalent_of: None,
            },
            last,
        ))
    };
    if let Some((code, _)) = prefix {
        return make(FigureKind::Money, last, Some(code.to_string()), value);
    }
    if let Some((code, end)) = currency_after(view, last + 1) {
        return make(FigureKind::Money, end, Some(code.to_string()), value);
    }
    let digits = !words;
    if digits && in_date(view, first, last) {
        return None;
    }
    if let Some(end) = percent_after(view, last) {
        return make(FigureKind::Percent, end, Some("%".into()), value);
    }
    let next = view.lower(last + 1);
    if digits && ordinal_suffix(view, last + 1) {
        let noun = view.lower(last + 2);
        let has_noun = view.kind(last + 2) == Some(TokKind::Word)
            && !view.word(last + 2).starts_with(char::is_uppercase)
            && !NOT_NOUNS.contains(&noun);
        let end = if has_noun { last + 2 } else { last + 1 };
        return make(
            FigureKind::Ordinal,
            end,
            has_noun.then(|| noun.to_string()),
            value,
        );
    }
    // durations: "12 years", "30-day", "four hours"; ages "49-year-old" are counts
    let hyphen = next == "-" && view.adjacent(last + 1);
    let unit_at = if hyphen { last + 2 } else { last + 1 };
    let unit_word = view.lower(unit_at);
    if let Some((_, unit)) = TIME_UNITS.iter().find(|(w, _)| *w == unit_word) {
        if view.word(unit_at + 1) == "-" && matches!(view.lower(unit_at + 2), "old" | "olds") {
            let end = unit_at + 2;
            return make(FigureKind::Count, end, Some(format!("{unit}-old")), value);
        }
        return make(FigureKind::Duration, unit_at, Some(unit.to_string()), value);
    }
    if digits && is_year(view, first) && amount_to.is_none() {
        return None;
    }
    // counts: a noun after the number, maybe after one adjective ("two Chinese nationals")
    if value < 2.0 && words && amount_to.is_none() {
        return None;
    }
    count(view, first, last, value)
        .and_then(|(end, noun)| make(FigureKind::Count, end, Some(noun), value))
}

/// "his third meeting", "the first time": an ordinal word after a determiner or possessive.
fn ordinal_word_at(view: &View, t: usize) -> Option<(FigureMention, usize)> {
    if view.kind(t) != Some(TokKind::Word) || t == 0 {
        return None;
    }
    let value = lexicon::ordinal_word(view.word(t))?;
    if view.word(t).starts_with(char::is_uppercase) {
        return None;
    }
    let before = view.lower(t - 1);
    let determined = view.kind(t - 1) == Some(TokKind::Possessive)
        || matches!(
            before,
            "the" | "his" | "her" | "their" | "its" | "our" | "my" | "your" | "a"
        );
    if !determined {
        return None;
    }
    let noun = t + 1;
    let has_noun = view.kind(noun) == Some(TokKind::Word)
        && !view.word(noun).starts_with(char::is_uppercase)
        && !NOT_NOUNS.contains(&view.lower(noun))
        && !lexicon::is_function_word(view.lower(noun));
    let last = if has_noun { noun } else { t };
    Some((
        FigureMention {
            span: span(view, t, last),
            kind: FigureKind::Ordinal,
            amount: value,
            amount_to: None,
            unit: has_noun.then(|| view.lower(noun).to_string()),
            qualifier: Qualifier::Exact,
            equivalent_of: None,
        },
        last,
    ))
}

fn count(view: &View, _first: usize, last: usize, _value: f64) -> Option<(usize, String)> {
    let noun_ok = |t: usize| {
        view.kind(t) == Some(TokKind::Word) && {
            let lower = view.lower(t);
            !NOT_NOUNS.contains(&lower)
                && !lexicon::is_month(lower)
                && !lexicon::is_weekday(lower)
                && lexicon::scale_word(lower).is_none()
        }
    };
    let t = last + 1;
    // "two well-known ...": the next word starts a compound adjective
    let compound = view.word(t + 1) == "-" && view.adjacent(t + 1);
    if !noun_ok(t) || compound {
        return None;
    }
    let word = view.word(t);
    // "14 highest mountains": a superlative before the noun
    let superlative = word.len() > 4 && (word.ends_with("est") || word == "most");
    if superlative && noun_ok(t + 1) && !view.word(t + 1).starts_with(char::is_uppercase) {
        return Some((t + 1, view.lower(t + 1).to_string()));
    }
    // "40 container ships": a noun used as an adjective, then the plural head noun
    let head = t + 1;
    if !word.ends_with('s')
        && !IRREGULAR_PLURALS.contains(&view.lower(t))
        && !word.starts_with(char::is_uppercase)
        && noun_ok(head)
        && view.word(head).ends_with('s')
        && !view.word(head).starts_with(char::is_uppercase)
        && !lexicon::is_function_word(view.lower(head))
        && view.word(head + 1) != "-"
    {
        return Some((head, view.lower(head).to_string()));
    }
    if word.starts_with(char::is_uppercase) && !view.capital_nouns {
        // "two Chinese nationals": a capitalised adjective, then the noun
        if lexicon::is_demonym(word)
            && noun_ok(t + 1)
            && !view.word(t + 1).starts_with(char::is_uppercase)
        {
            return Some((t + 1, view.lower(t + 1).to_string()));
        }
        return None;
    }
    Some((t, view.lower(t).to_string()))
}

/// "€21bn ($24bn; £18bn)": money figures in brackets right after a money figure restate it.
fn link_equivalents(view: &View, figures: &mut [FigureMention], ends: &[usize]) {
    let mut i = 0;
    while i < figures.len() {
        if figures[i].kind != FigureKind::Money {
            i += 1;
            continue;
        }
        let open = ends[i] + 1;
        if view.word(open) != "(" {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        let mut expected = open + 1;
        while j < figures.len() && figures[j].kind == FigureKind::Money {
            let first = view
                .tokens
                .partition_point(|t| t.start < figures[j].span.start());
            // skip a qualifier inside the brackets ("(about $24bn)")
            let (_, qualifier_first) = qualifier_before(view, first);
            if first != expected && qualifier_first != expected {
                break;
            }
            figures[j].equivalent_of = Some(i);
            let after = ends[j] + 1;
            if matches!(view.word(after), ";" | "," | "/" | "or") {
                expected = after + 1;
                j += 1;
                continue;
            }
            j += 1;
            break;
        }
        i = j.max(i + 1);
    }
}

#[cfg(test)]
mod tests;
