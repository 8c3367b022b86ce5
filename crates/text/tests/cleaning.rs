//! What the cleaner drops and keeps, line by line, with the reason.

mod common;

use corroborate_core::{DropReason, Stage};
use corroborate_text::Cleaner;

/// A body of real sentences on one topic, so off-topic judgement has context.
const BODY: &str =
    "The city council approved the harbour bridge budget on Tuesday after a long debate.
Council members said the bridge would cut traffic across the harbour by a third.
Construction of the bridge is expected to start next spring and to last three years.
Opponents argued the bridge budget ignored the maintenance of older harbour roads.
The mayor, Anna Berg, said the council would publish the bridge contracts in full.";

fn verdict(line: &str) -> Option<DropReason> {
    let source = format!("{BODY}\n{line}");
    let cleaned = Cleaner::new().clean(&source);
    let dropped: Vec<_> = cleaned
        .dropped
        .iter()
        .filter(|d| &source[d.span] == line)
        .collect();
    dropped.first().map(|d| d.reason)
}

#[test]
fn drops_widgets_notices_and_credits() {
    let boilerplate = [
        "No comments:",
        "2 comments",
        "Comments are closed.",
        "Share this article",
        "share tweet pin email",
        "Sign up for our newsletter",
        "Get our daily newsletter in your inbox. Sign up now",
        "Read more:",
        "Click here",
        "For a full recap of the night's big winners, click here.",
        "We use cookies to improve your experience on our site.",
        "© 2025 Example Media Group",
        "Copyright 2016 Example News. All rights reserved.",
        "Follow us on Twitter",
        "Like us on Facebook",
        "Tweet",
        "Image copyright Getty Images",
        "Getty Images",
        "Advertisement",
        "ADVERTISEMENT",
        "Story continued below",
        "Kira Grunberg in action last year. Photo: Getty Images",
        "A worker inspects the bridge. (AP Photo/Jane Doe)",
        "Jane Doe/Reuters",
        "RELATED: Ten bridges that changed their cities",
        "[Council votes on second bridge next month]",
        "Reporter Carol Christian contributed to this report.",
        "(Reporting by David Lawder; Editing by Tom Heneghan)",
        "Contact Julia Sulek at 408-278-3409.",
        "jdoe@example.com",
        "https://twitter.com/example/status/1",
        "Follow Jane Doe on Twitter: @janedoe",
        "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive. Flowing in every day, these data are added to the Wayback Machine after an embargo period.",
        "This page was archived by the Wayback Machine.",
        "Please turn on JavaScript. Media requires JavaScript to play.",
        "___",
        "* * *",
        "Sunday, July 31, 2011 21:39 EDT",
        "Read more about: Senate, Bob Dole, Dysfunction",
        "With reporting by Ray Waddell",
        "Originally published on Live Science.",
        "Sorry, the page you requested could not be found.",
        "Privacy Policy | Terms of Use",
        "For more, sign up for the What's Working newsletter.",
    ];
    for line in boilerplate {
        assert_eq!(verdict(line), Some(DropReason::Boilerplate), "{line}");
    }
    for line in [
        "Home > World > Europe",
        "News | Sport | Weather | Travel | Culture",
        "Home World Business Technology Science Health Entertainment",
    ] {
        assert_eq!(verdict(line), Some(DropReason::Navigation), "{line}");
    }
}

#[test]
fn keeps_real_sentences_that_mention_widget_words() {
    for line in [
        "Neither the White House nor Kyiv reacted to the comments immediately.",
        "The mayor shared the bridge photos on Twitter and Facebook on Monday evening.",
        "Berg said the comments section of the council website was flooded with questions about the bridge.",
        "\"Share your thoughts with the council,\" Berg told residents at the bridge meeting.",
        "Advertisement revenue from the bridge tolls will fund the harbour school.",
        "The council will follow the bridge plan approved last year, Berg said.",
        "Readers who click here and there on the council website find few bridge details.",
        "He asked witnesses to call the harbour police at 555-123-4567.",
        "\"No comments,\" Berg said when asked about the bridge contracts.",
        "Sunday, November 6",
        "Jan. 4, 2018:",
        "It's a gun advocate clichÃ© that an armed society is a polite society.",
        "In a blog post on Friday, Twitter said threats had long been against its terms of service.",
        "She merely wanted men to sign up for mobile updates from the bridge campaign.",
    ] {
        assert_eq!(verdict(line), None, "{line}");
    }
}

#[test]
fn drops_repeats_and_teasers_but_keeps_side_stories() {
    let source = format!(
        "Celebrity chef opens vegan bakery chain across coastal resorts and airports.\n{BODY}\n\
         The council approved the harbour bridge budget on Tuesday after a long debate.\n\
         Earlier this week, Berg opened a charity concert for flood victims.\n\
         \"We will rebuild,\" she said.\n\
         Five Tips For A Perfect Summer Barbecue Menu"
    );
    let cleaned = Cleaner::new().clean(&source);
    let dropped: Vec<(&str, DropReason)> = cleaned
        .dropped
        .iter()
        .map(|d| (&source[d.span], d.reason))
        .collect();
    assert_eq!(
        dropped,
        [
            (
                "Celebrity chef opens vegan bakery chain across coastal resorts and airports.",
                DropReason::OffTopic
            ),
            (
                "The council approved the harbour bridge budget on Tuesday after a long debate.",
                DropReason::Duplicate
            ),
            (
                "Five Tips For A Perfect Summer Barbecue Menu",
                DropReason::OffTopic
            ),
        ]
    );
    assert!(cleaned.text.contains("charity concert"));
    assert!(cleaned.text.contains("\"We will rebuild,\" she said."));
    assert!(cleaned.dropped[0].detail.contains("shares no"));
}

#[test]
fn text_is_kept_lines_with_exact_alignment() {
    let source = "  First paragraph here.  \n\nShare this article\n\tSecond paragraph.\n";
    let mut doc = common::reader_document("t", source);
    Cleaner::new().process(&mut doc).unwrap();
    assert_eq!(doc.text, "First paragraph here.\nSecond paragraph.");
    assert!(doc.cleaned);
    let second = doc.text.find("Second").unwrap();
    let mapped = doc.text_to_source.map(second).unwrap();
    assert_eq!(&source[mapped..mapped + 6], "Second");
    assert_eq!(doc.dropped.len(), 1);
    assert_eq!(&source[doc.dropped[0].span], "Share this article");
    common::assert_accounts_for_source(&doc);
}

#[test]
fn empty_and_blank_sources() {
    for source in ["", "   ", "\n\n \n"] {
        let cleaned = Cleaner::new().clean(source);
        assert_eq!(cleaned.text, "");
        assert!(cleaned.dropped.is_empty());
    }
}

/// The same kinds of boilerplate in German, Spanish, French, Italian and Dutch, beside
/// sentences of those languages that must stay.
#[test]
fn drops_boilerplate_of_other_languages() {
    let body = "Der Stadtrat hat am Dienstag den Haushalt für die neue Hafenbrücke beschlossen.
Die Bauarbeiten an der Brücke sollen im nächsten Frühjahr beginnen und drei Jahre dauern.
Die Bürgermeisterin sagte, der Rat werde die Verträge vollständig veröffentlichen.";
    let boilerplate = [
        "Lesen Sie auch: Neue Brücke in Hamburg",
        "Alle Rechte vorbehalten.",
        "Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten.",
        "Hier finden Sie alle Informationen. Mehr lesen",
        "Lee también: El puente de Sevilla",
        "Todos los derechos reservados.",
        "Lire aussi : le pont de Nantes",
        "Nous utilisons des cookies pour améliorer votre expérience.",
        "Leggi anche: il ponte di Genova",
        "Tutti i diritti riservati",
        "Lees ook: de brug van Rotterdam",
        "Meld je aan voor onze nieuwsbrief en lees meer",
        "Anzeige",
        "Teilen Kommentare Drucken",
    ];
    let keep = [
        "Die Stadt will die Kosten mit den Nachbargemeinden teilen, sagte die Sprecherin.",
        "La alcaldesa dijo que el consejo publicará todos los contratos del puente.",
    ];
    let judge = |line: &str| {
        let source = format!("{body}\n{line}");
        let cleaned = Cleaner::new().clean(&source);
        cleaned.dropped.iter().any(|d| &source[d.span] == line)
    };
    for line in boilerplate {
        assert!(judge(line), "kept boilerplate: {line}");
    }
    for line in keep {
        assert!(!judge(line), "dropped a sentence: {line}");
    }
}
