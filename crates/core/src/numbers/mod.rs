//! Numbers, money and percentages as news writes them, read in one place so that the figures
//! extractor and claim alignment agree on what a text says: "€21 billion", "21 billion
//! euros" and "EUR 21bn" are one amount; "14%", "14 per cent" and "14 percent" one percent;
//! "1,500", "1500" and "1.5 thousand" one number; "two" and "2" too.
//!
//! [`read_number`] reads the number at the start of a text (digits, separators, decimals,
//! scale words, number words) with its rounding slack; [`currency_before`],
//! [`currency_after`], [`percent_after`] and [`qualifier_before`] read what surrounds it;
//! [`quantity_at`] and [`parse`] put them together.
//!
//! ```
//! use corroborate_core::numbers::{parse, Measure};
//!
//! let a = parse("€21 billion").unwrap();
//! let b = parse("EUR 21bn").unwrap();
//! assert_eq!((a.value(), a.measure), (21e9, Measure::Money("EUR")));
//! assert_eq!((b.value(), b.measure), (a.value(), a.measure));
//! assert_eq!(parse("$23.8bn").unwrap().slack(), 0.05e9);
//! ```

mod read;
mod tables;

use crate::Qualifier;

pub use read::{read_number, read_number_grouped, read_number_in, Notation};

/// A number read at the start of a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Number {
    /// The value, scale words applied ("23.8bn" → 23.8e9).
    pub value: f64,
    /// The digits as written, before any scale ("23.8bn" → 23.8); the value for words.
    pub written: f64,
    /// Bytes read, scale words included.
    pub len: usize,
    /// True when written in words ("ninety-nine").
    pub words: bool,
    /// True when a scale word or abbreviation followed ("million", "bn", "hundred").
    pub scaled: bool,
    /// Half the place of the last written digit, scaled: "$24bn" is 23.5–24.5bn (0.5e9),
    /// "23.8 billion" 0.05e9, "1,500" 0.5.
    pub slack: f64,
}

/// What a quantity measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// Money in the ISO 4217 currency.
    Money(&'static str),
    /// Percent, however written ("%", "percent", "per cent", "pct").
    Percent,
    /// A bare number (a count, a duration: the caller reads the noun).
    Plain,
}

/// A number with its currency or percent sign, as written in a text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quantity {
    pub number: Number,
    pub measure: Measure,
    /// Byte range in the text read, currency and percent words included.
    pub start: usize,
    pub end: usize,
}

impl Quantity {
    /// The amount, in units of the currency for money and in points for percent.
    pub fn value(&self) -> f64 {
        self.number.value
    }

    /// The rounding slack of the written number, in the same units as the value.
    pub fn slack(&self) -> f64 {
        self.number.slack
    }
}

/// The word (a letter, then letters and digits) starting at `at` after any whitespace, as
/// a byte range.
pub(crate) fn word_at(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start();
    let start = at + rest.len() - trimmed.len();
    if !trimmed.starts_with(char::is_alphabetic) {
        return None;
    }
    let len = trimmed
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(trimmed.len());
    Some((start, start + len))
}

fn scale_exponent(word: &str) -> Option<i32> {
    let lower = word.to_lowercase();
    tables::SCALES
        .iter()
        .find(|(w, _)| *w == lower)
        .map(|(_, exponent)| *exponent)
}

/// The multiplier of a scale word or abbreviation ("billion", "bn" → 1e9), any case.
pub fn scale_word(word: &str) -> Option<f64> {
    scale_exponent(word).map(|exponent| 10f64.powi(exponent))
}

/// The reference rate (US dollars per unit) of an ISO 4217 code, April 2025.
pub fn usd_rate(code: &str) -> Option<f64> {
    tables::USD_RATES
        .iter()
        .find(|(c, _)| c.eq_ignore_ascii_case(code))
        .map(|(_, rate)| *rate)
}

/// The ISO 4217 code of a currency symbol or code written before a number ("US$", "€",
/// "EUR"); case matters ("Rs", not "rs").
pub fn currency_symbol(written: &str) -> Option<&'static str> {
    tables::CURRENCY_SYMBOLS
        .iter()
        .find(|(w, _)| *w == written)
        .map(|(_, code)| *code)
}

/// The ISO 4217 code of a currency name written after a number ("euros", "us dollars").
pub fn currency_name(lower: &str) -> Option<&'static str> {
    tables::CURRENCY_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| *code)
}

/// The currency written at the end of `before` (the text up to a number), spaces allowed
/// before the number: its ISO code and the byte where the symbol starts. A symbol that
/// starts with a letter ("USD", "US$") must start a word.
pub fn currency_before(before: &str) -> Option<(&'static str, usize)> {
    let trimmed = before.trim_end();
    let mut best: Option<(usize, &'static str, usize)> = None;
    for (written, code) in tables::CURRENCY_SYMBOLS {
        if !trimmed.ends_with(written) {
            continue;
        }
        let start = trimmed.len() - written.len();
        let inside_word = written.starts_with(char::is_alphanumeric)
            && trimmed[..start].ends_with(char::is_alphanumeric);
        if inside_word || best.is_some_and(|(len, _, _)| len >= written.len()) {
            continue;
        }
        best = Some((written.len(), code, start));
    }
    best.map(|(_, code, start)| (code, start))
}

/// A currency named right after a number ("euros", "US dollars", "EUR"): its ISO code and
/// the bytes of `after` it takes.
pub fn currency_after(after: &str) -> Option<(&'static str, usize)> {
    // "21 miliardi di euro", "21.000 millones de euros", "1 milliard d'euros"
    for link in ["de ", "di ", "d'", "d’"] {
        let trimmed = after.trim_start();
        if let Some(rest) = trimmed.strip_prefix(link) {
            let skipped = after.len() - rest.len();
            if let Some((code, len)) = currency_named(rest) {
                return Some((code, skipped + len));
            }
        }
    }
    currency_named(after)
}

/// A currency name (or code) starting `after`.
fn currency_named(after: &str) -> Option<(&'static str, usize)> {
    let (start, end) = word_at(after, 0)?;
    let one = after[start..end].to_lowercase();
    if let Some((second_start, second_end)) = word_at(after, end) {
        let two = format!("{one} {}", after[second_start..second_end].to_lowercase());
        if let Some(code) = currency_name(&two) {
            return Some((code, second_end));
        }
    }
    if let Some(code) = currency_name(&one) {
        return Some((code, end));
    }
    let word = &after[start..end];
    if word.len() == 3 && word.chars().all(|c| c.is_ascii_uppercase()) {
        return currency_symbol(word).map(|code| (code, end));
    }
    None
}

/// A percent sign or word right after a number ("%" against it or after one space;
/// "percent", "pct", "per cent" after a space): the bytes of `after` it takes.
pub fn percent_after(after: &str) -> Option<usize> {
    if after.starts_with('%') {
        return Some(1);
    }
    // "2,5 %": a space (or a no-break space) before the sign, as French, Spanish or German
    // write it
    for space in [" %", "\u{a0}%", "\u{202f}%"] {
        if after.starts_with(space) {
            return Some(space.len());
        }
    }
    let (start, end) = word_at(after, 0)?;
    match after[start..end].to_lowercase().as_str() {
        "percent" | "pct" => Some(end),
        "per" => word_at(after, end)
            .filter(|&(s, e)| after[s..e].eq_ignore_ascii_case("cent"))
            .map(|(_, e)| e),
        _ => None,
    }
}

/// Phrases that qualify a number written after them, longest first where one ends another.
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
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
    (&["at", "most"], Qualifier::AtMost),
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

/// The qualifier that ends `before` (the text up to a number or its currency), and the byte
/// where the qualifier starts (`before.len()` when there is none).
pub fn qualifier_before(before: &str) -> (Qualifier, usize) {
    'phrases: for (words, qualifier) in QUALIFIERS {
        let mut rest = before;
        for word in words.iter().rev() {
            let trimmed = rest.trim_end();
            let Some(start) = trimmed.len().checked_sub(word.len()) else {
                continue 'phrases;
            };
            let whole_word = trimmed.is_char_boundary(start)
                && trimmed[start..].eq_ignore_ascii_case(word)
                && !trimmed[..start].ends_with(char::is_alphanumeric);
            if !whole_word {
                continue 'phrases;
            }
            rest = &trimmed[..start];
        }
        return (*qualifier, rest.len());
    }
    (Qualifier::Exact, before.len())
}

/// The quantity whose number starts at byte `at` of `text`: the number, a currency symbol
/// before it or a currency name after it, else a percent sign after it.
pub fn quantity_at(text: &str, at: usize) -> Option<Quantity> {
    let number = read_number(text.get(at..)?)?;
    let number_end = at + number.len;
    let quantity = |measure, start, end| Quantity {
        number,
        measure,
        start,
        end,
    };
    if let Some((code, start)) = currency_before(&text[..at]) {
        return Some(quantity(Measure::Money(code), start, number_end));
    }
    let after = &text[number_end..];
    if let Some((code, len)) = currency_after(after) {
        return Some(quantity(Measure::Money(code), at, number_end + len));
    }
    if let Some(len) = percent_after(after) {
        return Some(quantity(Measure::Percent, at, number_end + len));
    }
    Some(quantity(Measure::Plain, at, number_end))
}

/// The first quantity written in `text`, such as a figure's own text ("€21 billion",
/// "21 billion euros", "14 per cent", "1.5 thousand troops"). A number starts a word.
pub fn parse(text: &str) -> Option<Quantity> {
    text.char_indices()
        .filter(|&(i, c)| c.is_alphanumeric() && !text[..i].ends_with(char::is_alphanumeric))
        .find_map(|(i, _)| quantity_at(text, i))
}

#[cfg(test)]
mod tests;
