//! The behaviour every [`Store`] backend must have, written once over `&mut dyn Store`.
//!
//! A backend's tests call [`run_all`] with a function that makes a fresh, empty store; each
//! check gets its own. A failed check is an `Err` naming what differed.
//!
//! ```
//! use corroborate_store::{conformance, SqliteStore, Store};
//!
//! let results = conformance::run_all(&mut || {
//!     Box::new(SqliteStore::open_in_memory().unwrap()) as Box<dyn Store>
//! });
//! for (name, result) in &results {
//!     assert!(result.is_ok(), "{name}: {result:?}");
//! }
//! ```

use std::collections::BTreeMap;

use corroborate_core::{
    Claim, ClaimStatus, DerivedFrom, Document, Meta, Sentence, Span, Story, Support,
};

use crate::{
    content_hash, normalise_url, Batch, CandidateQuery, Lookup, NewArticle, Store, StoryFilter,
    StoryUpdate,
};

/// One check: `Ok` or what went wrong.
pub type Check = fn(&mut dyn Store) -> Result<(), String>;

/// Every check, by name.
pub const CHECKS: &[(&str, Check)] = &[
    ("empty_store", empty_store),
    ("article_round_trip", article_round_trip),
    ("duplicates_and_revisions", duplicates_and_revisions),
    ("stories_and_listing", stories_and_listing),
    ("merges_keep_members", merges_keep_members),
    ("candidates_by_rare_terms", candidates_by_rare_terms),
    ("full_text_search", full_text_search),
    ("nearest_sentences", nearest_sentences),
    ("failed_batch_writes_nothing", failed_batch_writes_nothing),
    ("corpus_statistics", corpus_statistics),
    ("watch_state_round_trip", watch_state_round_trip),
];

/// Runs every check on a fresh store from `fresh`.
pub fn run_all(
    fresh: &mut dyn FnMut() -> Box<dyn Store>,
) -> Vec<(&'static str, Result<(), String>)> {
    CHECKS
        .iter()
        .map(|(name, check)| {
            let mut store = fresh();
            (*name, check(store.as_mut()))
        })
        .collect()
}

macro_rules! ensure {
    ($cond:expr, $($arg:tt)+) => {
        let holds: bool = $cond;
        if !holds {
            return Err(format!($($arg)+));
        }
    };
}

// The checks of what the corpus keeps beside its articles and stories.
mod state;

pub mod postgres_server;

use state::{corpus_statistics, watch_state_round_trip};

fn err(e: crate::StoreError) -> String {
    e.to_string()
}

/// A small annotated article: sentences split at ". ", one-hot-ish sentence vectors.
pub fn fixture(id: &str, text: &str, url: Option<&str>, published: Option<&str>) -> Document {
    let mut doc = Document::from_text(id, text);
    doc.meta = Meta {
        path: Some(format!("{id}.txt")),
        outlet: Some(format!("outlet-{id}")),
        url: url.map(str::to_string),
        title: Some(format!("Title of {id}")),
        published: published.map(str::to_string),
        format: Some("txt".into()),
        ..Meta::default()
    };
    let mut sentences = Vec::new();
    let mut start = 0;
    for (i, _) in text.match_indices(". ") {
        sentences.push(Sentence {
            span: Span::from_offsets(start, i + 1),
        });
        start = i + 2;
    }
    if start < text.len() {
        sentences.push(Sentence {
            span: Span::from_offsets(start, text.len()),
        });
    }
    let vectors = (0..sentences.len())
        .map(|k| {
            let mut v = vec![0.0f32; 8];
            v[(k + id.len()) % 8] = 1.0;
            v
        })
        .collect();
    doc.layers.sentences = Some(sentences);
    doc.layers.vectors = Some(vectors);
    doc
}

/// The [`NewArticle`] of a fixture document with the given index terms and a stand-in sketch.
pub fn new_article<'a>(doc: &'a Document, terms: &[(&str, f32)]) -> NewArticle<'a> {
    NewArticle {
        doc,
        url_key: doc.meta.url.as_deref().map(normalise_url),
        content_hash: content_hash(&doc.raw),
        revision_of: None,
        terms: terms.iter().map(|(t, w)| (t.to_string(), *w)).collect(),
        vector: None,
        sketch: format!("sketch of {}", doc.id).into_bytes(),
    }
}

fn story(id: &str, articles: &[&str], claims: usize) -> StoryUpdate {
    StoryUpdate {
        story: Story {
            id: id.into(),
            title: format!("Story {id}"),
            articles: articles.iter().map(|a| a.to_string()).collect(),
            claims: (0..claims)
                .map(|k| Claim {
                    id: format!("c{}", k + 1),
                    status: if k == 0 {
                        ClaimStatus::Corroborated
                    } else {
                        ClaimStatus::SingleSource
                    },
                    text: format!("claim {k}"),
                    independent_sources: if k == 0 { 2 } else { 1 },
                    support: vec![Support {
                        article: articles[0].to_string(),
                        sentence: 0,
                        span: Span::from_offsets(0, 3),
                        text: "The".into(),
                    }],
                    conflicts: Vec::new(),
                    differs_in_detail: None,
                })
                .collect(),
            ..Story::default()
        },
        derived_from: BTreeMap::new(),
        outlets: articles.len(),
        last_published: None,
        pending: false,
    }
}

const HARBOR: &str = "Dock workers at Port Halden walked out on Monday. The strike halted container traffic. Union leader Mara Voss said talks had failed";
const FLOOD: &str = "Heavy rain flooded the market square in Lindqvist. Shops closed early. Firefighters pumped water from cellars";

fn empty_store(store: &mut dyn Store) -> Result<(), String> {
    ensure!(
        store.article_count().map_err(err)? == 0,
        "articles in a new store"
    );
    ensure!(
        store
            .stories(&StoryFilter::default())
            .map_err(err)?
            .is_empty(),
        "stories in a new store"
    );
    ensure!(
        store.last_story_number().map_err(err)? == 0,
        "story numbers used"
    );
    ensure!(
        store.lookup(Some("https://x.test/a"), "abc").map_err(err)? == Lookup::New,
        "lookup in an empty store"
    );
    ensure!(
        store.story("s1").map_err(err)?.is_none(),
        "story s1 in an empty store"
    );
    Ok(())
}

fn article_round_trip(store: &mut dyn Store) -> Result<(), String> {
    let mut doc = fixture(
        "a1",
        HARBOR,
        Some("https://news.test/strike"),
        Some("2025-03-03"),
    );
    doc.raw = format!("<p>{HARBOR}</p>").into_bytes();
    let batch = Batch {
        articles: vec![new_article(&doc, &[("halden", 2.0)])],
        ..Batch::default()
    };
    store.commit(&batch).map_err(err)?;
    ensure!(
        store.has_article_id("a1").map_err(err)?,
        "a1 not found by id"
    );
    let back = store
        .documents(&["a1".into(), "missing".into()])
        .map_err(err)?;
    ensure!(back.len() == 1, "{} documents back", back.len());
    let back = &back[0];
    ensure!(back.raw == doc.raw, "raw bytes differ");
    ensure!(back.meta == doc.meta, "meta differs");
    ensure!(
        back.source == doc.source && back.text == doc.text,
        "text differs"
    );
    ensure!(
        back.text_to_source == doc.text_to_source,
        "alignment differs"
    );
    ensure!(
        back.source_to_raw == doc.source_to_raw,
        "raw alignment differs"
    );
    ensure!(
        back.cleaned == doc.cleaned && back.dropped == doc.dropped,
        "cleaning differs"
    );
    ensure!(back.layers == doc.layers, "layers differ");
    let sketches = store
        .sketches(&["a1".into(), "missing".into()])
        .map_err(err)?;
    ensure!(
        sketches.len() == 1 && sketches.get("a1").map(Vec::as_slice) == Some(&b"sketch of a1"[..]),
        "sketches back: {sketches:?}"
    );
    ensure!(
        store.article_count().map_err(err)? == 1,
        "count after one add"
    );
    Ok(())
}

fn duplicates_and_revisions(store: &mut dyn Store) -> Result<(), String> {
    let doc = fixture(
        "a1",
        HARBOR,
        Some("https://news.test/strike?utm_source=x"),
        None,
    );
    store
        .commit(&Batch {
            articles: vec![new_article(&doc, &[])],
            stories: vec![story("s1", &["a1"], 1)],
            ..Batch::default()
        })
        .map_err(err)?;
    let hash = content_hash(&doc.raw);
    let same = store.lookup(None, &hash).map_err(err)?;
    ensure!(
        same == Lookup::Duplicate {
            article: "a1".into()
        },
        "same bytes: {same:?}"
    );
    let key = normalise_url("http://www.news.test/strike/");
    let changed = store.lookup(Some(&key), "other-hash").map_err(err)?;
    ensure!(
        changed
            == Lookup::Revision {
                previous: "a1".into()
            },
        "same URL: {changed:?}"
    );
    let revised = fixture(
        "a1-r2",
        &format!("{HARBOR}. Talks resume Friday"),
        Some("https://news.test/strike"),
        None,
    );
    let mut article = new_article(&revised, &[]);
    article.revision_of = Some("a1".into());
    store
        .commit(&Batch {
            articles: vec![article],
            stories: vec![story("s1", &["a1-r2"], 1)],
            ..Batch::default()
        })
        .map_err(err)?;
    ensure!(
        store.article_count().map_err(err)? == 1,
        "a revision is not a new article"
    );
    ensure!(
        store.members("s1").map_err(err)? == vec!["a1-r2".to_string()],
        "members after revision"
    );
    let rows = store.articles().map_err(err)?;
    ensure!(rows.len() == 2, "both revisions kept: {}", rows.len());
    ensure!(
        rows[0].superseded_by.as_deref() == Some("a1-r2"),
        "old revision not superseded"
    );
    ensure!(
        rows[1].revision_of.as_deref() == Some("a1"),
        "new revision not linked"
    );
    ensure!(
        store.story_of("a1").map_err(err)?.is_none(),
        "old revision still in a story"
    );
    // The old bytes again are still a duplicate.
    ensure!(
        matches!(
            store.lookup(Some(&key), &hash).map_err(err)?,
            Lookup::Duplicate { .. }
        ),
        "old revision's bytes not recognised"
    );
    Ok(())
}

fn stories_and_listing(store: &mut dyn Store) -> Result<(), String> {
    let a = fixture("a", HARBOR, None, Some("2025-03-03"));
    let b = fixture("b", HARBOR, None, Some("2025-03-04"));
    let c = fixture("c", FLOOD, None, Some("2025-02-01"));
    let mut first = story("s1", &["a", "b"], 3);
    first.last_published = Some("2025-03-04".into());
    first.derived_from.insert(
        "b".into(),
        DerivedFrom {
            article: "a".into(),
            similarity: 0.9,
            evidence: "same words".into(),
        },
    );
    let mut second = story("s2", &["c"], 1);
    second.last_published = Some("2025-02-01".into());
    second.outlets = 1;
    second.pending = true;
    store
        .commit(&Batch {
            articles: vec![
                new_article(&a, &[]),
                new_article(&b, &[]),
                new_article(&c, &[]),
            ],
            stories: vec![first.clone(), second.clone()],
            ..Batch::default()
        })
        .map_err(err)?;
    let listed = store.stories(&StoryFilter::default()).map_err(err)?;
    let ids: Vec<&str> = listed.iter().map(|s| s.id.as_str()).collect();
    ensure!(ids == ["s1", "s2"], "newest activity first: {ids:?}");
    ensure!(
        store.pending_stories().map_err(err)? == ["s2"],
        "pending stories"
    );
    second.pending = false;
    store
        .commit(&Batch {
            stories: vec![second],
            ..Batch::default()
        })
        .map_err(err)?;
    ensure!(
        store.pending_stories().map_err(err)?.is_empty(),
        "a recomputed story still pending"
    );
    ensure!(
        listed[0].articles == 2 && listed[0].outlets == 2,
        "counts {:?}",
        listed[0]
    );
    ensure!(
        listed[0].claims == 3 && listed[0].corroborated == 1,
        "claim counts {:?}",
        listed[0]
    );
    let since = StoryFilter {
        since: Some("2025-03-01".into()),
        min_sources: 0,
    };
    ensure!(store.stories(&since).map_err(err)?.len() == 1, "--since");
    let sources = StoryFilter {
        since: None,
        min_sources: 2,
    };
    ensure!(
        store.stories(&sources).map_err(err)?.len() == 1,
        "--min-sources"
    );
    let stored = store.story("s1").map_err(err)?.ok_or("s1 missing")?;
    ensure!(stored.story == first.story, "story report differs");
    ensure!(
        stored.derived_from == first.derived_from,
        "derived_from differs"
    );
    ensure!(
        store.members("s1").map_err(err)? == vec!["a".to_string(), "b".to_string()],
        "members"
    );
    ensure!(
        store.story_of("c").map_err(err)?.as_deref() == Some("s2"),
        "story of c"
    );
    ensure!(
        store.last_story_number().map_err(err)? == 2,
        "last story number"
    );
    let claims = store.claims().map_err(err)?;
    ensure!(claims.len() == 4, "{} claims", claims.len());
    ensure!(
        claims[0].story == "s1" && claims[0].status == "corroborated",
        "claim row {:?}",
        claims[0]
    );
    // A stored story written pending with one member more: its members and counts change,
    // its report, claims and rewrites stay until it is recomputed.
    let z = fixture("z", HARBOR, None, Some("2025-03-05"));
    let mut grown = story("s1", &["a", "b", "z"], 0);
    grown.pending = true;
    grown.outlets = 1;
    store
        .commit(&Batch {
            articles: vec![new_article(&z, &[])],
            stories: vec![grown],
            ..Batch::default()
        })
        .map_err(err)?;
    ensure!(
        store.members("s1").map_err(err)? == ["a", "b", "z"],
        "members of a pending story"
    );
    let kept = store.story("s1").map_err(err)?.ok_or("s1 missing")?;
    ensure!(
        kept.story == first.story && kept.derived_from == first.derived_from,
        "a pending write replaced the report"
    );
    ensure!(
        store.claims().map_err(err)?.len() == 4,
        "a pending write replaced the claims"
    );
    let listed = store.stories(&StoryFilter::default()).map_err(err)?;
    ensure!(
        listed[0].id == "s1" && listed[0].articles == 3 && listed[0].outlets == 2,
        "counts of a pending story {:?}",
        listed[0]
    );
    ensure!(
        store.pending_stories().map_err(err)? == ["s1"],
        "pending after a pending write"
    );
    Ok(())
}

fn merges_keep_members(store: &mut dyn Store) -> Result<(), String> {
    let a = fixture("a", HARBOR, None, None);
    let b = fixture("b", FLOOD, None, None);
    let c = fixture("c", &format!("{HARBOR}. {FLOOD}"), None, None);
    store
        .commit(&Batch {
            articles: vec![new_article(&a, &[]), new_article(&b, &[])],
            stories: vec![story("s1", &["a"], 1), story("s2", &["b"], 1)],
            ..Batch::default()
        })
        .map_err(err)?;
    store
        .commit(&Batch {
            articles: vec![new_article(&c, &[])],
            stories: vec![story("s1", &["a", "b", "c"], 2)],
            redirects: vec![("s2".into(), "s1".into())],
            ..Batch::default()
        })
        .map_err(err)?;
    ensure!(
        store.resolve_story("s2").map_err(err)?.as_deref() == Some("s1"),
        "s2 does not redirect"
    );
    let merged = store
        .story("s2")
        .map_err(err)?
        .ok_or("s2 answers nothing")?;
    ensure!(merged.story.id == "s1", "s2 answers {}", merged.story.id);
    ensure!(
        store.members("s1").map_err(err)?.len() == 3,
        "members lost in merge"
    );
    ensure!(
        store.stories(&StoryFilter::default()).map_err(err)?.len() == 1,
        "merged story still listed"
    );
    ensure!(
        store.last_story_number().map_err(err)? == 2,
        "a merged id was freed"
    );
    ensure!(
        store.claims().map_err(err)?.iter().all(|c| c.story == "s1"),
        "claims of the merged story kept"
    );
    Ok(())
}

fn candidates_by_rare_terms(store: &mut dyn Store) -> Result<(), String> {
    let docs: Vec<Document> = (0..6)
        .map(|k| {
            fixture(
                &format!("d{k}"),
                FLOOD,
                None,
                Some(if k == 5 { "2024-01-01" } else { "2025-03-03" }),
            )
        })
        .collect();
    let terms: Vec<Vec<(&str, f32)>> = (0..6)
        .map(|k| {
            let mut t = vec![("common", 1.0)];
            if k % 2 == 0 || k == 5 {
                t.push(("halden", 2.0));
            }
            t
        })
        .collect();
    let articles = docs
        .iter()
        .zip(&terms)
        .map(|(d, t)| new_article(d, t))
        .collect();
    let stories = (0..6)
        .map(|k| story(&format!("s{}", k + 1), &[docs[k].id.as_str()], 1))
        .collect();
    store
        .commit(&Batch {
            articles,
            stories,
            ..Batch::default()
        })
        .map_err(err)?;
    let query_terms = vec![("halden".to_string(), 1.0f32), ("common".to_string(), 1.0)];
    let query = CandidateQuery {
        terms: &query_terms,
        published: crate::published_seconds("2025-03-05"),
        window_days: 30,
        max_terms: 10,
        max_postings: 100,
        limit: 10,
    };
    let found = store.candidates(&query).map_err(err)?;
    let ids: Vec<&str> = found.iter().map(|c| c.article.as_str()).collect();
    // Sharing the rare term ranks first; the dated d5 is outside the window.
    ensure!(
        ids.len() == 5 && ids[..3].iter().all(|id| ["d0", "d2", "d4"].contains(id)),
        "candidates {ids:?}"
    );
    ensure!(found[0].story.is_some(), "candidate without its story");
    let wide = CandidateQuery {
        published: None,
        ..query
    };
    let found = store.candidates(&wide).map_err(err)?;
    ensure!(
        found.iter().any(|c| c.article == "d5"),
        "no window: d5 missing"
    );
    Ok(())
}

fn full_text_search(store: &mut dyn Store) -> Result<(), String> {
    let a = fixture("a", HARBOR, None, None);
    let b = fixture("b", FLOOD, None, None);
    store
        .commit(&Batch {
            articles: vec![new_article(&a, &[]), new_article(&b, &[])],
            stories: vec![story("s1", &["a"], 1), story("s2", &["b"], 1)],
            ..Batch::default()
        })
        .map_err(err)?;
    let hits = store.search_text("container strike", 10).map_err(err)?;
    ensure!(hits.len() == 1 && hits[0].article == "a", "hits {hits:?}");
    ensure!(hits[0].story.as_deref() == Some("s1"), "hit names no story");
    ensure!(
        hits[0].snippet.contains("[strike]"),
        "snippet {}",
        hits[0].snippet
    );
    // Stemmed: "flooding" finds "flooded".
    let hits = store.search_text("flooding", 10).map_err(err)?;
    ensure!(
        hits.len() == 1 && hits[0].article == "b",
        "stemmed hits {hits:?}"
    );
    // Query syntax is taken literally, never an error.
    ensure!(
        store.search_text("\"NEAR( AND OR *", 10).is_ok(),
        "syntax in query"
    );
    ensure!(
        store.search_text("zeppelin", 10).map_err(err)?.is_empty(),
        "no match"
    );
    Ok(())
}

fn nearest_sentences(store: &mut dyn Store) -> Result<(), String> {
    let a = fixture("a", HARBOR, None, None);
    store
        .commit(&Batch {
            articles: vec![new_article(&a, &[])],
            stories: vec![story("s1", &["a"], 1)],
            ..Batch::default()
        })
        .map_err(err)?;
    let vectors = a.layers.vectors.as_ref().ok_or("fixture without vectors")?;
    let hits = store.nearest_sentences(&vectors[1], 2).map_err(err)?;
    ensure!(hits.len() == 2, "{} hits", hits.len());
    ensure!(
        hits[0].sentence == 1 && hits[0].article == "a",
        "nearest {:?}",
        hits[0]
    );
    ensure!(
        (hits[0].similarity - 1.0).abs() < 1e-6,
        "similarity {}",
        hits[0].similarity
    );
    ensure!(
        hits[0].text == "The strike halted container traffic.",
        "text {:?}",
        hits[0].text
    );
    ensure!(hits[0].story.as_deref() == Some("s1"), "hit names no story");
    Ok(())
}

fn failed_batch_writes_nothing(store: &mut dyn Store) -> Result<(), String> {
    let a = fixture("a", HARBOR, None, None);
    let b = fixture("b", FLOOD, None, None);
    let again = fixture("a", FLOOD, None, None);
    let result = store.commit(&Batch {
        articles: vec![
            new_article(&a, &[("x", 1.0)]),
            new_article(&b, &[]),
            new_article(&again, &[]),
        ],
        stories: vec![story("s1", &["a", "b"], 1)],
        ..Batch::default()
    });
    ensure!(result.is_err(), "a repeated id was accepted");
    ensure!(
        store.article_count().map_err(err)? == 0,
        "half a batch was written"
    );
    ensure!(
        store
            .stories(&StoryFilter::default())
            .map_err(err)?
            .is_empty(),
        "half a story"
    );
    ensure!(
        store.search_text("strike", 5).map_err(err)?.is_empty(),
        "full text of a failed batch"
    );
    Ok(())
}
