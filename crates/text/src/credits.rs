//! Credits, captions, contact details and time stamps: the lines around an article that name
//! who made it and when, not what happened.

use std::sync::OnceLock;

use crate::lexicon::{phrases, Phrases};
use crate::tokens::is_capitalised;

/// Phrases of reporting credits, disclaimers and reuse notices.
#[rustfmt::skip]
const CREDIT_PHRASES: &[&str] = &[
    "contributed to this report", "contributed to this story", "contributed to this article",
    "contributed reporting", "additional reporting by", "the views expressed",
    "opens in new window", "reuse any content", "can be reached at",
];

/// Openers of credit, contact and timestamp lines.
#[rustfmt::skip]
const CREDIT_OPENERS: &[&str] = &[
    "reporting by", "editing by", "writing by", "compiled by", "with assistance", "published on",
    "last updated", "updated on", "posted on", "updated:", "posted:", "published:",
    "with reporting by", "with additional reporting", "originally published",
    "this story originally", "text size",
];

/// Markers of a photo credit or caption near the end of a line.
#[rustfmt::skip]
const CREDIT_MARKERS: &[&str] = &[
    "photo:", "photos:", "photograph:", "picture:", "pictures:", "image:", "images:", "credit:",
    "photo by", "photos by", "pictured:", "ap photo", "getty images", "istock", "shutterstock",
    "(courtesy", "courtesy photo", "file photo", "(photo", "photo credit", "reuters/", "/reuters",
    "afp/", "/afp", "/ap)", "(associated press)", "epa/", "/epa", "/newscom",
];

pub(crate) fn is_copyright(lower: &str) -> bool {
    // "©" after a letter is mojibake ("clichÃ©"), not a copyright sign.
    let sign = lower
        .char_indices()
        .filter(|&(_, c)| c == '©')
        .any(|(at, _)| {
            !lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphabetic)
        });
    sign || lower.contains("(c) 19") || lower.contains("(c) 20") || lower.starts_with("copyright ")
}

/// A caption or credit: a credit marker among the last words of the line.
pub(crate) fn has_trailing_credit(lower: &str) -> bool {
    let tail_start = lower
        .char_indices()
        .rev()
        .filter(|(_, c)| c.is_whitespace())
        .nth(7)
        .map_or(0, |(at, _)| at);
    let tail = &lower[tail_start..];
    CREDIT_MARKERS.iter().any(|marker| tail.contains(marker))
}

/// "Sarah Tew/CNET", "Graylock/Abaca Press/MCT/Newscom": capitalised names joined by slashes.
pub(crate) fn is_credit_line(tokens: &[&str]) -> bool {
    let joined = tokens.join(" ");
    let pieces: Vec<&str> = joined.split('/').map(str::trim).collect();
    pieces.len() >= 2
        && pieces.iter().all(|piece| {
            !piece.is_empty()
                && piece
                    .split_whitespace()
                    .all(|word| is_capitalised(word) || word.starts_with('('))
        })
}

pub(crate) fn is_reporting_credit(lower: &str, word_list: &[&str]) -> bool {
    let body = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    phrases(&CREDITS, CREDIT_PHRASES).occur_in(word_list)
        || CREDIT_OPENERS.iter().any(|opener| body.starts_with(opener))
}

/// An e-mail address, or a phone number ("408-278-3409", "(619) 293-1275", "610.668.5532")
/// in a line that is only contact details or opens with "Contact".
pub(crate) fn has_contact(tokens: &[&str], words: &[&str]) -> bool {
    let email = tokens.iter().any(|token| {
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        core.split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && domain.contains('.'))
    });
    let phone = tokens
        .iter()
        .enumerate()
        .any(|(i, token)| is_phone(token, tokens.get(i + 1).copied()));
    let contact_line = tokens.len() <= 8 || words.contains(&"contact");
    email || (phone && contact_line)
}

/// "408-278-3409", "610.668.5532", or "(619)" followed by "293-1275".
fn is_phone(token: &str, next: Option<&str>) -> bool {
    let core = token.trim_matches(|c: char| !c.is_ascii_digit() && c != '(' && c != ')');
    let groups: Vec<&str> = core.split(['-', '.']).collect();
    let digits = |g: &str, n: usize| g.len() == n && g.bytes().all(|b| b.is_ascii_digit());
    let dashed =
        groups.len() == 3 && digits(groups[0], 3) && digits(groups[1], 3) && digits(groups[2], 4);
    let area = core.len() == 5
        && core.starts_with('(')
        && core.ends_with(')')
        && digits(&core[1..4], 3)
        && next.is_some_and(|n| {
            let n = n.trim_matches(|c: char| !c.is_ascii_digit());
            n.len() == 8 && digits(&n[..3], 3) && digits(&n[4..], 4)
        });
    dashed || area
}

/// "Sunday, July 31, 2011 21:39 EDT": only dates and a time of day. A bare date ("Sunday,
/// November 6") stays: it heads a dated update, and later stages resolve "today" against it.
pub(crate) fn is_date_stamp(word_list: &[&str], line: &str) -> bool {
    const DATE_WORDS: &[&str] = &[
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "am",
        "pm",
        "a",
        "p",
        "m",
        "et",
        "edt",
        "est",
        "pt",
        "pdt",
        "pst",
        "gmt",
        "bst",
        "utc",
        "cet",
        "cest",
        "st",
        "nd",
        "rd",
        "th",
        "updated",
        "published",
        "posted",
        "on",
        "at",
    ];
    let named = word_list
        .iter()
        .filter(|w| DATE_WORDS[..40].contains(w))
        .count();
    let numbers = word_list
        .iter()
        .filter(|w| w.starts_with(|c: char| c.is_ascii_digit()))
        .count();
    let clock = line.contains(':')
        || word_list.iter().any(|w| {
            matches!(
                *w,
                "am" | "pm" | "et" | "edt" | "est" | "gmt" | "utc" | "pt" | "pdt"
            )
        });
    word_list.len() >= 2
        && clock
        && named >= 1
        && numbers >= 1
        && !line.trim_end().ends_with(':')
        && word_list.iter().all(|w| {
            DATE_WORDS.contains(w)
                || w.bytes().all(|b| b.is_ascii_digit())
                || (w.starts_with(|c: char| c.is_ascii_digit())
                    && ["st", "nd", "rd", "th"].iter().any(|s| w.ends_with(s)))
        })
}

static CREDITS: OnceLock<Phrases> = OnceLock::new();
