//! The second half of a step: recomputing the stories that changed (rewrites, membership
//! evidence, claims, entities, quotes, figures, brief) after the first commit stored their new
//! members, and the pending stories a stopped add left.

use std::collections::{BTreeMap, HashMap, HashSet};

use corroborate_core::{DerivedFrom, Document, Story};
use corroborate_store::{Batch, Store, StoryUpdate};
use corroborate_story::Sketch;

use super::{AddReport, CorpusError};
use crate::Engine;

impl Engine {
    /// A story's report recomputed from all its members' documents.
    pub(super) fn recomputed(&self, id: &str, member_docs: &[&Document]) -> StoryUpdate {
        let (story, derived_from) = regroup_as_one(member_docs, self);
        self.finished(id, story, derived_from, member_docs)
    }

    /// A grouped story (its members and their evidence) with its claims, entities, quotes,
    /// figures and brief filled from the members' documents, no longer pending.
    pub(super) fn finished(
        &self,
        id: &str,
        mut story: Story,
        derived_from: BTreeMap<String, DerivedFrom>,
        member_docs: &[&Document],
    ) -> StoryUpdate {
        story.id = id.to_string();
        self.fill_story(&mut story, member_docs, &derived_from);
        StoryUpdate {
            outlets: outlets(member_docs),
            last_published: last_published(member_docs),
            story,
            derived_from,
            pending: false,
        }
    }

    /// A story's update for the first commit of a step: its members and counts, pending (a
    /// stored story keeps its last report until the second commit; a new one gets its title).
    pub(super) fn provisional(
        plan: &Plan,
        sketches: &[Sketch],
        index_of: &HashMap<&str, usize>,
    ) -> StoryUpdate {
        // Outlets and latest day of the members sketched in this step; the store never
        // lowers a stored story's outlet count on a pending write.
        let sketched: Vec<&Sketch> = plan
            .member_ids
            .iter()
            .filter_map(|id| index_of.get(id.as_str()).map(|&i| &sketches[i]))
            .collect();
        let outlets = sketched
            .iter()
            .map(|sketch| sketch.outlet.as_str())
            .collect::<HashSet<&str>>()
            .len();
        let last_published = sketched
            .iter()
            .filter_map(|sketch| sketch.published)
            .max()
            .and_then(|seconds| chrono::DateTime::from_timestamp(seconds, 0))
            .map(|at| at.format("%Y-%m-%d").to_string());
        let title = plan
            .new_members
            .first()
            .map(|&i| sketches[i].title.clone())
            .unwrap_or_default();
        StoryUpdate {
            story: Story {
                id: plan.id.clone(),
                title,
                articles: plan.member_ids.clone(),
                ..Story::default()
            },
            derived_from: BTreeMap::new(),
            outlets,
            last_published,
            pending: true,
        }
    }

    /// Recomputes the stories an earlier add left pending (stopped between its two commits).
    pub(super) fn finish_pending(
        &self,
        store: &mut dyn Store,
        report: &mut AddReport,
    ) -> Result<(), CorpusError> {
        for id in store.pending_stories()? {
            let ids = store.members(&id)?;
            let docs = store.documents(&ids)?;
            let refs: Vec<&Document> = docs.iter().collect();
            let update = self.recomputed(&id, &refs);
            store.commit(&Batch {
                stories: vec![update],
                ..Batch::default()
            })?;
            report.updated_stories.push(id);
        }
        Ok(())
    }
}

/// Where one group of new articles goes.
pub(super) struct Plan {
    /// The story id (kept, or new).
    pub(super) id: String,
    /// Its clusters in the step's grouping.
    pub(super) component: Vec<usize>,
    /// Its new articles (indexes into the step's sketches).
    pub(super) new_members: Vec<usize>,
    /// Every member: all stored members of the stories it continues, then the new ones.
    pub(super) member_ids: Vec<String>,
}

/// Regroups a story's members alone for its membership evidence and rewrites; when grouping
/// would split them, they stay one story (stored stories never lose members).
pub(super) fn regroup_as_one(
    docs: &[&Document],
    engine: &Engine,
) -> (Story, BTreeMap<String, corroborate_core::DerivedFrom>) {
    let owned: Vec<Document> = docs.iter().map(|doc| (*doc).clone()).collect();
    let grouping = corroborate_story::group(&owned, engine.group_options());
    let mut membership: HashMap<String, corroborate_core::Membership> = grouping
        .stories
        .iter()
        .flat_map(|story| story.membership.iter().cloned())
        .map(|m| (m.article.clone(), m))
        .collect();
    let title = grouping
        .stories
        .first()
        .map(|story| story.title.clone())
        .unwrap_or_default();
    let articles: Vec<String> = docs.iter().map(|doc| doc.id.clone()).collect();
    let story = Story {
        title,
        membership: articles
            .iter()
            .filter_map(|id| membership.remove(id))
            .collect(),
        articles,
        ..Story::default()
    };
    (story, grouping.derived_from)
}

/// A grouping story with its articles (and their membership) in the corpus's order.
pub(super) fn in_order(found: &Story, member_ids: &[String]) -> Story {
    let mut story = found.clone();
    story.articles = member_ids.to_vec();
    let position: HashMap<&str, usize> = member_ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    story.membership.sort_by_key(|m| {
        position
            .get(m.article.as_str())
            .copied()
            .unwrap_or(usize::MAX)
    });
    story
}

/// The latest publication day of the members.
pub(super) fn last_published(docs: &[&Document]) -> Option<String> {
    docs.iter()
        .filter_map(|doc| doc.meta.published_date())
        .max()
        .map(|day| day.format("%Y-%m-%d").to_string())
}

/// Distinct outlets (else URL hosts, else one per article).
pub(super) fn outlets(docs: &[&Document]) -> usize {
    docs.iter()
        .map(|doc| corroborate_story::outlet_key(doc))
        .collect::<HashSet<String>>()
        .len()
}
