//! Publication dates to ISO 8601: `YYYY-MM-DD`, or RFC 3339 when a time and zone are known.

use chrono::{DateTime, NaiveDate, NaiveDateTime, SecondsFormat};

/// Normalises a date string from metadata; `None` when it cannot be read.
pub(crate) fn normalize_date(value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(date) = DateTime::parse_from_rfc3339(value) {
        return Some(date.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
    if let Ok(date) = DateTime::parse_from_rfc2822(value) {
        return Some(date.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(date) = DateTime::parse_from_str(value, format) {
            return Some(date.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(date) = NaiveDateTime::parse_from_str(value, format) {
            return Some(date.date().format("%Y-%m-%d").to_string());
        }
    }
    let day = value.get(..10).unwrap_or(value);
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(day, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    for format in [
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
        "%b. %d, %Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(value, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    None
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date written as a line of its own at the top of an article ("October 23 , 2010",
/// "Wednesday, 1 March 2008", "01-Mar-08", "1 de marzo de 2008", "5. März 2008", "23 ottobre
/// 2010"), as `YYYY-MM-DD`; metadata forms too. `None` for anything else, and for a date
/// without a year.
pub(crate) fn line_date(line: &str) -> Option<String> {
    let line = line.trim();
    if line.is_empty() || line.split_whitespace().count() > 8 {
        return None;
    }
    if let Some(date) = normalize_date(line) {
        return Some(date);
    }
    let mut words: Vec<String> = Vec::new();
    for raw in line.split_whitespace() {
        let word = raw.trim_end_matches([',', '.']);
        if word.is_empty() || matches!(word.to_lowercase().as_str(), "de" | "del") {
            continue;
        }
        let english = corroborate_core::lexicon::foreign_month(word)
            .map(|m| ENGLISH_MONTHS[m as usize - 1].to_string());
        words.push(english.unwrap_or_else(|| word.to_string()));
    }
    // a weekday before the date says nothing more
    let weekday = |w: &str| {
        let lower = w.to_lowercase();
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            .iter()
            .any(|d| lower.starts_with(d))
    };
    if words.first().is_some_and(|w| weekday(w)) {
        words.remove(0);
    }
    let plain = words.join(" ");
    for format in [
        "%B %d %Y", "%d %B %Y", "%b %d %Y", "%d %b %Y", "%d-%b-%y", "%d-%b-%Y",
    ] {
        if let Ok(date) = NaiveDate::parse_from_str(&plain, format) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_forms() {
        let n = |s: &str| normalize_date(s);
        assert_eq!(
            n("2025-04-11T09:30:00Z").as_deref(),
            Some("2025-04-11T09:30:00Z")
        );
        assert_eq!(
            n("2025-04-11T09:30:00+0200").as_deref(),
            Some("2025-04-11T09:30:00+02:00")
        );
        assert_eq!(
            n("Fri, 11 Apr 2025 09:30:00 GMT").as_deref(),
            Some("2025-04-11T09:30:00Z")
        );
        assert_eq!(n("2025-04-11").as_deref(), Some("2025-04-11"));
        assert_eq!(n("2025-04-11T09:30:00").as_deref(), Some("2025-04-11"));
        assert_eq!(n("April 11, 2025").as_deref(), Some("2025-04-11"));
        assert_eq!(n("yesterday"), None);
    }

    proptest::proptest! {
        #[test]
        fn any_line_reads_as_a_date_or_nothing(line in "(\\PC|[0-9 ,.-]|de |März|Mar|2010){0,16}") {
            if let Some(date) = line_date(&line) {
                // YYYY-MM-DD, or RFC 3339 when the line was a timestamp
                let day = date.get(..10).unwrap_or("");
                proptest::prop_assert!(
                    chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok(),
                    "{}",
                    date
                );
            }
        }
    }

    #[test]
    fn dates_on_a_line_of_their_own() {
        for (line, date) in [
            ("October 23 , 2010", "2010-10-23"),
            ("Wednesday, 1 March 2008", "2008-03-01"),
            ("01-Mar-08", "2008-03-01"),
            ("1 de marzo de 2008", "2008-03-01"),
            ("5. März 2008", "2008-03-05"),
            ("23 ottobre 2010", "2010-10-23"),
            ("23 oktober 2010", "2010-10-23"),
            ("2010-10-23", "2010-10-23"),
        ] {
            assert_eq!(line_date(line).as_deref(), Some(date), "{line}");
        }
        for line in [
            "October 23",
            "The deal closed on October 23, 2010 after talks.",
            "Paris",
        ] {
            assert_eq!(line_date(line), None, "{line}");
        }
    }
}
