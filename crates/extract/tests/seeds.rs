//! The example corpus as one story: aliases, quotes carried by several reports and the aid
//! figure in three currencies. Skipped when the shared folder is absent.

mod common;

use corroborate_core::{Document, Entity, EntityKind, FigureKind};

fn annotated() -> Option<Vec<Document>> {
    let mut docs = common::seeds()?;
    for doc in docs.iter_mut() {
        for stage in corroborate_extract::default_stages() {
            stage.process(doc).unwrap();
        }
    }
    Some(docs)
}

fn entity<'a>(entities: &'a [Entity], name: &str) -> &'a Entity {
    entities
        .iter()
        .find(|e| e.name == name || e.aliases.iter().any(|a| a == name))
        .unwrap_or_else(|| panic!("no entity named {name}"))
}

#[test]
fn mention_spans_exclude_titles_and_possessives() {
    let Some(docs) = annotated() else {
        eprintln!("seeds not found: skipping");
        return;
    };
    let nyt = &docs[2];
    let names: Vec<&str> = nyt
        .layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .map(|m| &nyt.text[m.span])
        .collect();
    assert!(names.contains(&"Vladimir V. Putin"));
    assert!(names.contains(&"Dmitri S. Peskov"));
    assert!(!names
        .iter()
        .any(|n| n.starts_with("Mr.") || n.ends_with("’s") || n.ends_with("'s")));
    let peskov = nyt
        .layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .find(|m| &nyt.text[m.span] == "Dmitri S. Peskov")
        .unwrap();
    assert_eq!(&nyt.text[peskov.role.unwrap()], "the Kremlin’s spokesman");
    let bbc = &docs[4];
    let dmitriev_role = bbc
        .layers
        .entities
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|m| m.role.filter(|_| &bbc.text[m.span] == "Dmitriev"))
        .next()
        .unwrap();
    assert_eq!(
        &bbc.text[dmitriev_role],
        "the 49-year-old head of Russia's sovereign wealth fund"
    );
}

#[test]
fn story_entities_merge_aliases_without_false_merges() {
    let Some(docs) = annotated() else {
        eprintln!("seeds not found: skipping");
        return;
    };
    let refs: Vec<&Document> = docs.iter().collect();
    let entities = corroborate_extract::merge_entities(&refs);
    let same = |a: &str, b: &str| entity(&entities, a).id == entity(&entities, b).id;
    assert!(same("Dmitry Peskov", "Dmitri Peskov"));
    assert!(same("Dmitri S. Peskov", "Peskov"));
    assert!(same("Volodymyr Zelensky", "Volodymyr Zelenskyy"));
    assert!(same("St. Petersburg", "St Petersburg"));
    assert!(same("Tass", "TASS"));
    assert!(same("Vladimir Putin", "Vladimir V. Putin"));
    assert!(!same("Dmitriev", "Dmitri Peskov"));
    assert!(!same("Kremlin", "Russia"));
    assert!(!same("Donald Trump", "Steve Witkoff"));
    let peskov = entity(&entities, "Peskov");
    assert_eq!(peskov.kind, EntityKind::Person);
    let articles: std::collections::BTreeSet<&str> =
        peskov.mentions.iter().map(|c| c.doc.as_str()).collect();
    assert_eq!(articles.len(), 5);
    assert!(peskov.roles.iter().any(|r| r.text == "Kremlin spokesman"));
    for e in &entities {
        for cite in &e.mentions {
            let doc = docs.iter().find(|d| d.id == cite.doc).unwrap();
            assert!(cite.span.is_valid_for(&doc.text));
        }
    }
}

#[test]
fn shared_quotes_appear_once_with_every_source() {
    let Some(docs) = annotated() else {
        eprintln!("seeds not found: skipping");
        return;
    };
    let refs: Vec<&Document> = docs.iter().collect();
    let entities = corroborate_extract::merge_entities(&refs);
    let quotes = corroborate_extract::merge_quotes(&refs, &entities);
    let quote = |start: &str| {
        let found: Vec<_> = quotes
            .iter()
            .filter(|q| q.text.starts_with(start))
            .collect();
        assert_eq!(found.len(), 1, "{start}: {found:#?}");
        found[0]
    };
    let sources = |q: &corroborate_core::Quote| -> Vec<String> {
        q.sources
            .iter()
            .map(|s| s.article[..3].to_string())
            .collect()
    };
    let speaker = |q: &corroborate_core::Quote| q.speaker.clone().unwrap_or_default();

    let pistorius = quote("Given Russia’s ongoing aggression against Ukraine");
    assert_eq!(sources(pistorius), vec!["001", "002"]);
    assert_eq!(speaker(pistorius), entity(&entities, "Boris Pistorius").id);

    let healey = quote("We are sending a signal to Putin");
    assert_eq!(sources(healey), vec!["001", "002"]);
    assert!(healey.sources[0].verbatim);
    assert!(!healey.sources[1].verbatim);
    assert_eq!(
        healey.sources[1].difference.as_deref(),
        Some("\"We sending\" vs \"We are sending\"")
    );
    assert_eq!(speaker(healey), entity(&entities, "John Healey").id);

    let witkoff = quote("a friendship, a relationship");
    assert_eq!(sources(witkoff), vec!["001", "002"]);
    assert_eq!(speaker(witkoff), entity(&entities, "Steve Witkoff").id);

    let peskov = quote("normalize the relationship");
    assert_eq!(sources(peskov), vec!["001", "002"]);
    assert_eq!(speaker(peskov), entity(&entities, "Dmitri Peskov").id);
}

#[test]
fn the_aid_figure_is_one_figure_in_three_currencies() {
    let Some(docs) = annotated() else {
        eprintln!("seeds not found: skipping");
        return;
    };
    let refs: Vec<&Document> = docs.iter().collect();
    let figures = corroborate_extract::merge_figures(&refs);
    let aid: Vec<_> = figures
        .iter()
        .filter(|f| f.kind == FigureKind::Money && f.amount == 21e9)
        .collect();
    assert_eq!(aid.len(), 1);
    let aid = aid[0];
    let articles: std::collections::BTreeSet<&str> =
        aid.sources.iter().map(|c| &c.doc[..3]).collect();
    assert_eq!(
        articles.into_iter().collect::<Vec<_>>(),
        vec!["000", "001", "002", "004"]
    );
    let units: std::collections::BTreeSet<&str> = aid
        .equivalents
        .iter()
        .filter_map(|e| e.unit.as_deref())
        .collect();
    assert_eq!(units.into_iter().collect::<Vec<_>>(), vec!["GBP", "USD"]);
    assert!(aid.consistent);
    for other in ["€11 billion", "$589 million"] {
        assert_eq!(
            figures.iter().filter(|f| f.text == other).count(),
            1,
            "{other}"
        );
    }
}
