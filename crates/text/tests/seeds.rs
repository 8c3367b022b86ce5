//! The text stages on the example corpus (`shared/seeds`) and on real multi-news documents.

mod common;

use std::path::PathBuf;

use common::{assert_accounts_for_source, reader_document};
use corroborate_core::{shared_dir, Document, DropReason, Pipeline};

fn seeds() -> Option<Vec<(String, String)>> {
    let Some(dir) = shared_dir() else {
        eprintln!("skipped: no shared dir");
        return None;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir.join("seeds"))
        .ok()?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .ok()?;
    files.sort();
    let seeds = files
        .into_iter()
        .map(|path| {
            let id = path.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    Some(seeds)
}

fn run(id: &str, source: &str) -> Document {
    let mut doc = reader_document(id, source);
    Pipeline::new(corroborate_text::default_stages())
        .unwrap()
        .process(&mut doc)
        .unwrap();
    assert!(doc.cleaned);
    assert_accounts_for_source(&doc);
    doc
}

fn sentences(doc: &Document) -> Vec<&str> {
    doc.sentences().iter().map(|s| &doc.text[s.span]).collect()
}

/// The fifth report as the reader hands it over: its first line, the title, goes to meta.
fn without_title(source: &str) -> &str {
    source.split_once('\n').map_or(source, |(_, rest)| rest)
}

#[test]
fn drops_only_the_teaser_and_the_comment_widget() {
    let Some(seeds) = seeds() else { return };
    assert_eq!(seeds.len(), 5);
    for (id, source) in &seeds {
        let variants: Vec<&str> = if id.starts_with("004") {
            vec![source, without_title(source)]
        } else {
            vec![source]
        };
        for source in variants {
            let doc = run(id, source);
            if !id.starts_with("004") {
                assert!(doc.dropped.is_empty(), "{id} dropped {:?}", doc.dropped);
                assert_eq!(doc.text.lines().count(), source.trim().lines().count());
                continue;
            }
            let dropped: Vec<(&str, DropReason)> = doc
                .dropped
                .iter()
                .map(|d| (&doc.source[d.span], d.reason))
                .collect();
            assert_eq!(dropped.len(), 2, "{dropped:?}");
            assert!(dropped[0]
                .0
                .starts_with("As an Israeli hostage marks his 48th birthday"));
            assert_eq!(dropped[0].1, DropReason::OffTopic);
            assert!(doc.dropped[0].detail.contains("shares no"));
            assert_eq!(dropped[1], ("No comments:", DropReason::Boilerplate));
            // The side stories sharing names with the article stay.
            for kept in [
                "Earlier this week, Washington and Moscow went ahead with a prisoner swap.",
                "Ksenia Karelina, a Russian-American, was sentenced",
                "He was accused of illegally exporting microelectronics",
                "\"This means Russia is clearly trying to prolong the war",
                "\"Only powerful weapons can truly be relied upon",
                "Zelensky laid flowers in front of photos",
                "Russia's ambassador to the UK, Andrei Kelin",
            ] {
                assert!(doc.text.contains(kept), "{kept}");
            }
            assert_eq!(doc.meta.language.as_deref(), Some("en"));
        }
    }
}

#[test]
fn sentence_boundaries_around_abbreviations_in_seeds() {
    let Some(seeds) = seeds() else { return };
    let docs: Vec<Document> = seeds.iter().map(|(id, s)| run(id, s)).collect();
    let all: Vec<&str> = docs.iter().flat_map(sentences).collect();
    let has = |sentence: &str| all.contains(&sentence);
    let containing = |part: &str| {
        all.iter()
            .copied()
            .find(|s| s.contains(part))
            .unwrap_or_else(|| panic!("no sentence contains {part:?}"))
    };
    // Initials and titles do not end sentences.
    assert!(containing("Dmitri S. Peskov")
        .ends_with("according to Dmitri S. Peskov, the Kremlin’s spokesman."));
    assert!(has("President Trump’s special envoy arrived in Russia on Friday to try to make progress on cease-fire talks in its war with Ukraine, meeting with President Vladimir V. Putin in St. Petersburg."));
    assert!(has(
        "Russia must understand that Ukraine can continue the fight, Mr. Pistorius said."
    ));
    assert!(has(
        "Mr. Pistorius said the American aid to Ukraine continues."
    ));
    // "U.S." inside a noun phrase and at a sentence end.
    assert!(has("Notably absent in person was U.S. Defense Secretary Pete Hegseth, who participated virtually."));
    assert!(has("The pair of meetings highlighted the widening approaches to the crisis between the U.S. and Europe."));
    assert!(has("The U.S.-Russia engagements come at a time when Ukraine’s allies met in Brussels to reaffirm support for Kyiv."));
    assert!(containing("with a U.S. participation").starts_with("“In the weeks to come"));
    // Money and decimals.
    assert!(has("Despite the setbacks, allies announced a significant new wave of military aid to Ukraine totaling over €21 billion ($23.8 billion)."));
    assert!(has(
        "Earlier on Friday, European nations agreed €21bn ($24bn; £18bn) in military aid for Kyiv."
    ));
    // Quotes: a closing quote after the period ends the sentence; a comma inside does not.
    assert!(has("Mr. Peskov said the meeting is unlikely to produce decisive results but emphasized that work has been ongoing to “normalize the relationship.”"));
    assert!(has("\"We have too many disagreements,\" he said."));
    assert!(has("\"A war that should ld [sic] have never happened, and wouldn't have happened, if I were President!!!,\" he wrote."));
    assert!(has(
        "Trump has previously claimed he could end the Ukraine-Russia conflict \"in 24 hours\"."
    ));
    // Em dashes do not split.
    assert!(has("The Ukraine Defense Contact Group—comprised of around 50 countries—met on Friday, co-chaired by the UK and Germany."));
    // Every sentence lies inside one line of the text.
    for doc in &docs {
        for sentence in doc.sentences() {
            assert!(!doc.text[sentence.span].contains('\n'));
        }
    }
}

#[test]
fn multi_news_text_is_accounted_for_and_idempotent() {
    let Some(docs) = common::multi_news() else {
        eprintln!("skipped: no multi-news data");
        return;
    };
    let cleaner = corroborate_text::Cleaner::new();
    assert!(docs.len() > 600, "{} articles", docs.len());
    let mut dropped = 0;
    let mut archive_notices = 0;
    for (index, source) in docs.iter().enumerate() {
        let doc = run(&index.to_string(), source);
        dropped += doc.dropped.len();
        let archive_notice =
            source.contains("Wayback Machine") || source.contains("Internet Archive");
        if archive_notice && source.len() < 1000 {
            assert_eq!(doc.text, "", "web-archive notice kept: {source}");
            archive_notices += 1;
        }
        let again = cleaner.clean(&doc.text);
        assert!(
            again.dropped.is_empty(),
            "second cleaning dropped {:?}",
            again.dropped
        );
        assert_eq!(again.text, doc.text);
    }
    // About 6% of the articles are web-archive or social-media notices, and many more carry
    // widgets and credits.
    assert!(dropped > 300, "dropped {dropped}");
    assert!(
        archive_notices >= 20,
        "{archive_notices} web-archive notices"
    );
}
