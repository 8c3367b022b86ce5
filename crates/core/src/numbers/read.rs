//! Reading one number at the start of a text: digits with separators, decimals and scale
//! words ("1,500", "23.8bn", "1.5 thousand"), or number words ("ninety-nine", "a dozen",
//! "two million").

use super::{scale_exponent, word_at, Number};
use crate::lexicon;

/// How a language writes the digits of a number.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Notation {
    /// Dots group thousands and a comma starts the decimals (German, Spanish, Italian, Dutch:
    /// "40.000 millones", "1.500,5"); a dot then only separates thousands where every group
    /// after it has three digits.
    pub dot_groups: bool,
    /// A plain space groups thousands (French and the languages of northern and eastern
    /// Europe: "40 000 euros", "2 500 salariés"). A no-break or narrow no-break space groups
    /// them in every language.
    pub space_groups: bool,
}

impl Notation {
    /// The notation of a language (ISO 639-1); English's when unknown. Languages that group
    /// with dots do not also group with plain spaces: "18 777 jets" is a count and a model.
    pub fn of_language(language: Option<&str>) -> Notation {
        Notation {
            dot_groups: matches!(
                language,
                Some("de" | "es" | "it" | "nl" | "pt" | "da" | "id" | "tr")
            ),
            space_groups: matches!(
                language,
                Some("fr" | "sv" | "no" | "nb" | "fi" | "pl" | "cs" | "sk" | "ru" | "uk" | "hu")
            ),
        }
    }
}

/// The number written at the very start of `text`, if one is.
pub fn read_number(text: &str) -> Option<Number> {
    read_number_in(text, Notation::default())
}

/// [`read_number`] for text whose language groups thousands with dots and writes decimals
/// with a comma, when `dot_groups` (see [`Notation::dot_groups`]).
pub fn read_number_grouped(text: &str, dot_groups: bool) -> Option<Number> {
    read_number_in(
        text,
        Notation {
            dot_groups,
            space_groups: false,
        },
    )
}

/// [`read_number`] in the given notation.
pub fn read_number_in(text: &str, notation: Notation) -> Option<Number> {
    if text.starts_with(|c: char| c.is_ascii_digit()) {
        read_digits(text, notation)
    } else {
        read_words(text)
    }
}

/// The end of groups of three digits set apart by spaces after `end` ("2 500", "1 250 000"),
/// when the digits before them are one to three; `end` itself when there are none. A group
/// has exactly three digits ("2 5000" is two numbers); decimals may follow ("2 500,5").
fn space_groups_end(text: &str, end: usize, plain_spaces: bool) -> usize {
    let lead = &text[..end];
    if lead.is_empty() || lead.len() > 3 || !lead.bytes().all(|b| b.is_ascii_digit()) {
        return end;
    }
    let mut at = end;
    loop {
        let rest = &text[at..];
        let Some(space) = rest.chars().next() else {
            break;
        };
        let groups = matches!(space, '\u{a0}' | '\u{202f}') || (plain_spaces && space == ' ');
        if !groups {
            break;
        }
        let digits = &rest[space.len_utf8()..];
        if digits.bytes().take_while(u8::is_ascii_digit).count() != 3 {
            break;
        }
        at += space.len_utf8() + 3;
    }
    at
}

/// "40.000", "1.500.000", "1.500,25": digits grouped by dots in threes, with an optional
/// decimal comma.
fn dot_grouped(written: &str) -> bool {
    let (whole, fraction) = written.split_once(',').unwrap_or((written, ""));
    let mut groups = whole.split('.');
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_digit()));
    let mut rest = 0;
    let rest_ok = groups.all(|g| {
        rest += 1;
        g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit())
    });
    first_ok && rest_ok && rest > 0 && fraction.bytes().all(|b| b.is_ascii_digit())
}

/// `mantissa × 10^exponent`, rounded once (as the decimal literal would be), so "23.8bn"
/// and "23,800,000,000" read as the same f64.
fn exact(mantissa: &str, exponent: i32) -> Option<f64> {
    format!("{mantissa}e{exponent}").parse().ok()
}

/// A decimal comma: a comma between digits followed by one or two digits and no more ("2,5
/// Milliarden", "14,25 %"); a thousands comma is always followed by three.
fn decimal_comma(digits: &str) -> bool {
    match digits.split_once(',') {
        Some((whole, fraction)) => {
            !whole.is_empty()
                && !fraction.contains(',')
                && !whole.contains('.')
                && !fraction.contains('.')
                && (1..=2).contains(&fraction.len())
        }
        None => false,
    }
}

/// End of a run of digits with inner `.` or `,` ("1,000", "23.8"), as the tokenizers see it.
fn digits_end(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let c = bytes[end];
        let inner = matches!(c, b'.' | b',')
            && end > 0
            && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !(c.is_ascii_digit() || inner) {
            break;
        }
        end += 1;
    }
    end
}

/// A scale word after byte `at`: spelled out ("billion") after spaces or none, an
/// abbreviation ("bn", "m") only written against digits. A capitalised spelled scale starts
/// a name ("5 Million Voices"), not a scale.
fn scale_after(text: &str, at: usize, after_digits: bool) -> Option<(i32, usize)> {
    let (start, end) = word_at(text, at)?;
    let word = &text[start..end];
    let exponent = scale_exponent(word)?;
    // "mil" (Spanish thousand), "Mio", "Mrd" are written after a space like spelled scales
    let abbreviation =
        word.len() <= 3 && !matches!(word.to_lowercase().as_str(), "mil" | "mio" | "mrd");
    if abbreviation && !(after_digits && start == at) {
        return None;
    }
    let lower = word.to_lowercase();
    if word.starts_with(char::is_uppercase)
        && !super::tables::CAPITALISED_SCALES.contains(&lower.as_str())
        && !abbreviation
    {
        return None;
    }
    Some((exponent, end))
}

fn read_digits(text: &str, notation: Notation) -> Option<Number> {
    let end = digits_end(text);
    let spaced_end = space_groups_end(text, end, notation.space_groups);
    if spaced_end > end {
        let digits: String = text[..spaced_end]
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        let mut number = read_digits(&format!("{digits}{}", &text[spaced_end..]), notation)?;
        number.len = number.len + spaced_end - digits.len();
        return Some(number);
    }
    let written = &text[..end];
    let digits: String = if notation.dot_groups && dot_grouped(written) {
        written.replace('.', "").replace(',', ".")
    } else if decimal_comma(written) {
        written.replace(',', ".")
    } else {
        written.chars().filter(|c| *c != ',').collect()
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    if fraction.contains('.') {
        return None;
    }
    let decimals = fraction.len() as i32;
    let mantissa = format!("{whole}{fraction}");
    let mut exponent = 0;
    let mut len = end;
    if let Some((scale, scale_end)) = scale_after(text, end, true) {
        exponent = scale;
        len = scale_end;
        // "1.5 hundred thousand" is rare; one more spelled scale at most
        if let Some((more, more_end)) = scale_after(text, scale_end, false) {
            if more > scale {
                exponent += more;
                len = more_end;
            }
        }
    }
    Some(Number {
        value: exact(&mantissa, exponent - decimals)?,
        written: exact(&mantissa, -decimals)?,
        len,
        words: false,
        scaled: exponent > 0,
        slack: 0.5 * 10f64.powi(exponent - decimals),
    })
}

#[derive(Clone, Copy, PartialEq)]
enum Last {
    Nothing,
    Unit,
    Tens,
    Hundred,
    Scale,
}

/// "ninety-nine", "two hundred thousand", "a dozen", "a million". The slack is half the
/// place of the last number word: "two million" is 1.5–2.5 million like "2 million".
fn read_words(text: &str) -> Option<Number> {
    let (first_start, first_end) = word_at(text, 0).filter(|(start, _)| *start == 0)?;
    let first = &text[first_start..first_end];
    let mut total = 0.0;
    let mut current = 0.0;
    let mut place = 1.0;
    let mut scaled = false;
    let mut previous = Last::Nothing;
    let mut pos = 0;
    if first.eq_ignore_ascii_case("a") || first.eq_ignore_ascii_case("an") {
        let (start, end) = word_at(text, first_end)?;
        let next = text[start..end].to_lowercase();
        let is_scale = matches!(
            next.as_str(),
            "dozen" | "hundred" | "thousand" | "million" | "billion" | "trillion"
        );
        if !is_scale {
            return None;
        }
        current = 1.0;
        previous = Last::Unit;
        pos = first_end;
    }
    let mut end = None;
    while let Some((start, word_end)) = word_at(text, pos) {
        let word = text[start..word_end].to_lowercase();
        let unit = lexicon::number_word(&word);
        let scale = scale_exponent(&word).filter(|_| word.len() > 3);
        match (unit, scale) {
            (Some(_), _) if word == "dozen" => {
                current = f64::max(current, 1.0) * 12.0;
                previous = Last::Scale;
            }
            (Some(v), _) if v >= 20.0 && v % 10.0 == 0.0 => {
                if !matches!(previous, Last::Nothing | Last::Hundred | Last::Scale) {
                    break;
                }
                current += v;
                place = 1.0;
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
                place = 1.0;
                previous = Last::Unit;
            }
            (None, Some(2)) => {
                if !matches!(previous, Last::Unit | Last::Tens) {
                    break;
                }
                current *= 100.0;
                place = 100.0;
                previous = Last::Hundred;
                scaled = true;
            }
            (None, Some(exponent)) => {
                if previous == Last::Nothing {
                    break;
                }
                let multiplier = 10f64.powi(exponent);
                total += current * multiplier;
                current = 0.0;
                place *= multiplier;
                previous = Last::Scale;
                scaled = true;
            }
            (None, None) => break,
        }
        end = Some(word_end);
        // "ninety-nine": a hyphen between number words, nothing around it
        let hyphenated = text[word_end..].starts_with('-')
            && word_at(text, word_end + 1).is_some_and(|(s, e)| {
                s == word_end + 1 && lexicon::number_word(&text[s..e].to_lowercase()).is_some()
            });
        pos = if hyphenated { word_end + 1 } else { word_end };
    }
    let value = total + current;
    Some(Number {
        value,
        written: value,
        len: end?,
        words: true,
        scaled,
        slack: 0.5 * place,
    })
}
