//! The values a clause states (amounts, counts, durations, percents, ordinals, vague
//! quantities), taken from the figures layer or, without it, from a small scanner; and when
//! two values agree.
//!
//! Money is compared in US dollars at fixed rates (EUR->USD 1.13, GBP->USD 1.31), within 6%
//! or when one amount is a rounding of the other, so "€21bn", "$23.8bn" and "$24bn" agree.

use corroborate_core::{FigureKind, FigureMention, Qualifier, Span};

use crate::terms::{terms_of, words};

/// Fixed conversion rates to US dollars.
pub const EUR_TO_USD: f64 = 1.13;
pub const GBP_TO_USD: f64 = 1.31;
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
    pub span: Span,
}

/// A vague quantity ("many hours", "several hundred"): only ever a difference in detail.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Vague {
    pub unit: String,
    pub span: Span,
}

fn to_usd(amount: f64, currency: &str) -> Option<f64> {
    match currency {
        "USD" => Some(amount),
        "EUR" => Some(amount * EUR_TO_USD),
        "GBP" => Some(amount * GBP_TO_USD),
        _ => None,
    }
}

/// Values of the figures layer inside `span`, restatements ("($24bn)") skipped.
pub(crate) fn from_layer(text: &str, figures: &[FigureMention], span: Span) -> Vec<Value> {
    figures
        .iter()
        .filter(|f| span.contains(f.span) && f.equivalent_of.is_none())
        .map(|f| {
            let unit = f.unit.clone().unwrap_or_default();
            let written = &text[f.span];
            let mut value = Value {
                kind: f.kind,
                amount: f.amount,
                amount_to: f.amount_to,
                unit: unit.clone(),
                qualifier: f.qualifier,
                slack: slack_of(written, f.amount),
                span: f.span,
            };
            if f.kind == FigureKind::Money {
                if let Some(usd) = to_usd(f.amount, &unit) {
                    let rate = usd / f.amount.max(f64::MIN_POSITIVE);
                    value.amount = usd;
                    value.amount_to = f.amount_to.map(|to| to * rate);
                    value.slack *= rate;
                    value.unit = "USD".into();
                }
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

/// Rounding slack of a written number: half its last digit's place, scaled like the amount.
fn slack_of(written: &str, amount: f64) -> f64 {
    let digits: String = written
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let Ok(bare) = digits.trim_matches('.').parse::<f64>() else {
        return 0.0;
    };
    if bare == 0.0 {
        return 0.0;
    }
    let decimals = digits
        .trim_matches('.')
        .split_once('.')
        .map_or(0, |(_, d)| d.len());
    let place = 10f64.powi(-(decimals as i32));
    0.5 * place * (amount / bare).abs()
}

/// A number word as a value: the shared cardinals from two up ("one" is too often a
/// pronoun), and "hundred".
fn number_word(lower: &str) -> Option<f64> {
    if lower == "hundred" {
        return Some(100.0);
    }
    corroborate_core::lexicon::number_word(lower).filter(|value| *value >= 2.0)
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

const DURATIONS: &[&str] = &["minute", "hour", "day", "week", "month", "year"];

fn scale_of(word: &str) -> Option<f64> {
    match word {
        "thousand" | "k" => Some(1e3),
        "million" | "m" | "mn" => Some(1e6),
        "billion" | "bn" | "b" => Some(1e9),
        "trillion" | "tn" => Some(1e12),
        _ => None,
    }
}

fn currency_word(word: &str) -> Option<&'static str> {
    match word {
        "euro" | "euros" => Some("EUR"),
        "dollar" | "dollars" => Some("USD"),
        "pound" | "pounds" => Some("GBP"),
        _ => None,
    }
}

fn qualifier_before(text: &str, start: usize) -> Qualifier {
    let before = text[..start]
        .trim_end_matches(['$', '€', '£', ' '])
        .to_lowercase();
    let ends = |phrases: &[&str]| phrases.iter().any(|p| before.ends_with(p));
    if ends(&[
        "more than",
        "over",
        "at least",
        "upwards of",
        "in excess of",
    ]) {
        Qualifier::AtLeast
    } else if ends(&["less than", "under", "up to", "fewer than", "at most"]) {
        Qualifier::AtMost
    } else if ends(&[
        "about",
        "around",
        "some",
        "nearly",
        "almost",
        "roughly",
        "approximately",
    ]) {
        Qualifier::Approximately
    } else {
        Qualifier::Exact
    }
}

/// Scans a clause for values without the figures layer: currency amounts with scales, plain
/// numbers and number words with the noun they count, ordinals with their noun, and vague
/// quantities.
pub(crate) fn scan(text: &str, span: Span) -> (Vec<Value>, Vec<Vague>) {
    let clause = &text[span];
    let list = words(clause);
    let mut values = Vec::new();
    let mut vague = Vec::new();
    let noun_after = |k: usize| -> Option<(String, usize)> {
        for (offset, word) in list.iter().enumerate().skip(k).take(3) {
            let lower = word.text.to_lowercase();
            if scale_of(&lower).is_some() || currency_word(&lower).is_some() {
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
    let mut k = 0;
    while k < list.len() {
        let word = list[k];
        let lower = word.text.to_lowercase();
        let start = span.start() + word.start;
        if let Some(&(_, n)) = ORDINAL_WORDS.iter().find(|(w, _)| *w == lower) {
            if let Some((noun, at)) = noun_after(k + 1) {
                values.push(Value {
                    kind: FigureKind::Ordinal,
                    amount: n,
                    amount_to: None,
                    unit: noun,
                    qualifier: Qualifier::Exact,
                    slack: 0.0,
                    span: Span::from_offsets(start, span.start() + list[at].end),
                });
            }
            k += 1;
            continue;
        }
        if VAGUE_WORDS.contains(&lower.as_str()) {
            if let Some((noun, at)) = noun_after(k + 1) {
                vague.push(Vague {
                    unit: noun,
                    span: Span::from_offsets(start, span.start() + list[at].end),
                });
            }
            k += 1;
            continue;
        }
        let leading_digits: String = lower
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == ',')
            .filter(|c| *c != ',')
            .collect();
        let (mut amount, suffix) = if !leading_digits.is_empty() {
            let Ok(n) = leading_digits.trim_end_matches('.').parse::<f64>() else {
                k += 1;
                continue;
            };
            (
                n,
                lower[lower
                    .find(|c: char| c.is_alphabetic())
                    .unwrap_or(lower.len())..]
                    .to_string(),
            )
        } else if let Some(n) = number_word(&lower) {
            (n, String::new())
        } else {
            k += 1;
            continue;
        };
        if matches!(suffix.as_str(), "st" | "nd" | "rd" | "th") {
            if let Some((noun, at)) = noun_after(k + 1) {
                values.push(Value {
                    kind: FigureKind::Ordinal,
                    amount,
                    amount_to: None,
                    unit: noun,
                    qualifier: Qualifier::Exact,
                    slack: 0.0,
                    span: Span::from_offsets(start, span.start() + list[at].end),
                });
            }
            k += 1;
            continue;
        }
        let written_start = start;
        let mut end = span.start() + word.end;
        let mut scale = scale_of(&suffix).unwrap_or(1.0);
        let mut next = k + 1;
        if let Some(w) = list.get(next) {
            if let Some(s) = scale_of(&w.text.to_lowercase()) {
                scale = s;
                end = span.start() + w.end;
                next += 1;
            }
        }
        let symbol = clause[..word.start].trim_end_matches(' ').chars().last();
        let mut currency = match symbol {
            Some('$') => Some("USD"),
            Some('€') => Some("EUR"),
            Some('£') => Some("GBP"),
            _ => None,
        };
        if let Some(w) = list.get(next) {
            if let Some(c) = currency_word(&w.text.to_lowercase()) {
                currency = currency.or(Some(c));
                end = span.start() + w.end;
                next += 1;
            }
        }
        let slack = slack_of(&leading_digits, 1.0) * scale;
        amount *= scale;
        let qualifier = qualifier_before(text, written_start);
        let symbol_start = if currency.is_some() && symbol.is_some_and(|c| "$€£".contains(c)) {
            written_start - symbol.map_or(0, char::len_utf8)
        } else {
            written_start
        };
        if let Some(code) = currency {
            let usd = to_usd(amount, code).unwrap_or(amount);
            let rate = usd / amount.max(f64::MIN_POSITIVE);
            values.push(Value {
                kind: FigureKind::Money,
                amount: usd,
                amount_to: None,
                unit: "USD".into(),
                qualifier,
                slack: slack * rate,
                span: Span::from_offsets(symbol_start.min(written_start), end),
            });
        } else if clause[end - span.start()..].starts_with('%')
            || list
                .get(next)
                .is_some_and(|w| w.text.eq_ignore_ascii_case("percent"))
        {
            values.push(Value {
                kind: FigureKind::Percent,
                amount,
                amount_to: None,
                unit: "%".into(),
                qualifier,
                slack,
                span: Span::from_offsets(written_start, end),
            });
        } else if let Some((noun, at)) = noun_after(next) {
            // A year ("in 2022") counts nothing.
            let is_year =
                (1900.0..2100.0).contains(&amount) && scale == 1.0 && !lower.contains(',');
            if !is_year || at > next {
                let kind = if DURATIONS.contains(&noun.as_str()) {
                    FigureKind::Duration
                } else {
                    FigureKind::Count
                };
                if !is_year {
                    values.push(Value {
                        kind,
                        amount,
                        amount_to: None,
                        unit: noun,
                        qualifier,
                        slack,
                        span: Span::from_offsets(written_start, span.start() + list[at].end),
                    });
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
    let within_rounding = (a.amount - b.amount).abs() <= a.slack.max(b.slack) + 1e-9;
    if close(a.amount, b.amount) || within_rounding {
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
        assert!((values[0].amount - 21e9 * EUR_TO_USD).abs() < 1.0);
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
    fn disagreeing_amounts() {
        let a = &scan_all("$10 million")[0];
        let b = &scan_all("$12 million")[0];
        assert!(!agree(a, b));
        let c = &scan_all("at least 164 deaths")[0];
        let d = &scan_all("170 deaths")[0];
        assert!(agree(c, d));
    }
}
