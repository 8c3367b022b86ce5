//! Dates: absolute ("4 April", "April 4, 2025", "2025-04-11", "February 2022", "2029") and
//! relative ("Friday", "last week", "a month ago", "yesterday"), resolved against the
//! publication day when the document has one.

mod resolve;

pub(crate) use resolve::foreign_month_of;

use chrono::{Duration, NaiveDate};
use corroborate_core::{DateMention, DatePrecision, Document, Error, Layer, Span, Stage};

use crate::tokens::{sentences_of, tokenize, TokKind, Token};

/// Finds date expressions and resolves them, past-biased, against `meta.published`.
#[derive(Clone, Debug, Default)]
pub struct DateExtractor;

impl DateExtractor {
    pub fn new() -> DateExtractor {
        DateExtractor
    }

    /// The dates of a document, in order.
    pub fn extract(&self, doc: &Document) -> Vec<DateMention> {
        extract(&doc.text, &sentences_of(doc), doc.meta.published_date())
    }
}

impl Stage for DateExtractor {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn requires(&self) -> &'static [Layer] {
        &[Layer::Text]
    }

    fn assigns(&self) -> &'static [Layer] {
        &[Layer::Dates]
    }

    fn process(&self, doc: &mut Document) -> Result<(), Error> {
        let dates = self.extract(doc);
        doc.layers.dates = Some(dates);
        Ok(())
    }
}

struct Scan<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    /// Each token lower-cased once.
    lowered: Vec<String>,
    sentences: &'a [Span],
    anchor: Option<NaiveDate>,
}

impl Scan<'_> {
    fn word(&self, t: usize) -> &str {
        self.tokens.get(t).map_or("", |tok| tok.text(self.text))
    }

    fn lower(&self, t: usize) -> &str {
        self.lowered.get(t).map_or("", String::as_str)
    }

    fn number(&self, t: usize) -> Option<u32> {
        let token = self.tokens.get(t)?;
        if token.kind != TokKind::Number {
            return None;
        }
        self.word(t).parse().ok()
    }

    fn adjacent(&self, t: usize) -> bool {
        t > 0 && t < self.tokens.len() && self.tokens[t - 1].end == self.tokens[t].start
    }

    fn year(&self, t: usize) -> Option<i32> {
        let n = self.number(t)?;
        (self.word(t).len() == 4 && (1800..=2100).contains(&n)).then_some(n as i32)
    }

    fn span(&self, first: usize, last: usize) -> Span {
        Span::from_offsets(self.tokens[first].start, self.tokens[last].end)
    }

    fn future(&self, t: usize) -> bool {
        let at = self.tokens[t].start;
        self.sentences
            .iter()
            .find(|s| s.start() <= at && at < s.end())
            .is_some_and(|s| resolve::future_tense(&self.text[*s]))
    }
}

fn mention(
    span: Span,
    date: Option<NaiveDate>,
    precision: DatePrecision,
    relative: bool,
) -> DateMention {
    DateMention {
        span,
        date,
        precision,
        relative,
    }
}

pub(crate) fn extract(
    text: &str,
    sentences: &[Span],
    anchor: Option<NaiveDate>,
) -> Vec<DateMention> {
    let tokens = tokenize(text);
    let scan = Scan {
        text,
        lowered: tokens.iter().map(|t| t.text(text).to_lowercase()).collect(),
        tokens,
        sentences,
        anchor,
    };
    let mut out = Vec::new();
    let mut t = 0;
    while t < scan.tokens.len() {
        match date_at(&scan, t) {
            Some((found, last)) => {
                out.push(found);
                t = last + 1;
            }
            None => t += 1,
        }
    }
    out
}

const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];

fn date_at(scan: &Scan, t: usize) -> Option<(DateMention, usize)> {
    let word = scan.lower(t);
    // most tokens start no date
    let starts_date = scan.tokens[t].kind == TokKind::Number
        || resolve::month_of(word).is_some()
        || resolve::weekday_of(word).is_some()
        || matches!(
            word,
            "last"
                | "previous"
                | "past"
                | "this"
                | "current"
                | "next"
                | "coming"
                | "earlier"
                | "later"
                | "today"
                | "tonight"
                | "yesterday"
                | "tomorrow"
                | "a"
                | "an"
                | "one"
        )
        || crate::lexicon::number_word(word).is_some();
    if !starts_date {
        return None;
    }
    // 2025-04-11
    if let (Some(y), true) = (scan.year(t), scan.word(t + 1) == "-") {
        if let (Some(m), Some(d)) = (scan.number(t + 2), scan.number(t + 4)) {
            if scan.word(t + 3) == "-" && (t + 1..=t + 4).all(|k| scan.adjacent(k)) {
                let date = NaiveDate::from_ymd_opt(y, m, d)?;
                return Some((
                    mention(scan.span(t, t + 4), Some(date), DatePrecision::Day, false),
                    t + 4,
                ));
            }
        }
    }
    // other languages: 1 de marzo [de 2008], 1. März [2008], 1er mars [2008], 1 maart [2008]
    if let Some(d) = scan.number(t).filter(|d| (1..=31).contains(d)) {
        let mut k = t + 1;
        let ordinal_mark = (scan.word(k) == "." || scan.lower(k) == "er") && scan.adjacent(k);
        if ordinal_mark || matches!(scan.lower(k), "de" | "di") {
            k += 1;
        }
        if let Some(m) =
            resolve::foreign_month_of(scan.word(k)).filter(|_| scan.tokens[k].kind == TokKind::Word)
        {
            let (year, last) = if matches!(scan.lower(k + 1), "de" | "del") {
                match scan.year(k + 2) {
                    Some(y) => (Some(y), k + 2),
                    None => (None, k),
                }
            } else {
                match scan.year(k + 1) {
                    Some(y) => (Some(y), k + 1),
                    None => (None, k),
                }
            };
            return Some(day_mention(scan, t, last, year, m, d));
        }
    }
    // 4 April [2025]
    if let (Some(d), Some(m)) = (scan.number(t), resolve::month_of(scan.word(t + 1))) {
        if (1..=31).contains(&d) && scan.tokens[t + 1].kind == TokKind::Word {
            let year = scan.year(t + 2);
            let last = if year.is_some() { t + 2 } else { t + 1 };
            return Some(day_mention(scan, t, last, year, m, d));
        }
    }
    if let Some(m) = resolve::month_of(scan.word(t)) {
        let capital = scan.word(t).starts_with(char::is_uppercase);
        // "May" is also a verb: only with a number or a date word around it
        let ambiguous = word == "may" || word == "march";
        if capital && scan.tokens[t].kind == TokKind::Word {
            // April 4[th][, 2025]
            if let Some(d) = scan
                .number(t + 1)
                .filter(|d| (1..=31).contains(d) && scan.word(t + 1).len() <= 2)
            {
                let mut last = t + 1;
                if matches!(scan.lower(t + 2), "st" | "nd" | "rd" | "th") && scan.adjacent(t + 2) {
                    last = t + 2;
                }
                let mut year = None;
                if scan.word(last + 1) == "," {
                    if let Some(y) = scan.year(last + 2) {
                        year = Some(y);
                        last += 2;
                    }
                }
                return Some(day_mention(scan, t, last, year, m, d));
            }
            // February 2022
            if let Some(y) = scan.year(t + 1) {
                let date = NaiveDate::from_ymd_opt(y, m, 1);
                return Some((
                    mention(scan.span(t, t + 1), date, DatePrecision::Month, false),
                    t + 1,
                ));
            }
            let cue_before = t > 0
                && matches!(
                    scan.lower(t - 1),
                    "in" | "since"
                        | "until"
                        | "by"
                        | "early"
                        | "late"
                        | "mid"
                        | "last"
                        | "next"
                        | "this"
                        | "of"
                        | "through"
                        | "from"
                );
            if !ambiguous || cue_before {
                let future = scan.future(t);
                let date = scan
                    .anchor
                    .and_then(|a| resolve::month_without_year(a, m, future));
                return Some((
                    mention(scan.span(t, t), date, DatePrecision::Month, true),
                    t,
                ));
            }
        }
    }
    // a year on its own
    if let Some(y) = scan.year(t) {
        let comma_number = scan.word(t + 1) == ","
            && scan
                .tokens
                .get(t + 2)
                .is_some_and(|n| n.kind == TokKind::Number)
            && scan.adjacent(t + 1);
        let currency = t > 0 && matches!(scan.word(t - 1), "$" | "€" | "£" | "¥");
        if !comma_number && !currency {
            let date = NaiveDate::from_ymd_opt(y, 1, 1);
            return Some((
                mention(scan.span(t, t), date, DatePrecision::Year, false),
                t,
            ));
        }
    }
    relative_at(scan, t)
}

fn day_mention(
    scan: &Scan,
    first: usize,
    last: usize,
    year: Option<i32>,
    month: u32,
    day: u32,
) -> (DateMention, usize) {
    let span = scan.span(first, last);
    let found = match year {
        Some(y) => mention(
            span,
            NaiveDate::from_ymd_opt(y, month, day),
            DatePrecision::Day,
            false,
        ),
        None => {
            let future = scan.future(first);
            let date = scan
                .anchor
                .and_then(|a| resolve::day_without_year(a, month, day, future));
            mention(span, date, DatePrecision::Day, true)
        }
    };
    (found, last)
}

/// Weekdays and words relative to the publication day.
fn relative_at(scan: &Scan, t: usize) -> Option<(DateMention, usize)> {
    let word = scan.lower(t);
    let anchor = scan.anchor;
    let direction = |w: &str| match w {
        "last" | "previous" | "past" => Some(-1),
        "this" | "current" => Some(0),
        "next" | "coming" => Some(1),
        _ => None,
    };
    // [last|next|this] Friday [morning]
    let (first, day_token, step) = match direction(word) {
        Some(step) if resolve::weekday_of(scan.word(t + 1)).is_some() => (t, t + 1, Some(step)),
        _ => (t, t, None),
    };
    if let Some(day) = resolve::weekday_of(scan.word(day_token)) {
        if !scan.word(day_token).starts_with(char::is_uppercase) {
            return None;
        }
        let mut last = day_token;
        if DAY_PARTS.contains(&scan.lower(last + 1)) {
            last += 1;
        }
        let direction = match step {
            Some(-1) => resolve::Direction::Last,
            Some(1) => resolve::Direction::Next,
            _ if scan.future(t) => resolve::Direction::Future,
            _ => resolve::Direction::Past,
        };
        let date = anchor.map(|a| resolve::weekday(a, day, direction));
        return Some((
            mention(scan.span(first, last), date, DatePrecision::Day, true),
            last,
        ));
    }
    // "Russia Today", "USA Today": a capitalised word after a name is part of it
    let in_name = t > 0
        && scan.word(t).starts_with(char::is_uppercase)
        && scan.tokens[t - 1].kind == TokKind::Word
        && scan.word(t - 1).starts_with(char::is_uppercase);
    match word {
        "today" | "tonight" | "yesterday" | "tomorrow" if !in_name => {
            let days = match word {
                "yesterday" => -1,
                "tomorrow" => 1,
                _ => 0,
            };
            let date = anchor.map(|a| a + Duration::days(days));
            return Some((mention(scan.span(t, t), date, DatePrecision::Day, true), t));
        }
        _ => {}
    }
    // "last week", "earlier this month", "next year"
    let (first, step) = match (word, direction(word)) {
        ("earlier" | "later", _) if scan.lower(t + 1) == "this" => (t, Some((t + 2, 0))),
        (_, Some(step)) => (t, Some((t + 1, step))),
        _ => (t, None),
    };
    if let Some((unit_token, step)) = step {
        let unit = scan.lower(unit_token);
        let found = match unit {
            "week" => Some((
                anchor.map(|a| resolve::week_start(a, step)),
                DatePrecision::Week,
            )),
            "month" => Some((
                anchor.and_then(|a| resolve::month_start(a, step as i32)),
                DatePrecision::Month,
            )),
            "year" => Some((
                anchor.and_then(|a| {
                    NaiveDate::from_ymd_opt(chrono::Datelike::year(&a) + step as i32, 1, 1)
                }),
                DatePrecision::Year,
            )),
            "morning" | "afternoon" | "evening" if step == 0 => Some((anchor, DatePrecision::Day)),
            _ => None,
        };
        if let Some((date, precision)) = found {
            return Some((
                mention(scan.span(first, unit_token), date, precision, true),
                unit_token,
            ));
        }
    }
    // "a month ago", "three weeks ago"
    let count = match word {
        "a" | "an" | "one" => Some(1),
        _ => crate::lexicon::number_word(word)
            .map(|v| v as i64)
            .or_else(|| scan.number(t).map(i64::from)),
    };
    if let Some(n) = count {
        let unit = scan.lower(t + 1);
        if scan.lower(t + 2) == "ago" {
            let unit = unit.trim_end_matches('s');
            let found = match unit {
                "day" => Some((anchor.map(|a| a - Duration::days(n)), DatePrecision::Day)),
                "week" => Some((anchor.map(|a| a - Duration::weeks(n)), DatePrecision::Week)),
                "month" => Some((
                    anchor.and_then(|a| resolve::month_start(a, -(n as i32))),
                    DatePrecision::Month,
                )),
                "year" => Some((
                    anchor.and_then(|a| {
                        NaiveDate::from_ymd_opt(chrono::Datelike::year(&a) - n as i32, 1, 1)
                    }),
                    DatePrecision::Year,
                )),
                _ => None,
            };
            if let Some((date, precision)) = found {
                return Some((mention(scan.span(t, t + 2), date, precision, true), t + 2));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests;
