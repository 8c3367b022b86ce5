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
}
