//! The values a clause states (amounts, counts, durations, percents, ordinals, vague
//! quantities), taken from the figures layer or, without it, from a small scanner; when two
//! values agree; and when they are one value written two ways.
//!
//! Numbers, money and percents are read by `corroborate_core::numbers`, the reader the
//! figures extractor uses, so both paths agree on notation ("€21 billion" = "EUR 21bn",
//! "14%" = "14 per cent"). Money is compared in US dollars at the reference rates of
//! [`numbers::usd_rate`] (EUR 1.13, GBP 1.31, ...), within [`TOLERANCE`] or when one amount is
//! a rounding of the other, so "€21bn", "$23.8bn" and "$24bn" agree.
//!
//! Agreeing values differ in detail only when they state different numbers ("164" and "at
//! least 170", "1,500" and "about 1,600") or bounds pointing opposite ways; one number written
//! another way, rounded or qualified ("more than €21 billion" and "€21bn") is agreement
//! ([`one_number`]).

use corroborate_core::numbers::{self, Measure};
use corroborate_core::{FigureKind, FigureMention, Qualifier, Span};

use crate::terms::{terms_of, words};

/// Relative difference under which two amounts agree.
pub const TOLERANCE: f64 = 0.06;

/// A value stated in a clause.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Value {
    pub kind: FigureKind,
    /// Money in USD when the currency is known; otherwise as written.
    pub amount: f64,
    pub amount_to: Option<f64>,
    /// "USD" for converted money, the counted noun's term for counts and ordinals, the time
    /// unit for durations, "%" for percents.
    pub unit: String,
    pub qualifier: Qualifier,
    /// Half the last written digit's place (after scale and conversion): the rounding slack.
    pub slack: f64,
    /// Money as written, before conversion: (ISO code, amount) of the figure and of each
    /// equivalent bracketed after it ("€21bn ($23.8bn)").
    pub money: Vec<(String, f64)>,
    pub span: Span,
}

/// A vague quantity ("many hours", "several hundred"): only ever a difference in detail.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Vague {
    pub unit: String,
    pub span: Span,
}

/// Converts a money value to US dollars in place, when the currency has a rate.
fn to_usd(value: &mut Value) {
    let Some(rate) = numbers::usd_rate(&value.unit) else {
        return;
    };
    value.amount *= rate;
    value.amount_to = value.amount_to.map(|to| to * rate);
    value.slack *= rate;
    value.unit = "USD".into();
}

/// Values of the figures layer inside `span`, restatements ("($24bn)") folded into the
/// figure they restate.
pub(crate) fn from_layer(text: &str, figures: &[FigureMention], span: Span) -> Vec<Value> {
    figures
        .iter()
        .enumerate()
        .filter(|(_, f)| span.contains(f.span) && f.equivalent_of.is_none())
        .filter(|(_, f)| {
            f.kind != FigureKind::Ordinal || !of_earlier_event(text, span, f.span.start())
        })
        .map(|(i, f)| {
            let unit = f.unit.clone().unwrap_or_default();
            let mut value = Value {
                kind: f.kind,
                amount: f.amount,
                amount_to: f.amount_to,
                unit: unit.clone(),
                qualifier: f.qualifier,
                slack: slack_of(&text[f.span], f.amount),
                money: Vec::new(),
                span: f.span,
            };
            if f.kind == FigureKind::Money {
                value.money = std::iter::once(f)
                    .chain(figures.iter().filter(|e| e.equivalent_of == Some(i)))
                    .filter_map(|m| Some((m.unit.clone()?, m.amount)))
                    .collect();
                to_usd(&mut value);
            } else {
                // Counted nouns compare singular with synonyms folded ("vessels" = "ships").
                let mut folded = Vec::new();
                terms_of(&corroborate_core::lexicon::counted_noun(&unit), &mut folded);
                if let Some(term) = folded.into_iter().next() {
                    value.unit = term;
                }
            }
            value
        })
        .collect()
}

/// Rounding slack of a figure's text whose value is `amount` (the reader's slack, scaled
/// as the figure's amount is, so a range's first number keeps the range's scale).
fn slack_of(written: &str, amount: f64) -> f64 {
    match numbers::parse(written) {
        Some(read) if read.value() != 0.0 => read.slack() * (amount / read.value()).abs(),
        _ => 0.0,
    }
}

const ORDINAL_WORDS: &[(&str, f64)] = &[
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
];

const VAGUE_WORDS: &[&str] = &[
    "many",
    "several",
    "few",
    "numerous",
    "dozens",
    "hundreds",
    "thousands",
    "millions",
    "billions",
    "countless",
    "multiple",
];

/// Words before an ordinal that place its event before the one reported ("after his first
/// meeting"): that ordinal counts another event, so it is no value of this clause.
const EARLIER: &[&str] = &[
    "after",
    "before",
    "since",
    "following",
    "until",
    "previous",
    "earlier",
    "prior",
];

/// True when one of the three words before `at` (inside the clause `span`) is in [`EARLIER`].
fn of_earlier_event(text: &str, span: Span, at: usize) -> bool {
    let before = words(&text[span.start()..at.max(span.start())]);
    before[before.len().saturating_sub(3)..]
        .iter()
        .any(|w| EARLIER.contains(&w.text.to_lowercase().as_str()))
}

const DURATIONS: &[&str] = &["minute", "hour", "day", "week", "month", "year"];

/// "3rd", "21st": the value of a number with an ordinal suffix.
fn digit_ordinal(lower: &str) -> Option<f64> {
    let suffix = lower.trim_start_matches(|c: char| c.is_ascii_digit());
    if suffix.len() == lower.len() || !matches!(suffix, "st" | "nd" | "rd" | "th") {
        return None;
    }
    lower[..lower.len() - suffix.len()].parse().ok()
}

/// Scans a clause for values without the figures layer: amounts with their currency,
/// percents, numbers (digits or words) with the noun they count, ordinals with their noun,
/// and vague quantities.
pub(crate) fn scan(text: &str, span: Span) -> (Vec<Value>, Vec<Vague>) {
    let clause = &text[span];
    let list = words(clause);
    let mut values = Vec::new();
    let mut vague = Vec::new();
    let noun_after = |k: usize| -> Option<(String, usize)> {
        for (offset, word) in list.iter().enumerate().skip(k).take(3) {
            let lower = word.text.to_lowercase();
            if numbers::scale_word(&lower).is_some() || numbers::currency_name(&lower).is_some() {
                continue;
            }
            let mut folded = Vec::new();
            terms_of(word.text, &mut folded);
            if let Some(term) = folded.into_iter().last() {
                return Some((term, offset));
            }
        }
        None
    };
    let at = |offset: usize| span.start() + offset;
    let mut k = 0;
    while k < list.len() {
        let word = list[k];
        let lower = word.text.to_lowercase();
        let ordinal = ORDINAL_WORDS
            .iter()
            .find(|(w, _)| *w == lower)
            .map(|&(_, n)| n)
            .or_else(|| digit_ordinal(&lower));
        if let Some(n) = ordinal {
            let earlier = of_earlier_event(text, span, at(word.start));
            if let Some((noun, last)) = noun_after(k + 1).filter(|_| !earlier) {
                values.push(Value {
                    kind: FigureKind::Ordinal,
                    amount: n,
                    amount_to: None,
                    unit: noun,
                    qualifier: Qualifier::Exact,
                    slack: 0.0,
                    money: Vec::new(),
                    span: Span::from_offsets(at(word.start), at(list[last].end)),
                });
            }
            k += 1;
            continue;
        }
        if VAGUE_WORDS.contains(&lower.as_str()) {
            if let Some((noun, last)) = noun_after(k + 1) {
                vague.push(Vague {
                    unit: noun,
                    span: Span::from_offsets(at(word.start), at(list[last].end)),
                });
            }
            k += 1;
            continue;
        }
        // "one" is too often a pronoun to be a count
        let Some(read) = numbers::quantity_at(clause, word.start)
            .filter(|q| !q.number.words || q.value() >= 2.0)
        else {
            k += 1;
            continue;
        };
        let next = (k + 1..list.len())
            .find(|&j| list[j].start >= read.end)
            .unwrap_or(list.len());
        let mut value = Value {
            kind: FigureKind::Count,
            amount: read.value(),
            amount_to: None,
            unit: String::new(),
            qualifier: numbers::qualifier_before(&text[..at(read.start)]).0,
            slack: read.slack(),
            money: Vec::new(),
            span: Span::from_offsets(at(read.start), at(read.end)),
        };
        match read.measure {
            Measure::Money(code) => {
                value.kind = FigureKind::Money;
                value.unit = code.into();
                value.money = vec![(code.into(), read.value())];
                to_usd(&mut value);
                values.push(value);
            }
            Measure::Percent => {
                value.kind = FigureKind::Percent;
                value.unit = "%".into();
                values.push(value);
            }
            Measure::Plain => {
                // A year ("in 2022") counts nothing.
                let year = !read.number.words
                    && !read.number.scaled
                    && !lower.contains(',')
                    && (1900.0..2100.0).contains(&read.value());
                if let Some((noun, last)) = noun_after(next).filter(|_| !year) {
                    if DURATIONS.contains(&noun.as_str()) {
                        value.kind = FigureKind::Duration;
                    }
                    value.unit = noun;
                    value.span = Span::from_offsets(at(read.start), at(list[last].end));
                    values.push(value);
                }
            }
        }
        k = next.max(k + 1);
    }
    (values, vague)
}

/// True when two values of the same slot are compatible: within tolerance, within rounding,
/// or satisfying each other's qualifier.
pub(crate) fn agree(a: &Value, b: &Value) -> bool {
    let close = |x: f64, y: f64| {
        let scale = x.abs().max(y.abs());
        scale == 0.0 || (x - y).abs() / scale <= TOLERANCE
    };
    if close(a.amount, b.amount) || within_rounding(a, b, a.amount, b.amount) {
        return true;
    }
    let fits = |bound: &Value, other: &Value| match bound.qualifier {
        Qualifier::AtLeast => other.amount >= bound.amount * (1.0 - TOLERANCE),
        Qualifier::AtMost => other.amount <= bound.amount * (1.0 + TOLERANCE),
        Qualifier::Approximately => {
            (other.amount - bound.amount).abs() <= 0.15 * bound.amount.abs().max(1.0)
        }
        Qualifier::Range => bound
            .amount_to
            .is_some_and(|to| other.amount >= bound.amount && other.amount <= to),
        Qualifier::Exact => false,
    };
    fits(a, b) || fits(b, a)
}

/// True when two values speak of the same thing (kind and unit), so they can conflict.
pub(crate) fn same_slot(a: &Value, b: &Value) -> bool {
    a.kind == b.kind && a.unit == b.unit
}

/// True when two amounts are one number read twice, not two numbers that happen to be near.
fn same_amount(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs())
}

/// True when two values of one slot are the same value written another way: "€21 billion"
/// and "21 billion euros", "14%" and "14 per cent", "two" and "2", "1,500" and "1.5
/// thousand", a figure and its bracketed equivalent. A rounding ("$23.8bn" and "$24bn") or a
/// qualifier ("40" and "about 40") is not the same value, but still [`one_number`].
pub(crate) fn same_value(a: &Value, b: &Value) -> bool {
    let same_to = match (a.amount_to, b.amount_to) {
        (Some(x), Some(y)) => same_amount(x, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    if a.qualifier != b.qualifier || !same_to {
        return false;
    }
    if a.kind != FigureKind::Money || a.money.is_empty() || b.money.is_empty() {
        return same_amount(a.amount, b.amount);
    }
    let mut common_currency = false;
    for (code_a, amount_a) in &a.money {
        for (_, amount_b) in b.money.iter().filter(|(code, _)| code == code_a) {
            common_currency = true;
            if same_amount(*amount_a, *amount_b) {
                return true;
            }
        }
    }
    // Amounts in two currencies only meet through an exchange rate, which is no more
    // precise than either: which one is "more exact" says nothing about the facts.
    !common_currency
}

/// True when two values of one slot state one number, so a reader would not call them a
/// difference: the same value written another way ([`same_value`]), one a rounding of the
/// other ("$23.8bn" and "$24bn", "€21 billion" and "$24bn" through the exchange rate), with
/// or without a qualifier ("more than €21 billion" and "€21bn", "about 1,500" and "1,500"),
/// unless the qualifiers point opposite ways ("more than 20" and "fewer than 20"). Ranges
/// state one number only with the same ends.
pub(crate) fn one_number(a: &Value, b: &Value) -> bool {
    if same_value(a, b) {
        return true;
    }
    let ends = match (a.amount_to, b.amount_to) {
        (Some(x), Some(y)) => within_rounding(a, b, x, y),
        (x, y) => x.is_none() && y.is_none(),
    };
    let opposite = matches!(
        (a.qualifier, b.qualifier),
        (Qualifier::AtLeast, Qualifier::AtMost) | (Qualifier::AtMost, Qualifier::AtLeast)
    );
    ends && !opposite && within_rounding(a, b, a.amount, b.amount)
}

/// True when `x` and `y`, amounts of the values `a` and `b`, are one number rounded: apart by
/// no more than the rounding slack of the less precise value.
fn within_rounding(a: &Value, b: &Value, x: f64, y: f64) -> bool {
    (x - y).abs() <= a.slack.max(b.slack) + 1e-9 * x.abs().max(y.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_all(text: &str) -> Vec<Value> {
        scan(text, Span::from_offsets(0, text.len())).0
    }

    #[test]
    fn scans_money_with_scales_and_currencies() {
        let text = "allies pledged more than €21 billion ($23.8 billion); others said €21bn ($24bn; £18bn)";
        let values = scan_all(text);
        let written: Vec<&str> = values.iter().map(|v| &text[v.span]).collect();
        assert_eq!(
            written,
            vec!["€21 billion", "$23.8 billion", "€21bn", "$24bn", "£18bn"]
        );
        assert!(values.iter().all(|v| v.unit == "USD"));
        for pair in values.windows(2) {
            assert!(agree(&pair[0], &pair[1]), "{pair:?}");
        }
        assert_eq!(values[0].qualifier, Qualifier::AtLeast);
    }

    #[test]
    fn euros_after_the_number() {
        let text = "more than 21 billion euros in aid";
        let values = scan_all(text);
        assert_eq!(&text[values[0].span], "21 billion euros");
        assert!((values[0].amount - 21e9 * 1.13).abs() < 1.0);
    }

    #[test]
    fn counts_ordinals_and_vague_quantities() {
        let text =
            "his third meeting lasted over four hours, not many hours; 19 people died in 2022";
        let (values, vague) = scan(text, Span::from_offsets(0, text.len()));
        let kinds: Vec<(FigureKind, &str, &str)> = values
            .iter()
            .map(|v| (v.kind, v.unit.as_str(), &text[v.span]))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (FigureKind::Ordinal, "meet", "third meeting"),
                (FigureKind::Duration, "hour", "four hours"),
                (FigureKind::Count, "peopl", "19 people"),
            ]
        );
        assert_eq!(&text[vague[0].span], "many hours");
        assert_eq!(vague[0].unit, "hour");
    }

    #[test]
    fn an_ordinal_of_an_earlier_event_is_no_value() {
        for text in [
            "After his first meeting with the president, he praised him",
            "since their second session in March",
        ] {
            assert!(scan_all(text).is_empty(), "{text}");
        }
        assert_eq!(scan_all("he held his third meeting").len(), 1);
    }

    #[test]
    fn disagreeing_amounts() {
        let a = &scan_all("$10 million")[0];
        let b = &scan_all("$12 million")[0];
        assert!(!agree(a, b));
        let c = &scan_all("at least 164 deaths")[0];
        let d = &scan_all("170 deaths")[0];
        assert!(agree(c, d));
    }

    #[test]
    fn one_number_rounded_or_qualified() {
        let one = |x: &str, y: &str| {
            let (a, b) = (&scan_all(x)[0], &scan_all(y)[0]);
            assert!(same_slot(a, b) && agree(a, b), "{x} / {y}");
            one_number(a, b) && one_number(b, a)
        };
        assert!(one("$23.8bn", "$24bn"));
        assert!(one("more than €21 billion", "€21bn"));
        assert!(one("€21 billion", "$24bn"));
        assert!(one("about 1,500 troops", "1,500 troops"));
        assert!(one("14%", "14 per cent"));
        assert!(!one("164 deaths", "160 deaths"));
        assert!(!one("at least 164 deaths", "170 deaths"));
        assert!(!one("more than 20 troops", "fewer than 20 troops"));
        let point = &scan_all("$24bn")[0];
        let range = Value {
            amount: 23.8e9,
            amount_to: Some(24e9),
            qualifier: Qualifier::Range,
            ..point.clone()
        };
        assert!(agree(point, &range));
        assert!(!one_number(point, &range) && !one_number(&range, point));
    }
}
