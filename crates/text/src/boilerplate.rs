//! Line-local judgements: widgets, notices, credits and menus. Each looks at one trimmed line
//! only, so cleaning a cleaned text finds nothing more.
//!
//! The lexicon below is ours; the rules are general. A line is boilerplate when it is short
//! and made mostly of widget vocabulary ("Share this article", "Comments:"), when it ends
//! in a call to action ("... Read more", "click here."), when it is a credit or caption
//! ("... Photo: Getty Images"), a related-story pointer ("RELATED: ..."), a web-archive or
//! social-media notice (several archive terms together), a sign-up or cookie notice, or has no
//! words at all. A real sentence that merely mentions comments or Twitter has most of its
//! words outside the widget vocabulary and is kept.

use std::sync::OnceLock;

use corroborate_core::DropReason;

use crate::credits::{
    has_contact, has_trailing_credit, is_copyright, is_credit_line, is_date_stamp,
    is_reporting_credit,
};
use crate::hash::WordSet;
use crate::lexicon::{is_speech_verb, phrases, set, Phrases};
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
    // German, Spanish, French, Italian, Dutch
    "anzeige", "werbung", "teilen", "kommentare", "kommentar", "drucken", "bild", "foto", "fotos",
    "mehr", "lesen", "artikel", "abonnieren", "publicidad", "anuncio", "compartir", "comentarios",
    "imprimir", "suscríbete", "noticias", "publicité", "partager", "commentaires", "imprimer",
    "abonnez", "lire", "pubblicità", "condividi", "commenti", "stampa", "iscriviti", "advertentie",
    "delen", "reacties", "afdrukken", "abonneer", "lees",
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
    "anzeige", "werbung", "teilen", "kommentare", "abonnieren", "publicidad", "compartir",
    "comentarios", "suscríbete", "publicité", "partager", "commentaires", "abonnez",
    "pubblicità", "condividi", "commenti", "iscriviti", "advertentie", "delen", "reacties",
    "abonneer",
];

/// Calls to action that end a teaser or widget line.
#[rustfmt::skip]
const TRAILING_CALLS: &[&str] = &[
    "read more", "learn more", "click here", "see more", "show more", "load more",
    "continue reading", "read the full story", "full story", "watch the video", "view gallery",
    "mehr lesen", "weiterlesen", "mehr erfahren", "leer más", "seguir leyendo", "lire la suite",
    "en savoir plus", "leggi tutto", "continua a leggere", "lees meer", "lees verder",
];

/// Labels that open a pointer to another story.
#[rustfmt::skip]
const RELATED_LABELS: &[&str] = &[
    "related", "also", "more", "read more", "see also", "read also", "watch", "video", "photos",
    "recommended", "trending", "most read", "don't miss", "related story", "related stories",
    "related articles", "editor's picks", "more from", "listen", "opinion", "story", "must-reads",
    "must reads", "read more about", "tags", "filed under",
    "lesen sie auch", "mehr zum thema", "auch interessant", "das könnte sie interessieren",
    "lee también", "lea también", "te puede interesar", "relacionado", "noticias relacionadas",
    "lire aussi", "à lire aussi", "sur le même sujet", "voir aussi", "leggi anche",
    "potrebbe interessarti", "articoli correlati", "lees ook", "meer over", "gerelateerd",
];

/// Phrases of notices that are boilerplate wherever they sit in a short-to-medium line: no
/// article prose contains them.
#[rustfmt::skip]
const NOTICE_PHRASES: &[&str] = &[
    "all rights reserved", "signing up you agree", "you agree to our", "subscribe to our",
    "subscribe now", "our newsletter", "daily newsletter", "email newsletter", "in your inbox",
    "we use cookies", "use of cookies", "cookie settings", "accept cookies",
    "enable javascript", "turn on javascript",
    "requires javascript", "javascript is disabled", "your browser does not support",
    "comments are closed", "comments for this post are", "leave a comment", "post a comment",
    "share this article", "share this story", "share on facebook", "share on twitter",
    "image copyright", "image caption", "media playback is unsupported", "this page was archived",
    "page was captured", "archived from the original", "skip to main content", "back to top",
    "story continued below", "continue reading the main story",
    "page you requested", "page you are looking for", "page not found", "from a bookmark",
    "not publicly accessible", "contact our webmaster", "may no longer be here",
    // German, Spanish, French, Italian, Dutch
    "alle rechte vorbehalten", "wir verwenden cookies", "diese website verwendet cookies",
    "unseren newsletter", "newsletter abonnieren", "todos los derechos reservados",
    "utilizamos cookies", "este sitio web utiliza cookies", "nuestro boletín",
    "tous droits réservés", "nous utilisons des cookies", "ce site utilise des cookies",
    "notre newsletter", "inscrivez-vous à", "tutti i diritti riservati", "utilizziamo i cookie",
    "questo sito utilizza cookie", "la nostra newsletter", "alle rechten voorbehouden",
    "wij gebruiken cookies", "deze website gebruikt cookies", "onze nieuwsbrief",
];

/// Calls to readers that a quoted speaker might also say ("Share your thoughts"): boilerplate
/// only outside quotes and reported speech.
#[rustfmt::skip]
const READER_CALLS: &[&str] = &[
    "follow us on", "like us on", "find us on", "connect with us", "let us know what you think",
    "share your thoughts", "share your own thoughts", "join the conversation",
    "join the discussion", "send us a tip", "have a tip", "let us know",
];

/// Links to legal pages: boilerplate in a short line, news in a sentence about a platform.
#[rustfmt::skip]
const LEGAL_LINKS: &[&str] = &["cookie policy", "privacy policy", "terms of use", "terms of service"];

/// Words that make "sign up" a newsletter or alert notice.
const SIGN_UP_OBJECTS: &[&str] = &["newsletter", "newsletters", "inbox", "email", "alerts"];

/// Words of web-archive notices. The first group alone marks one.
const ARCHIVE_STRONG: &[&str] = &["wayback", "crawl", "crawls", "crawled", "crawler", "warc"];
#[rustfmt::skip]
const ARCHIVE_WEAK: &[&str] = &[
    "archive", "archived", "archives", "archiving", "captures", "captured", "capture", "embargo",
    "snapshot", "snapshots", "seed", "urls", "url", "domain", "domains", "links", "link", "web",
    "pages", "hosts", "embeds", "alexa",
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
    let sign_up = word_list.windows(2).any(|pair| pair == ["sign", "up"]);
    if n <= 60 && !reported && sign_up && word_list.iter().any(|w| SIGN_UP_OBJECTS.contains(w)) {
        return verdict(DropReason::Boilerplate, "sign-up notice");
    }
    if n <= 12 && phrases(&LEGAL, LEGAL_LINKS).occur_in(word_list) {
        return verdict(DropReason::Boilerplate, "links to legal pages");
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
    let ends_open = !line.ends_with(['.', '?', '!', ':', '"', '”', '’', '\'', ')']);
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
static LEGAL: OnceLock<Phrases> = OnceLock::new();
