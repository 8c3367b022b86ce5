use chrono::NaiveDate;
use corroborate_core::{DatePrecision, Document, Stage};

use super::*;

fn dates(
    text: &str,
    published: Option<&str>,
) -> Vec<(String, Option<NaiveDate>, DatePrecision, bool)> {
    let mut doc = Document::from_text("t", text);
    doc.meta.published = published.map(str::to_string);
    DateExtractor::new().process(&mut doc).unwrap();
    doc.layers
        .dates
        .unwrap()
        .into_iter()
        .map(|d| {
            (
                doc.text[d.span].to_string(),
                d.date,
                d.precision,
                d.relative,
            )
        })
        .collect()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

#[test]
fn absolute_dates() {
    let got = dates(
        "On 4 April and April 4, 2025, then 2025-04-11, in February 2022 and through 2029.",
        None,
    );
    assert_eq!(
        got,
        vec![
            ("4 April".into(), None, DatePrecision::Day, true),
            (
                "April 4, 2025".into(),
                day(2025, 4, 4),
                DatePrecision::Day,
                false
            ),
            (
                "2025-04-11".into(),
                day(2025, 4, 11),
                DatePrecision::Day,
                false
            ),
            (
                "February 2022".into(),
                day(2022, 2, 1),
                DatePrecision::Month,
                false
            ),
            ("2029".into(), day(2029, 1, 1), DatePrecision::Year, false),
        ]
    );
}

#[test]
fn relative_dates_are_past_biased_unless_future() {
    // 2025-04-11 is a Friday
    let got = dates(
        "He arrived on Friday and met them Thursday morning. On Saturday, he is scheduled to \
         join talks. Earlier this week they met; a month ago it failed; yesterday it rained.",
        Some("2025-04-11"),
    );
    let dates: Vec<(&str, Option<NaiveDate>)> = got.iter().map(|d| (d.0.as_str(), d.1)).collect();
    assert_eq!(
        dates,
        vec![
            ("Friday", day(2025, 4, 11)),
            ("Thursday morning", day(2025, 4, 10)),
            ("Saturday", day(2025, 4, 12)),
            ("Earlier this week", day(2025, 4, 7)),
            ("a month ago", day(2025, 3, 1)),
            ("yesterday", day(2025, 4, 10)),
        ]
    );
    assert!(got.iter().all(|d| d.3));
}

#[test]
fn relative_dates_stay_unresolved_without_anchor() {
    let got = dates("He left on Friday, last week.", None);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|d| d.1.is_none() && d.3));
}

#[test]
fn numbers_that_are_not_years() {
    let got = dates(
        "It cost $2020 and 2,521 incidents were counted. May they rest.",
        None,
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn dates_in_other_languages() {
    for (text, want) in [
        ("El 1 de marzo de 2008 se firmó.", "1 de marzo de 2008"),
        ("Am 1. März 2008 wurde unterzeichnet.", "1. März 2008"),
        ("Le 1er mars 2008, il a signé.", "1er mars 2008"),
        ("Il 1 marzo 2008 è stato firmato.", "1 marzo 2008"),
        ("Op 1 maart 2008 werd getekend.", "1 maart 2008"),
    ] {
        let got = dates(text, None);
        assert_eq!(got.len(), 1, "{text}: {got:?}");
        assert_eq!(got[0].0, want, "{text}");
        assert_eq!(got[0].1, day(2008, 3, 1), "{text}");
    }
    // alone, a foreign month name is another word
    assert!(dates("The rover landed on Mars in May 2021.", None)
        .iter()
        .all(|d| d.0 != "Mars"));
}
