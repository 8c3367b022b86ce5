//! Line-local judgements: widgets, notices, credits and menus. Each looks at one trimmed line
//! only, so cleaning a cleaned text finds nothing more.
//!
//! The lexicon below is ours; the rules are general. A line is boilerplate when it is short
//! and made mostly of widget vocabulary ("Share this article", "No comments:"), when it ends
//! in a call to action ("... Read more", "click here."), when it is a credit or caption
//! ("... Photo: Getty Images"), a related-story pointer ("RELATED: ..."), a web-archive or
//! social-media notice (several archive terms together), a sign-up or cookie notice, or has no
//! words at all. A real sentence that merely mentions comments or Twitter has most of its
//! words outside the widget vocabulary and is kept.

use std::sync::OnceLock;

use corroborate_core::DropReason;

use crate::hash::{WordMap, WordSet};
use crate::lexicon::is_speech_verb;
use crate::tokens::{is_capitalised, words};

/// Words that make up widgets, menus and notices. Lowercase.
#[rustfmt::skip]
const WIDGET_WORDS: &[&str] = &[
    "a", "ad", "ads", "add", "advertisement", "advertising", "alerts", "all", "also", "an", "and",
    "app", "are", "article", "articles", "back", "be", "below", "breaking", "by", "caption",
    "captions", "click", "closed", "comment", "comments", "content", "continue", "continued",
    "copyright", "credit", "credits", "daily", "download", "e", "email", "embed", "enlarge",
    "facebook", "first", "follow", "for", "free", "from", "gallery", "get", "getty", "google",
    "here", "hide", "image", "images", "in", "inbox", "instagram", "is", "it", "join", "like",
    "link", "linkedin", "links", "load", "loading", "log", "login", "mail", "main", "more", "most",
    "newsletter", "newsletters", "news", "next", "no", "now", "of", "on", "or", "our", "page",
    "photo", "photograph", "photos", "pin", "pinterest", "play", "please", "popular", "post",
    "posted", "previous", "print", "privacy", "read", "recommended", "reddit", "register",
    "related", "replay", "replies", "reply", "reserved", "reset", "rights", "save", "see", "share",
    "shares", "sharing", "show", "sign", "size", "skip", "snapchat", "sponsored", "stories",
    "story", "subscribe", "subscription", "text", "the", "this", "to", "toggle", "top", "trending",
    "tumblr", "tweet", "tweets", "twitter", "up", "us", "via", "video", "videos", "view", "watch",
    "whatsapp", "with", "you", "your", "youtube",
];

/// Widget words that carry the widget meaning on their own (function words do not).
#[rustfmt::skip]
const ANCHORS: &[&str] = &[
    "advertisement", "advertising", "caption", "click", "comment", "comments", "continued",
    "copyright", "credit", "email", "embed", "enlarge", "facebook", "follow", "gallery", "getty",
    "instagram", "linkedin", "login", "newsletter", "newsletters", "photo", "photograph", "photos",
    "pinterest", "print", "reddit", "related", "replies", "reply", "share", "shares", "sponsored",
    "subscribe", "subscription", "toggle", "trending", "tumblr", "tweet", "tweets", "twitter",
    "whatsapp", "youtube", "reset", "read",
];

/// Calls to action that end a teaser or widget line.
#[rustfmt::skip]
const TRAILING_CALLS: &[&str] = &[
    "read more", "learn more", "click here", "see more", "show more", "load more",
    "continue reading", "read the full story", "full story", "watch the video", "view gallery",
];

/// Labels that open a pointer to another story.
#[rustfmt::skip]
const RELATED_LABELS: &[&str] = &[
    "related", "also", "more", "read more", "see also", "read also", "watch", "video", "photos",
    "recommended", "trending", "most read", "don't miss", "related story", "related stories",
    "related articles", "editor's picks", "more from", "listen", "opinion", "story", "must-reads",
    "must reads", "read more about", "tags", "filed under",
];

/// Phrases of notices that are boilerplate wherever they sit in a short-to-medium line: no
/// article prose contains them.
#[rustfmt::skip]
const NOTICE_PHRASES: &[&str] = &[
    "all rights reserved", "sign up for", "signing up you agree", "subscribe to our",
    "subscribe now", "our newsletter", "daily newsletter", "email newsletter", "in your inbox",
    "we use cookies", "use of cookies", "cookie policy", "cookie settings", "accept cookies",
    "privacy policy", "terms of use", "terms of service", "enable javascript", "turn on javascript",
    "requires javascript", "javascript is disabled", "your browser does not support",
    "comments are closed", "comments for this post are", "leave a comment", "post a comment",
    "share this article", "share this story", "share on facebook", "share on twitter",
    "image copyright", "image caption", "media playback is unsupported", "this page was archived",
    "page was captured", "archived from the original", "skip to main content", "back to top",
    "story continued below", "continue reading the main story",
    "page you requested", "page you are looking for", "page not found", "from a bookmark",
    "not publicly accessible", "contact our webmaster", "may no longer be here",
];

/// Calls to readers that a quoted speaker might also say ("Share your thoughts"): boilerplate
/// only outside quotes and reported speech.
#[rustfmt::skip]
const READER_CALLS: &[&str] = &[
    "follow us on", "like us on", "find us on", "connect with us", "let us know what you think",
    "share your thoughts", "share your own thoughts", "join the conversation",
    "join the discussion", "send us a tip", "have a tip", "let us know",
];

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
    "with reporting by", "with additional reporting", "originally published", "this story originally",
    "text size",
];

/// Words of web-archive notices. The first group alone marks one.
const ARCHIVE_STRONG: &[&str] = &["wayback", "crawl", "crawls", "crawled", "crawler", "warc"];
#[rustfmt::skip]
const ARCHIVE_WEAK: &[&str] = &[
    "archive", "archived", "archives", "archiving", "captures", "captured", "capture", "embargo",
    "snapshot", "snapshots", "seed", "urls", "url", "domain", "domains", "links", "link", "web",
    "pages", "hosts", "embeds", "alexa",
];

/// Markers of a photo credit or caption near the end of a line.
#[rustfmt::skip]
const CREDIT_MARKERS: &[&str] = &[
    "photo:", "photos:", "photograph:", "picture:", "pictures:", "image:", "images:", "credit:",
    "photo by", "photos by", "pictured:", "ap photo", "getty images", "istock", "shutterstock",
    "(courtesy", "courtesy photo", "file photo", "(photo", "photo credit", "reuters/", "/reuters",
    "afp/", "/afp", "/ap)", "(associated press)", "epa/", "/epa", "/newscom",
];

/// Separators of breadcrumbs and menus.
const NAV_SEPARATORS: &[char] = &['|', '›', '»', '>', '•', '·', '→', '►', '❯'];

/// The verdict on one line, with a short explanation.
pub(crate) struct Verdict {
    pub reason: DropReason,
    pub detail: &'static str,
}

fn verdict(reason: DropReason, detail: &'static str) -> Option<Verdict> {
    Some(Verdict { reason, detail })
}

/// Judges one trimmed, non-empty line on its own, given its lowercase form and the words of
/// that. `archive_notice` tells whether the document holds a web-archive notice, which makes
/// lines with archive words suspect.
pub(crate) fn judge_line(
    line: &str,
    lower: &str,
    word_list: &[&str],
    archive_notice: bool,
) -> Option<Verdict> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if word_list.is_empty() {
        return verdict(DropReason::Boilerplate, "no words, only symbols");
    }
    if tokens.iter().all(|token| is_link_or_handle(token)) {
        return verdict(DropReason::Boilerplate, "only links, handles or addresses");
    }
    if is_archive_notice(word_list) {
        return verdict(DropReason::Boilerplate, "web-archive notice");
    }
    if archive_notice && archive_terms(word_list) >= 2 && tokens.len() <= 40 {
        return verdict(DropReason::Boilerplate, "part of a web-archive notice");
    }
    if let Some(found) = navigation(line, &tokens) {
        return Some(found);
    }
    let n = tokens.len();
    let sentence_like = n >= 6 && line.ends_with(['.', '?', '!', '"', '”', '\'', '’', ')']);
    let (widget, anchors, counted) = widget_counts(&tokens, word_list);
    if anchors > 0 && counted > 0 && n <= 12 && widget * 4 >= counted * 3 {
        return verdict(
            DropReason::Boilerplate,
            "short line of share, follow, comment or advertising words",
        );
    }
    if n <= 60 && phrases(&NOTICES, NOTICE_PHRASES).occur_in(word_list) {
        return verdict(
            DropReason::Boilerplate,
            "sign-up, cookie, share or comment notice",
        );
    }
    let reported = line.contains(['"', '“', '”']) || word_list.iter().any(|w| is_speech_verb(w));
    if n <= 60 && !reported && phrases(&CALLS, READER_CALLS).occur_in(word_list) {
        return verdict(
            DropReason::Boilerplate,
            "call to readers to follow or comment",
        );
    }
    if n <= 40 && ends_with_call(lower) {
        return verdict(DropReason::Boilerplate, "ends in a call to action");
    }
    if n <= 30 && is_related_pointer(line, lower) {
        return verdict(DropReason::Boilerplate, "pointer to another story");
    }
    if n <= 40 && is_copyright(lower) {
        return verdict(DropReason::Boilerplate, "copyright notice");
    }
    if n <= 40 && has_trailing_credit(lower) {
        return verdict(DropReason::Boilerplate, "photo caption or credit");
    }
    if n <= 6 && !sentence_like && is_credit_line(&tokens) {
        return verdict(DropReason::Boilerplate, "photo or agency credit");
    }
    if n <= 40 && is_reporting_credit(lower, word_list) {
        return verdict(
            DropReason::Boilerplate,
            "reporting credit, timestamp or disclaimer",
        );
    }
    if n <= 25 && !reported && has_contact(&tokens, word_list) {
        return verdict(DropReason::Boilerplate, "contact details");
    }
    if n <= 12 && is_date_stamp(word_list, line) {
        return verdict(DropReason::Boilerplate, "date or time stamp");
    }
    if n == 1 && matches!(word_list, ["updated" | "published" | "posted" | "loading"]) {
        return verdict(DropReason::Boilerplate, "timestamp label");
    }
    if n <= 40 && starts_with_social_call(word_list) {
        return verdict(DropReason::Boilerplate, "social-media notice");
    }
    None
}

fn is_link_or_handle(token: &str) -> bool {
    let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | '[' | ']' | ',' | ';'));
    token.starts_with("http://")
        || token.starts_with("https://")
        || token.starts_with("www.")
        || token.starts_with("pic.twitter.com")
        || (token.starts_with('@') && token.len() > 1)
        || (token.contains('@') && token.contains('.') && !token.ends_with('@'))
}

/// Counts, over words that are not numbers (links and handles count as one widget word
/// each): widget words, anchor words, and all such words.
fn widget_counts(tokens: &[&str], word_list: &[&str]) -> (usize, usize, usize) {
    let links = tokens.iter().filter(|t| is_link_or_handle(t)).count();
    let mut widget = links;
    let mut anchors = 0;
    let mut counted = links;
    let widget_words = set(&WIDGET_SET, WIDGET_WORDS);
    let anchor_words = set(&ANCHOR_SET, ANCHORS);
    for word in word_list {
        if word.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        counted += 1;
        widget += usize::from(widget_words.contains(word));
        anchors += usize::from(anchor_words.contains(word));
    }
    // Words inside links were counted once per link already.
    let link_words: usize = tokens
        .iter()
        .filter(|t| is_link_or_handle(t))
        .map(|t| {
            words(t)
                .filter(|(_, w)| !w.bytes().all(|b| b.is_ascii_digit()))
                .count()
        })
        .sum();
    (
        widget,
        anchors,
        counted.saturating_sub(link_words).max(links),
    )
}

fn archive_terms(words: &[&str]) -> usize {
    words
        .iter()
        .filter(|w| ARCHIVE_STRONG.contains(w) || ARCHIVE_WEAK.contains(w))
        .count()
}

/// A web-archive notice: an archive-only word ("Wayback", "crawl") or "Internet Archive",
/// with at least two more archive words.
pub(crate) fn is_archive_notice(words: &[&str]) -> bool {
    let strong = words.iter().any(|w| ARCHIVE_STRONG.contains(w))
        || words
            .windows(2)
            .any(|pair| pair[0] == "internet" && pair[1] == "archive")
        || words
            .windows(2)
            .any(|pair| pair[0] == "archive" && pair[1] == "it");
    strong && archive_terms(words) >= 3
}

fn ends_with_call(lower: &str) -> bool {
    let trimmed = lower.trim_end_matches(|c: char| !c.is_alphanumeric());
    TRAILING_CALLS.iter().any(|call| {
        trimmed.ends_with(call)
            && trimmed[..trimmed.len() - call.len()]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_alphanumeric())
    })
}

fn is_related_pointer(line: &str, lower: &str) -> bool {
    let body = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let labelled = RELATED_LABELS.iter().any(|label| {
        body.strip_prefix(label)
            .is_some_and(|rest| rest.trim_start().starts_with([':', '|', '»', '›', '>']))
    });
    let bracketed = line.starts_with('[') && line.ends_with(']');
    labelled || bracketed
}

fn is_copyright(lower: &str) -> bool {
    lower.contains('©')
        || lower.contains("(c) 19")
        || lower.contains("(c) 20")
        || lower.starts_with("copyright ")
}

/// A caption or credit: a credit marker among the last words of the line.
fn has_trailing_credit(lower: &str) -> bool {
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
fn is_credit_line(tokens: &[&str]) -> bool {
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

fn is_reporting_credit(lower: &str, word_list: &[&str]) -> bool {
    let body = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    phrases(&CREDITS, CREDIT_PHRASES).occur_in(word_list)
        || CREDIT_OPENERS.iter().any(|opener| body.starts_with(opener))
}

/// An e-mail address, or a phone number ("408-278-3409", "(619) 293-1275", "610.668.5532")
/// in a line that is only contact details or opens with "Contact".
fn has_contact(tokens: &[&str], words: &[&str]) -> bool {
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
fn is_date_stamp(word_list: &[&str], line: &str) -> bool {
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

fn starts_with_social_call(words: &[&str]) -> bool {
    let calls = [
        "follow",
        "like",
        "join",
        "subscribe",
        "connect",
        "find",
        "friend",
    ];
    let networks = [
        "twitter",
        "facebook",
        "instagram",
        "tumblr",
        "youtube",
        "linkedin",
        "snapchat",
        "pinterest",
        "newsletter",
    ];
    words.first().is_some_and(|w| calls.contains(w)) && words.iter().any(|w| networks.contains(w))
}

/// Breadcrumbs and menus: at least three short items between separators, or five or more
/// capitalised words with no function word and no final punctuation.
fn navigation(line: &str, tokens: &[&str]) -> Option<Verdict> {
    let items: Vec<&str> = line
        .split(|c| NAV_SEPARATORS.contains(&c))
        .map(str::trim)
        .collect();
    let separators = items.len().saturating_sub(1);
    let short_items = items
        .iter()
        .filter(|item| !item.is_empty())
        .all(|item| item.split_whitespace().count() <= 4 && !item.ends_with(['.', '?', '!']));
    let nonempty = items.iter().filter(|item| !item.is_empty()).count();
    let has_link = tokens.iter().any(|t| is_link_or_handle(t));
    if separators >= 2 && nonempty >= 3 && short_items && !has_link {
        return verdict(DropReason::Navigation, "menu or breadcrumb of short items");
    }
    let ends_open = !line.ends_with(['.', '?', '!', ':', '"', '”', ')']);
    let all_capitalised_content = tokens.len() >= 5
        && tokens.iter().all(|token| {
            let word = token.trim_matches(|c: char| !c.is_alphanumeric());
            word.is_empty()
                || (is_capitalised(word) && !crate::lexicon::is_stop_word(&word.to_lowercase()))
        });
    if ends_open && all_capitalised_content {
        return verdict(DropReason::Navigation, "list of capitalised link titles");
    }
    None
}

static WIDGET_SET: OnceLock<WordSet<&'static str>> = OnceLock::new();
static ANCHOR_SET: OnceLock<WordSet<&'static str>> = OnceLock::new();
static NOTICES: OnceLock<Phrases> = OnceLock::new();
static CALLS: OnceLock<Phrases> = OnceLock::new();
static CREDITS: OnceLock<Phrases> = OnceLock::new();

fn set(
    cell: &'static OnceLock<WordSet<&'static str>>,
    list: &'static [&'static str],
) -> &'static WordSet<&'static str> {
    cell.get_or_init(|| list.iter().copied().collect())
}

fn phrases(cell: &'static OnceLock<Phrases>, list: &'static [&'static str]) -> &'static Phrases {
    cell.get_or_init(|| Phrases::new(list))
}

/// Word sequences looked up by their first word, so a line is scanned once per list.
struct Phrases {
    by_first: WordMap<&'static str, Vec<Vec<&'static str>>>,
}

impl Phrases {
    fn new(list: &'static [&'static str]) -> Phrases {
        let mut by_first: WordMap<&'static str, Vec<Vec<&'static str>>> = WordMap::default();
        for phrase in list {
            let phrase_words: Vec<&'static str> = words(phrase).map(|(_, w)| w).collect();
            if let Some(first) = phrase_words.first() {
                by_first.entry(first).or_default().push(phrase_words);
            }
        }
        Phrases { by_first }
    }

    /// True when one of the phrases occurs as consecutive words of `line_words`.
    fn occur_in(&self, line_words: &[&str]) -> bool {
        line_words.iter().enumerate().any(|(at, word)| {
            self.by_first.get(word).is_some_and(|candidates| {
                candidates
                    .iter()
                    .any(|phrase| line_words[at..].starts_with(phrase))
            })
        })
    }
}
