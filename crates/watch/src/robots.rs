//! robots.txt (RFC 9309): the group for our user agent (else `*`), longest matching rule
//! wins, `Allow` wins a tie; `*` and a final `$` in paths; `Crawl-delay` kept.

use std::time::Duration;

/// The rules of one site for our user agent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Robots {
    /// `(allow, path pattern)`.
    rules: Vec<(bool, String)>,
    /// The site's `Crawl-delay`, when it names one.
    pub crawl_delay: Option<Duration>,
}

impl Robots {
    /// Everything allowed (no robots.txt, or one we could not find: a 4xx).
    pub fn allow_all() -> Robots {
        Robots::default()
    }

    /// Nothing allowed (the site's robots.txt could not be read: a 5xx or no answer).
    pub fn disallow_all() -> Robots {
        Robots {
            rules: vec![(false, "/".into())],
            crawl_delay: None,
        }
    }

    /// The rules in `text` for `agent` (its product token, e.g. `corroborate`): the groups
    /// naming it, else those for `*`.
    pub fn parse(text: &str, agent: &str) -> Robots {
        let agent = agent.to_ascii_lowercase();
        let mut ours = Robots::default();
        let mut anyone = Robots::default();
        let mut found_ours = false;
        // The user agents of the group being read, and whether its rules have begun.
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default().trim();
            let Some((field, value)) = line.split_once(':') else {
                continue;
            };
            let field = field.trim().to_ascii_lowercase();
            let value = value.trim();
            if field == "user-agent" {
                if in_rules {
                    agents.clear();
                    in_rules = false;
                }
                agents.push(value.to_ascii_lowercase());
                continue;
            }
            let for_us = agents
                .iter()
                .any(|a| a != "*" && agent.starts_with(a.as_str()));
            let for_anyone = agents.iter().any(|a| a == "*");
            if !matches!(field.as_str(), "allow" | "disallow" | "crawl-delay") {
                continue;
            }
            in_rules = true;
            found_ours |= for_us;
            for (target, applies) in [(&mut ours, for_us), (&mut anyone, for_anyone)] {
                if !applies {
                    continue;
                }
                match field.as_str() {
                    "allow" if !value.is_empty() => target.rules.push((true, value.to_string())),
                    // An empty Disallow allows everything: no rule.
                    "disallow" if !value.is_empty() => {
                        target.rules.push((false, value.to_string()))
                    }
                    "crawl-delay" => {
                        if let Ok(seconds) = value.parse::<f64>() {
                            if seconds.is_finite() && seconds >= 0.0 {
                                target.crawl_delay =
                                    Some(Duration::from_secs_f64(seconds.min(60.0)));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        if found_ours {
            ours
        } else {
            anyone
        }
    }

    /// Whether a path (with its query) may be fetched.
    pub fn allowed(&self, path: &str) -> bool {
        let mut best: Option<(usize, bool)> = None;
        for (allow, pattern) in &self.rules {
            if !matches(pattern, path) {
                continue;
            }
            let len = pattern.len();
            best = match best {
                Some((best_len, best_allow))
                    if best_len > len || (best_len == len && best_allow) =>
                {
                    Some((best_len, best_allow))
                }
                _ => Some((len, *allow)),
            };
        }
        best.is_none_or(|(_, allow)| allow)
    }
}

/// A robots.txt path pattern against a path: a prefix match, `*` any run, `$` the end.
fn matches(pattern: &str, path: &str) -> bool {
    let (pattern, anchored) = match pattern.strip_suffix('$') {
        Some(stem) => (stem, true),
        None => (pattern, false),
    };
    let mut pieces = pattern.split('*');
    let first = pieces.next().unwrap_or_default();
    let Some(mut rest) = path.strip_prefix(first) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    for (index, piece) in pieces.iter().enumerate() {
        let last = index + 1 == pieces.len();
        if last && anchored {
            return rest.ends_with(piece);
        }
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    !anchored || rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE: &str = "# our site\nUser-agent: *\nDisallow: /private/\nAllow: /private/open.html\nCrawl-delay: 2\n\nUser-agent: badbot\nDisallow: /\n";

    #[test]
    fn the_star_group_applies_with_the_longest_match() {
        let robots = Robots::parse(SITE, "corroborate");
        assert!(robots.allowed("/news/a.html"));
        assert!(!robots.allowed("/private/b.html"));
        assert!(robots.allowed("/private/open.html"));
        assert_eq!(robots.crawl_delay, Some(Duration::from_secs(2)));
        assert!(!Robots::parse(SITE, "BadBot/1.0").allowed("/news/a.html"));
    }

    #[test]
    fn our_own_group_wins_over_the_star_group() {
        let text = "User-agent: *\nDisallow: /\n\nUser-agent: corroborate\nUser-agent: other\nDisallow: /drafts\n";
        let robots = Robots::parse(text, "corroborate");
        assert!(robots.allowed("/news/a.html"));
        assert!(!robots.allowed("/drafts/x"));
    }

    #[test]
    fn wildcards_end_anchors_and_empty_rules() {
        let robots = Robots::parse(
            "User-agent: *\nDisallow: /*.pdf$\nDisallow: /tmp*/x\nDisallow:\n",
            "c",
        );
        assert!(!robots.allowed("/files/report.pdf"));
        assert!(robots.allowed("/files/report.pdf?page=2"));
        assert!(!robots.allowed("/tmp-1/x/y"));
        assert!(robots.allowed("/tmp/y"));
        assert!(Robots::allow_all().allowed("/anything"));
        assert!(!Robots::disallow_all().allowed("/anything"));
    }
}
