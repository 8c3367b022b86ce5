//! The living corpus: `add` into a store gives the stories `analyze` gives, stores nothing
//! twice, and keeps revisions.

use std::collections::BTreeSet;
use std::path::PathBuf;

use corroborate_core::Document;
use corroborate_embed::EncoderOptions;
use corroborate_engine::{AddOptions, Config, Engine, Outcome};
use corroborate_store::{Batch, SqliteStore, Store, StoryFilter, StoryUpdate};

fn lexical_engine() -> Engine {
    Engine::new(&Config {
        encoder: EncoderOptions {
            prefer_lexical: true,
            use_cache: false,
            ..EncoderOptions::default()
        },
        ..Config::default()
    })
    .expect("engine")
}

fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// Adds `paths` in one step and checks every story against `analyze`'s.
fn same_as_analyze(engine: &Engine, paths: &[PathBuf]) {
    let analysis = engine.analyze_paths(paths, &|_| {});
    assert!(!analysis.stories.is_empty());
    let mut store = SqliteStore::open_in_memory().expect("store");
    let report = engine
        .add_paths(&mut store, paths, &AddOptions::default(), &|_| {})
        .expect("add");
    assert_eq!(report.added.len(), analysis.documents.len());
    assert!(report.added.iter().all(|a| a.outcome == Outcome::New));
    assert_eq!(
        store.stories(&StoryFilter::default()).expect("list").len(),
        analysis.stories.len()
    );
    for expected in &analysis.stories {
        let stored = store
            .story(&expected.id)
            .expect("read")
            .expect("story stored");
        assert_eq!(&stored.story, expected, "story {}", expected.id);
        let derived: Vec<_> = analysis
            .derived_from
            .iter()
            .filter(|(id, _)| expected.articles.contains(id))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        assert_eq!(stored.derived_from.into_iter().collect::<Vec<_>>(), derived);
    }
}

#[test]
fn adding_the_examples_gives_analyze_stories() {
    same_as_analyze(&lexical_engine(), &[examples()]);
}

#[test]
fn adding_the_seeds_gives_analyze_stories() {
    let Some(shared) = corroborate_core::shared_dir() else {
        eprintln!("skipped: no shared data folder");
        return;
    };
    let seeds = shared.join("seeds");
    if !seeds.is_dir() {
        eprintln!("skipped: no {}", seeds.display());
        return;
    }
    same_as_analyze(&lexical_engine(), &[seeds]);
}

fn partition(stories: impl IntoIterator<Item = Vec<String>>) -> BTreeSet<BTreeSet<String>> {
    stories
        .into_iter()
        .map(|a| a.into_iter().collect())
        .collect()
}

#[test]
fn adding_again_stores_nothing_and_one_by_one_matches_the_batch() {
    let engine = lexical_engine();
    let analysis = engine.analyze_paths(&[examples()], &|_| {});
    let mut store = SqliteStore::open_in_memory().expect("store");
    let one_by_one = AddOptions {
        batch: 1,
        ..AddOptions::default()
    };
    let first = engine
        .add_paths(&mut store, &[examples()], &one_by_one, &|_| {})
        .expect("add");
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    let stories: Vec<Vec<String>> = store
        .stories(&StoryFilter::default())
        .expect("list")
        .iter()
        .map(|s| store.members(&s.id).expect("members"))
        .collect();
    assert_eq!(
        partition(stories),
        partition(analysis.stories.iter().map(|s| s.articles.clone()))
    );
    let before = store.articles().expect("rows").len();
    let again = engine
        .add_paths(&mut store, &[examples()], &AddOptions::default(), &|_| {})
        .expect("add again");
    assert!(again
        .added
        .iter()
        .all(|a| matches!(a.outcome, Outcome::Duplicate { .. }) && a.story.is_some()));
    assert!(again.new_stories.is_empty() && again.updated_stories.is_empty());
    assert_eq!(store.articles().expect("rows").len(), before);
}

const STRIKE: &str = "Dock workers at the port of Halden walked off the job on Monday, halting container traffic, after talks with the Halden Port Authority over pay collapsed. Union leader Mara Voss said 2,400 workers had joined the strike and that it would continue until the authority returned to the table. The authority said it had offered a 6 percent raise over two years.";

fn article(id: &str, text: &str, url: &str) -> Document {
    let mut doc = Document::new(
        id,
        corroborate_core::Meta {
            url: Some(url.into()),
            outlet: Some(format!("{id} news")),
            published: Some("2025-03-03".into()),
            format: Some("txt".into()),
            ..corroborate_core::Meta::default()
        },
        text.as_bytes().to_vec(),
        text.to_string(),
        corroborate_core::Alignment::identity(text.len()),
    );
    doc.meta.path = Some(format!("{id}.txt"));
    doc
}

/// Adds two reports of the strike (`a` at `url`, `b` elsewhere) and `more`, in one step.
fn add_strike(
    engine: &Engine,
    store: &mut SqliteStore,
    url: &str,
    more: &[Document],
) -> corroborate_engine::AddReport {
    let mut docs = vec![
        article("a", STRIKE, url),
        article(
            "b",
            &STRIKE.replace("Monday", "Monday morning"),
            "https://b.test/y",
        ),
    ];
    docs.extend(more.iter().cloned());
    engine
        .add_documents(store, docs, &AddOptions::default(), &|_| {})
        .expect("add")
}

#[test]
fn a_changed_article_at_the_same_url_is_a_revision_in_the_same_story() {
    let engine = lexical_engine();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let opts = AddOptions::default();
    let first = add_strike(&engine, &mut store, "https://a.test/strike", &[]);
    let story = first.added[0].story.clone().expect("a story");
    assert_eq!(first.added[1].story.as_deref(), Some(story.as_str()));
    let revised = format!("{STRIKE} Talks are set to resume on Friday.");
    let second = engine
        .add_documents(
            &mut store,
            vec![article(
                "a",
                &revised,
                "http://www.a.test/strike/?utm_source=feed",
            )],
            &opts,
            &|_| {},
        )
        .expect("revise");
    let added = &second.added[0];
    assert_eq!(added.id, "a-2");
    assert_eq!(
        added.outcome,
        Outcome::Revision {
            previous: "a".into()
        }
    );
    assert_eq!(added.story.as_deref(), Some(story.as_str()));
    assert_eq!(second.updated_stories, vec![story.clone()]);
    assert_eq!(store.article_count().expect("count"), 2);
    assert_eq!(store.members(&story).expect("members"), vec!["b", "a-2"]);
    let stored = store.story(&story).expect("read").expect("story");
    assert!(stored
        .story
        .claims
        .iter()
        .any(|claim| claim.text.contains("resume on Friday")));
}

const PENSION: &str = "Heavy rain flooded the old market square in Lindqvist on Tuesday evening. Shopkeepers closed early while firefighters pumped water from cellars and the mayor opened the sports hall for families whose homes were damaged. Forecasters expect more rain on Thursday.";

#[test]
fn a_bridging_report_merges_two_stories_and_the_old_id_redirects() {
    let engine = lexical_engine();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let opts = AddOptions::default();
    let first = engine
        .add_documents(
            &mut store,
            vec![
                article("strike", STRIKE, "https://a.test/strike"),
                article("pension", PENSION, "https://b.test/pension"),
            ],
            &opts,
            &|_| {},
        )
        .expect("add");
    let (s_strike, s_pension) = (
        first.added[0].story.clone().expect("story"),
        first.added[1].story.clone().expect("story"),
    );
    assert_ne!(s_strike, s_pension, "two unrelated reports, two stories");
    let bridge = format!("{STRIKE} {PENSION}");
    let second = engine
        .add_documents(
            &mut store,
            vec![article("bridge", &bridge, "https://c.test/both")],
            &opts,
            &|_| {},
        )
        .expect("bridge");
    assert_eq!(second.merged.len(), 1, "{second:?}");
    let (from, into) = second.merged[0].clone();
    let older = if s_strike < s_pension {
        &s_strike
    } else {
        &s_pension
    };
    assert_eq!(&into, older, "the older id stays");
    let merged = store.story(&from).expect("read").expect("old id answers");
    assert_eq!(&merged.story.id, older);
    let members: BTreeSet<String> = store.members(older).expect("members").into_iter().collect();
    let expected: BTreeSet<String> = ["strike", "pension", "bridge"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(members, expected, "no member lost");
    assert_eq!(
        store.stories(&StoryFilter::default()).expect("list").len(),
        1
    );
}

#[test]
fn a_revision_of_a_lone_article_keeps_its_story() {
    let engine = lexical_engine();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let opts = AddOptions::default();
    let first = engine
        .add_documents(
            &mut store,
            vec![article("lone", STRIKE, "https://a.test/lone")],
            &opts,
            &|_| {},
        )
        .expect("add");
    let story = first.added[0].story.clone().expect("story");
    let second = engine
        .add_documents(
            &mut store,
            vec![article("lone", PENSION, "https://a.test/lone")],
            &opts,
            &|_| {},
        )
        .expect("revise");
    assert_eq!(second.added[0].story.as_deref(), Some(story.as_str()));
    assert!(second.new_stories.is_empty(), "{second:?}");
    assert_eq!(
        store.stories(&StoryFilter::default()).expect("list").len(),
        1
    );
    assert_eq!(store.members(&story).expect("members"), vec!["lone-2"]);
}

#[test]
fn a_story_that_loses_a_revised_article_to_another_story_is_refilled() {
    let engine = lexical_engine();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let opts = AddOptions::default();
    add_strike(
        &engine,
        &mut store,
        "https://a.test/x",
        &[article("flood", PENSION, "https://c.test/flood")],
    );
    let strike = store.story_of("a").expect("read").expect("story");
    let flood = store.story_of("flood").expect("read").expect("story");
    assert_ne!(strike, flood);
    // The page at a.test/x now carries the flood report.
    let changed = format!("{PENSION} The clean-up will take weeks.");
    engine
        .add_documents(
            &mut store,
            vec![article("a", &changed, "https://a.test/x")],
            &opts,
            &|_| {},
        )
        .expect("revise");
    assert_eq!(store.story_of("a-2").expect("read"), Some(flood.clone()));
    assert_eq!(store.members(&strike).expect("members"), vec!["b"]);
    let stored = store.story(&strike).expect("read").expect("story");
    assert_eq!(stored.story.articles, vec!["b"]);
    assert!(stored
        .story
        .claims
        .iter()
        .all(|claim| claim.support.iter().all(|s| s.article == "b")));
}

#[test]
fn a_story_left_pending_by_a_stopped_add_is_recomputed_by_the_next() {
    let engine = lexical_engine();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let opts = AddOptions::default();
    let report = add_strike(&engine, &mut store, "https://a.test/x", &[]);
    let id = report.added[0].story.clone().expect("story");
    let complete = store.story(&id).expect("read").expect("story");
    assert!(!complete.story.claims.is_empty());
    assert!(store.pending_stories().expect("pending").is_empty());
    // What an add stopped between its two commits leaves: the members, not yet the claims.
    let mut half = complete.story.clone();
    half.claims.clear();
    half.summary.clear();
    store
        .commit(&Batch {
            stories: vec![StoryUpdate {
                story: half,
                derived_from: complete.derived_from.clone(),
                outlets: 2,
                last_published: None,
                pending: true,
            }],
            ..Batch::default()
        })
        .expect("commit");
    assert_eq!(store.pending_stories().expect("pending"), vec![id.clone()]);
    let next = engine
        .add_documents(&mut store, Vec::new(), &opts, &|_| {})
        .expect("next add");
    assert_eq!(next.updated_stories, vec![id.clone()]);
    assert!(store.pending_stories().expect("pending").is_empty());
    let again = store.story(&id).expect("read").expect("story");
    assert_eq!(again.story.claims, complete.story.claims);
    assert_eq!(again.story.summary, complete.story.summary);
}
