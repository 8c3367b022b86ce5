//! Past-biased resolution of relative dates against the publication day: news reports what
//! happened, so a bare "Friday" is the latest Friday on or before publication, unless the
//! sentence speaks of the future ("is scheduled to", "will").

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Words that put a sentence in the future.
const FUTURE_CUES: &[&str] = &[
    "will",
    "'ll",
    "’ll",
    "scheduled",
    "expected",
    "set to",
    "plans to",
    "plan to",
    "planned",
    "is due",
    "are due",
    "is to",
    "are to",
    "upcoming",
    "going to",
    "intends to",
    "would meet",
];

/// True when a sentence speaks of the future.
pub(crate) fn future_tense(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    FUTURE_CUES.iter().any(|cue| {
        lower.match_indices(cue).any(|(i, _)| {
            let before = lower[..i].chars().next_back();
            let after = lower[i + cue.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
    })
}

pub(crate) fn weekday_of(word: &str) -> Option<Weekday> {
    match word.to_lowercase().as_str() {
        "monday" => Some(Weekday::Mon),
        "tuesday" => Some(Weekday::Tue),
        "wednesday" => Some(Weekday::Wed),
        "thursday" => Some(Weekday::Thu),
        "friday" => Some(Weekday::Fri),
        "saturday" => Some(Weekday::Sat),
        "sunday" => Some(Weekday::Sun),
        _ => None,
    }
}

pub(crate) fn month_of(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    let key = lower.trim_end_matches('.');
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    if key == "sept" {
        return Some(9);
    }
    let full = [
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
    ];
    full.iter()
        .position(|m| *m == key)
        .or_else(|| months.iter().position(|m| *m == key))
        .map(|i| i as u32 + 1)
}

/// A month name of German, Spanish, French, Italian or Dutch (any case), only read next to a
/// day number ("1 de marzo", "1. März", "1er mars"): alone, "Mars" or "mai" are other words.
pub(crate) fn foreign_month_of(word: &str) -> Option<u32> {
    corroborate_core::lexicon::foreign_month(word)
}

/// Which way to look for a weekday from the anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    /// On or before the anchor (news default).
    Past,
    /// On or after the anchor (future-tense sentence).
    Future,
    /// "last Friday": strictly before.
    Last,
    /// "next Friday": strictly after.
    Next,
}

/// The weekday nearest the anchor in the given direction.
pub(crate) fn weekday(anchor: NaiveDate, day: Weekday, direction: Direction) -> NaiveDate {
    let from = anchor.weekday().num_days_from_monday() as i64;
    let to = day.num_days_from_monday() as i64;
    let ahead = (to - from).rem_euclid(7);
    let back = (from - to).rem_euclid(7);
    match direction {
        Direction::Past => anchor - Duration::days(back),
        Direction::Future => anchor + Duration::days(ahead),
        Direction::Last => anchor - Duration::days(if back == 0 { 7 } else { back }),
        Direction::Next => anchor + Duration::days(if ahead == 0 { 7 } else { ahead }),
    }
}

/// Monday of the anchor's week, moved by `weeks`.
pub(crate) fn week_start(anchor: NaiveDate, weeks: i64) -> NaiveDate {
    let monday = anchor - Duration::days(anchor.weekday().num_days_from_monday() as i64);
    monday + Duration::weeks(weeks)
}

/// First day of the anchor's month, moved by `months`.
pub(crate) fn month_start(anchor: NaiveDate, months: i32) -> Option<NaiveDate> {
    let index = anchor.year() * 12 + anchor.month0() as i32 + months;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
}

/// A month named without a year: the latest such month on or before the anchor, or the
/// next one for the future.
pub(crate) fn month_without_year(anchor: NaiveDate, month: u32, future: bool) -> Option<NaiveDate> {
    let mut year = anchor.year();
    if future {
        if month < anchor.month() {
            year += 1;
        }
    } else if month > anchor.month() {
        year -= 1;
    }
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// A day named without a year ("4 April"): this year's, unless that lies well after the
/// anchor in a past-tense sentence.
pub(crate) fn day_without_year(
    anchor: NaiveDate,
    month: u32,
    day: u32,
    future: bool,
) -> Option<NaiveDate> {
    let this_year = NaiveDate::from_ymd_opt(anchor.year(), month, day)?;
    if future {
        if this_year < anchor - Duration::days(7) {
            return NaiveDate::from_ymd_opt(anchor.year() + 1, month, day);
        }
        return Some(this_year);
    }
    if this_year > anchor + Duration::days(7) {
        return NaiveDate::from_ymd_opt(anchor.year() - 1, month, day);
    }
    Some(this_year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn weekdays_are_past_biased() {
        // 2025-04-11 is a Friday
        let friday = day(2025, 4, 11);
        assert_eq!(weekday(friday, Weekday::Fri, Direction::Past), friday);
        assert_eq!(
            weekday(friday, Weekday::Thu, Direction::Past),
            day(2025, 4, 10)
        );
        assert_eq!(
            weekday(friday, Weekday::Sat, Direction::Past),
            day(2025, 4, 5)
        );
        assert_eq!(
            weekday(friday, Weekday::Sat, Direction::Future),
            day(2025, 4, 12)
        );
        assert_eq!(weekday(friday, Weekday::Fri, Direction::Future), friday);
        assert_eq!(
            weekday(friday, Weekday::Fri, Direction::Last),
            day(2025, 4, 4)
        );
        assert_eq!(
            weekday(friday, Weekday::Fri, Direction::Next),
            day(2025, 4, 18)
        );
    }

    #[test]
    fn months_and_days_without_year() {
        let anchor = day(2025, 4, 12);
        assert_eq!(month_without_year(anchor, 3, false), Some(day(2025, 3, 1)));
        assert_eq!(
            month_without_year(anchor, 12, false),
            Some(day(2024, 12, 1))
        );
        assert_eq!(month_without_year(anchor, 6, true), Some(day(2025, 6, 1)));
        assert_eq!(day_without_year(anchor, 4, 4, false), Some(day(2025, 4, 4)));
        assert_eq!(
            day_without_year(anchor, 11, 4, false),
            Some(day(2024, 11, 4))
        );
        assert!(future_tense("On Saturday, he is scheduled to join talks"));
        assert!(!future_tense("He willingly met them on Saturday"));
    }
}
