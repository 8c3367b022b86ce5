//! Where new articles go: the corpus statistics grouping a sample needs, and which grouping
//! stories continue, merge or start stored stories.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use corroborate_core::Story;
use corroborate_store::Store;
use corroborate_story::{Background, Sketch};

use super::{story_number, CorpusError};

/// What the corpus knows beyond the articles being grouped: its size, the document frequency
/// of every term of the sampled stored articles (`stored`) and of the new ones (`new_terms`),
/// and its document-vector sum.
pub(super) fn background(
    store: &dyn Store,
    stored: &[Sketch],
    new_terms: &[Vec<(String, f32)>],
) -> Result<Background, CorpusError> {
    let mut terms: BTreeSet<String> = new_terms
        .iter()
        .flat_map(|terms| terms.iter().map(|(term, _)| term.clone()))
        .collect();
    for sketch in stored {
        terms.extend(sketch.terms.iter().map(|(term, _, _)| term.clone()));
    }
    let terms: Vec<String> = terms.into_iter().collect();
    let (vectors, vector_sum) = store.vector_sum()?;
    Ok(Background {
        documents: store.article_count()?,
        df: store.term_df(&terms)?,
        vectors,
        vector_sum,
        counted: stored.len(),
    })
}

/// Which grouping stories become which stored story, in order of their first grouping story
/// (largest first, as `analyze` numbers them), each with the stored stories it continues.
///
/// A stored story is *held* by a grouping story that took at least half of its sampled
/// members; stored stories held by the same grouping story merge (a bridging report). A
/// grouping story continues the stored story it holds with most members in it (ties: the
/// older), or, holding none, starts one. So a stored member that grouping placed beside another story's
/// members does not drag its whole story into that one: stored stories only merge when
/// grouping put the bulk of both together.
pub(super) fn components(
    stories: &[Story],
    index_of: &HashMap<&str, usize>,
    stored_story: &HashMap<String, String>,
) -> Vec<(Vec<usize>, BTreeSet<String>)> {
    fn find(parent: &mut BTreeMap<String, String>, x: &str) -> String {
        let mut x = x.to_string();
        while let Some(up) = parent.get(&x).filter(|up| **up != x).cloned() {
            x = up;
        }
        x
    }
    let stored_in = |story: &Story| -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for article in &story.articles {
            if !index_of.contains_key(article.as_str()) {
                continue;
            }
            if let Some(stored) = stored_story.get(article) {
                *counts.entry(stored.clone()).or_insert(0) += 1;
            }
        }
        counts
    };
    let counts: Vec<BTreeMap<String, usize>> = stories.iter().map(stored_in).collect();
    let mut sampled: BTreeMap<String, usize> = BTreeMap::new();
    for per_story in &counts {
        for (stored, n) in per_story {
            *sampled.entry(stored.clone()).or_insert(0) += n;
        }
    }
    let mut parent: BTreeMap<String, String> =
        sampled.keys().map(|s| (s.clone(), s.clone())).collect();
    for per_story in &counts {
        let held: Vec<&String> = per_story
            .iter()
            .filter(|(stored, &n)| 2 * n >= sampled.get(*stored).copied().unwrap_or(0))
            .map(|(stored, _)| stored)
            .collect();
        for pair in held.windows(2) {
            let (a, b) = (find(&mut parent, pair[0]), find(&mut parent, pair[1]));
            if a != b {
                // the older story stays the root
                let (keep, gone) = if (story_number(&a), &a) <= (story_number(&b), &b) {
                    (a, b)
                } else {
                    (b, a)
                };
                parent.insert(gone, keep);
            }
        }
    }
    let mut out: Vec<(Vec<usize>, BTreeSet<String>)> = Vec::new();
    let mut slot_of_root: HashMap<String, usize> = HashMap::new();
    for (c, per_story) in counts.iter().enumerate() {
        // A group continues a stored story only when it holds at least half of that story's
        // sampled members (the bar of a merge): new articles that linked to one of its
        // members alone start a story of their own, as average linkage over all its members
        // would have them do in a batch.
        let owner = per_story
            .iter()
            .filter(|(stored, &n)| 2 * n >= sampled.get(*stored).copied().unwrap_or(0))
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| story_number(b.0).cmp(&story_number(a.0)))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map(|(stored, _)| find(&mut parent, stored));
        match owner {
            Some(root) => match slot_of_root.get(&root) {
                Some(&slot) => out[slot].0.push(c),
                None => {
                    slot_of_root.insert(root.clone(), out.len());
                    let class: BTreeSet<String> = sampled
                        .keys()
                        .filter(|s| find(&mut parent, s) == root)
                        .cloned()
                        .collect();
                    out.push((vec![c], class));
                }
            },
            None => out.push((vec![c], BTreeSet::new())),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(articles: &[&str]) -> Story {
        Story {
            articles: articles.iter().map(|a| a.to_string()).collect(),
            ..Story::default()
        }
    }

    /// Components as (grouping stories, stored stories continued), from local article ids
    /// and each stored article's story.
    fn run(clusters: &[&[&str]], stored: &[(&str, &str)]) -> Vec<(Vec<usize>, Vec<String>)> {
        let stories: Vec<Story> = clusters.iter().map(|c| cluster(c)).collect();
        let ids: Vec<&str> = clusters.iter().flat_map(|c| c.iter().copied()).collect();
        let index_of: HashMap<&str, usize> =
            ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        let stored_story: HashMap<String, String> = stored
            .iter()
            .map(|(a, s)| (a.to_string(), s.to_string()))
            .collect();
        components(&stories, &index_of, &stored_story)
            .into_iter()
            .map(|(c, s)| (c, s.into_iter().collect()))
            .collect()
    }

    #[test]
    fn one_stored_member_placed_elsewhere_merges_no_stories() {
        // s1 sampled as a1..a3, s2 as b1, b2; grouping put a3 beside s2's members
        let stored = [
            ("a1", "s1"),
            ("a2", "s1"),
            ("a3", "s1"),
            ("b1", "s2"),
            ("b2", "s2"),
        ];
        let got = run(&[&["a1", "a2", "n1"], &["a3", "b1", "b2", "n2"]], &stored);
        assert_eq!(
            got,
            vec![
                (vec![0], vec!["s1".to_string()]),
                (vec![1], vec!["s2".to_string()]),
            ]
        );
    }

    #[test]
    fn a_bridging_report_merges_the_stories_it_holds_together() {
        let stored = [("a1", "s3"), ("a2", "s3"), ("b1", "s2"), ("b2", "s2")];
        let got = run(&[&["a1", "a2", "b1", "b2", "n1"], &["n2"]], &stored);
        assert_eq!(
            got,
            vec![
                (vec![0], vec!["s2".to_string(), "s3".to_string()]),
                (vec![1], vec![]),
            ]
        );
    }

    #[test]
    fn a_story_split_by_grouping_stays_one_story() {
        let stored = [("a1", "s1"), ("a2", "s1"), ("a3", "s1"), ("a4", "s1")];
        let got = run(&[&["a1", "a2", "n1"], &["a3", "a4"]], &stored);
        assert_eq!(got, vec![(vec![0, 1], vec!["s1".to_string()])]);
    }

    #[test]
    fn a_report_that_links_to_one_member_of_a_story_does_not_join_it() {
        // n1 was grouped with a1 alone; the rest of s1's sample stayed together without it.
        let stored = [("a1", "s1"), ("a2", "s1"), ("a3", "s1"), ("a4", "s1")];
        let got = run(&[&["a1", "n1"], &["a2", "a3", "a4"]], &stored);
        assert_eq!(
            got,
            vec![(vec![0], vec![]), (vec![1], vec!["s1".to_string()])]
        );
    }
}
