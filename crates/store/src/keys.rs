//! Identity of an article: its normalised URL and the hash of its bytes.

use sha2::{Digest, Sha256};

/// Query parameters that only track where a reader came from.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "mc_cid", "mc_eid", "ref", "cmpid", "ocid",
];

/// A URL reduced to what names the article: scheme and host lowercased, `www.` dropped,
/// `http` and `https` the same, no fragment, no tracking parameters (`utm_*`, `fbclid`, ...),
/// remaining parameters sorted, no trailing slash.
pub fn normalise_url(url: &str) -> String {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (scheme, rest) = match url.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => (String::new(), url),
    };
    let scheme = if scheme == "http" {
        "https".to_string()
    } else {
        scheme
    };
    let (location, query) = match rest.split_once('?') {
        Some((location, query)) => (location, Some(query)),
        None => (rest, None),
    };
    let (host, path) = match location.find('/') {
        Some(slash) => (&location[..slash], &location[slash..]),
        None => (location, ""),
    };
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let path = path.trim_end_matches('/');
    let mut params: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|param| !param.is_empty())
        .filter(|param| {
            let name = param.split('=').next().unwrap_or("").to_ascii_lowercase();
            !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
        })
        .collect();
    params.sort_unstable();
    let mut out = String::with_capacity(url.len());
    if !scheme.is_empty() {
        out.push_str(&scheme);
        out.push_str("://");
    }
    out.push_str(host);
    out.push_str(path);
    if !params.is_empty() {
        out.push('?');
        out.push_str(&params.join("&"));
    }
    out
}

/// SHA-256 of the bytes as given, in hex.
pub fn content_hash(raw: &[u8]) -> String {
    let digest = Sha256::digest(raw);
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Seconds since the epoch of an ISO 8601 date (noon UTC) or RFC 3339 timestamp.
pub fn published_seconds(published: &str) -> Option<i64> {
    let published = published.trim();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(published) {
        return Some(at.timestamp());
    }
    let day = published.get(..10)?;
    let date = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(date.and_hms_opt(12, 0, 0)?.and_utc().timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_that_name_the_same_article_agree() {
        let a = normalise_url("https://www.Example.com/news/story-1/?utm_source=x&id=3#top");
        let b = normalise_url("http://example.com/news/story-1?id=3&fbclid=abc");
        assert_eq!(a, b);
        assert_eq!(a, "https://example.com/news/story-1?id=3");
        assert_ne!(a, normalise_url("https://example.com/news/story-2?id=3"));
    }

    #[test]
    fn hash_is_hex_sha256() {
        assert_eq!(
            content_hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
