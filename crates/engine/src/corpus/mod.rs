//! The living corpus: adding articles to a [`Store`] one step at a time, each new article
//! joining its story (or starting one), with the affected stories' claims and briefs
//! recomputed and stored.
//!
//! A step finds candidate stories through the store's term index (rarer terms and names, in a
//! time window), never by comparing with every stored article; it then groups the new
//! articles together with a sample of the candidates' members exactly as `analyze` groups a
//! batch ([`corroborate_story::group`]). Stored stories are never split: groups that touch the
//! same stored story are one story, and a new report that bridges two stored stories merges
//! them (the older id stays; the other redirects to it). Into an empty corpus, one step over
//! a set of articles gives the stories `analyze` gives.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use corroborate_core::{Document, Failure, Story};
use corroborate_store::{
    content_hash, normalise_url, published_seconds, Batch, CandidateQuery, Lookup, NewArticle,
    Store, StoreError, StoryUpdate,
};
use corroborate_story::{Clustering, Sketch};
use rayon::prelude::*;

mod assign;
mod refresh;

use assign::{background, components};
use refresh::{in_order, Plan};

use crate::engine::{discover, read_inputs};
use crate::{Engine, Progress};

/// How [`Engine::add_documents`] looks for candidate stories and commits.
#[derive(Clone, Debug, PartialEq)]
pub struct AddOptions {
    /// Articles committed per transaction (and grouped together).
    pub batch: usize,
    /// Candidate articles are published within this many days of the new one (or undated).
    pub window_days: i64,
    /// Rarest terms of a new article looked up in the index.
    pub max_terms: usize,
    /// Postings read per term, newest first.
    pub max_postings: usize,
    /// Candidate articles kept per new article.
    pub max_candidates: usize,
    /// Candidate stories kept per new article: those of its best-scoring candidate articles.
    /// 4 (it was 8): the same online B3 on multi-news (lexical -0.0044, MiniLM -0.0078 from
    /// batch; with 8: -0.0044, -0.0080), half the stored articles regrouped per step at 100k.
    pub max_stories: usize,
    /// Members of a candidate story regrouped with the new articles (the most recent).
    pub sample_members: usize,
    /// The documents come annotated already (an evaluation annotated them): do not run the
    /// pipeline again.
    pub annotated: bool,
}

impl Default for AddOptions {
    fn default() -> AddOptions {
        AddOptions {
            batch: 256,
            window_days: 30,
            max_terms: 40,
            max_postings: 200,
            max_candidates: 40,
            max_stories: 4,
            sample_members: 48,
            annotated: false,
        }
    }
}

/// What happened to one incoming article.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new article.
    New,
    /// A new revision of an article already stored at the same URL.
    Revision { previous: String },
    /// Already stored (same bytes, or the same URL and content): nothing written.
    Duplicate { of: String },
}

/// One incoming article and where it went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Added {
    pub id: String,
    /// Where it came from (`meta.path`, else its id).
    pub path: String,
    pub outcome: Outcome,
    /// Its story (for a duplicate, the stored article's story).
    pub story: Option<String>,
}

/// Everything an add did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AddReport {
    pub added: Vec<Added>,
    pub failures: Vec<Failure>,
    /// Stories created, in order.
    pub new_stories: Vec<String>,
    /// Stories that existed and changed.
    pub updated_stories: Vec<String>,
    /// Stories merged away: `(from, into)`.
    pub merged: Vec<(String, String)>,
    /// Where each step's time went, in order.
    pub timings: Vec<StepTimings>,
}

/// Where one step of an add spent its time, for benchmarks. From the candidate lookup to the
/// first commit is story assignment (with `--batch 1`, one article's assignment latency: the
/// time until it is stored in its story); `refresh` then recomputes the changed stories.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepTimings {
    /// New articles in the step.
    pub articles: usize,
    /// Stored stories found as candidates.
    pub candidate_stories: usize,
    /// Stored articles regrouped with the new ones.
    pub regrouped: usize,
    /// Cleaning, annotation and sentence vectors.
    pub annotate: Duration,
    /// Candidate lookups in the term index, all articles of the step.
    pub candidates: Duration,
    /// Reading the candidate stories' sampled members.
    pub load: Duration,
    /// Grouping the new articles with the sampled members, and deciding their stories.
    pub group: Duration,
    /// Writing the articles and their stories' members (the first transaction).
    pub commit: Duration,
    /// After the assignment: reading the changed stories' members, their rewrites,
    /// membership evidence, claims, entities, quotes, figures and brief, and writing them
    /// (the second transaction).
    pub refresh: Duration,
    /// CPU time (user and system, all of the process's threads) from the candidate lookup to
    /// the first commit: the assignment's own work, without the time the machine gave to
    /// others.
    pub assignment_cpu: Duration,
}

impl StepTimings {
    /// Story assignment: from the candidate lookup to the commit of the articles in their
    /// stories.
    pub fn assignment(&self) -> Duration {
        self.candidates + self.load + self.group + self.commit
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("corpus: {0}")]
    Store(#[from] StoreError),
    #[error("the corpus was built with the {corpus} sentence encoder, this run has {run}; use the same encoder (e.g. --lexical, or install the model) or another --db")]
    Encoder { corpus: String, run: String },
}

impl Engine {
    /// Reads everything under `paths` and adds it to `store` (see [`Engine::add_documents`]).
    pub fn add_paths(
        &self,
        store: &mut dyn Store,
        paths: &[PathBuf],
        options: &AddOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<AddReport, CorpusError> {
        let (inputs, failures) = discover(paths);
        progress(Progress::Inputs(inputs.len()));
        let (docs, more) = read_inputs(&inputs, progress);
        let mut report = self.add_documents(store, docs, options, progress)?;
        let mut all = failures;
        all.extend(more);
        all.append(&mut report.failures);
        report.failures = all;
        Ok(report)
    }

    /// Adds read (not yet annotated) articles to the corpus, `options.batch` at a time, each
    /// batch in one transaction: duplicates are skipped, the rest annotated, grouped into
    /// stories with their candidates, and the affected stories recomputed.
    pub fn add_documents(
        &self,
        store: &mut dyn Store,
        docs: Vec<Document>,
        options: &AddOptions,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<AddReport, CorpusError> {
        let run = self.encoder().name().to_string();
        if let Some(corpus) = store.encoder()? {
            if corpus != run {
                return Err(CorpusError::Encoder { corpus, run });
            }
        }
        let mut report = AddReport::default();
        self.finish_pending(store, &mut report)?;
        let mut pending: Vec<(Document, Option<String>)> = Vec::new();
        let mut batch_ids: HashSet<String> = HashSet::new();
        let mut batch_keys: HashMap<String, String> = HashMap::new();
        let total = docs.len();
        for (index, mut doc) in docs.into_iter().enumerate() {
            let hash = content_hash(&doc.raw);
            let url_key = doc.meta.url.as_deref().map(normalise_url);
            let path = doc.meta.path.clone().unwrap_or_else(|| doc.id.clone());
            let earlier = batch_keys
                .get(&hash)
                .or_else(|| url_key.as_ref().and_then(|key| batch_keys.get(key)))
                .cloned();
            let lookup = match earlier {
                Some(article) => Lookup::Duplicate { article },
                None => store.lookup(url_key.as_deref(), &hash)?,
            };
            let revision_of = match lookup {
                Lookup::Duplicate { article } => {
                    report.added.push(Added {
                        story: store.story_of(&article)?,
                        id: article.clone(),
                        path,
                        outcome: Outcome::Duplicate { of: article },
                    });
                    continue;
                }
                Lookup::Revision { previous } => Some(previous),
                Lookup::New => None,
            };
            unique_id(store, &mut doc, &batch_ids)?;
            batch_ids.insert(doc.id.clone());
            batch_keys.insert(hash, doc.id.clone());
            if let Some(key) = url_key {
                batch_keys.insert(key, doc.id.clone());
            }
            pending.push((doc, revision_of));
            if pending.len() >= options.batch.max(1) || index + 1 == total {
                let step = std::mem::take(&mut pending);
                self.add_step(store, step, options, &run, &mut report, progress)?;
            }
        }
        if !pending.is_empty() {
            self.add_step(store, pending, options, &run, &mut report, progress)?;
        }
        Ok(report)
    }

    /// Annotates, groups and commits one batch.
    fn add_step(
        &self,
        store: &mut dyn Store,
        step: Vec<(Document, Option<String>)>,
        options: &AddOptions,
        encoder: &str,
        report: &mut AddReport,
        progress: &(dyn Fn(Progress) + Sync),
    ) -> Result<(), CorpusError> {
        let revision_of: HashMap<String, Option<String>> = step
            .iter()
            .map(|(doc, previous)| (doc.id.clone(), previous.clone()))
            .collect();
        let docs: Vec<Document> = step.into_iter().map(|(doc, _)| doc).collect();
        let mut timings = StepTimings::default();
        let mut clock = Instant::now();
        let docs = if options.annotated {
            docs
        } else {
            let (docs, failures) = self.annotate(docs);
            report.failures.extend(failures);
            docs
        };
        if docs.is_empty() {
            return Ok(());
        }
        timings.articles = docs.len();
        timings.annotate = lap(&mut clock);
        let cpu_at_start = process_cpu();
        progress(Progress::Step("finding candidate stories"));
        let new_sketches: Vec<Sketch> = docs.par_iter().map(Sketch::of).collect();
        let terms: Vec<Vec<(String, f32)>> = new_sketches.iter().map(Sketch::index_terms).collect();
        let mut candidate_stories: BTreeSet<String> = BTreeSet::new();
        // New revision id -> the story of the article it replaces.
        let mut previous_story: HashMap<String, String> = HashMap::new();
        for (doc, terms) in docs.iter().zip(&terms) {
            let query = CandidateQuery {
                terms,
                published: doc.meta.published.as_deref().and_then(published_seconds),
                window_days: options.window_days,
                max_terms: options.max_terms,
                max_postings: options.max_postings,
                limit: options.max_candidates,
            };
            // each story scored by its best candidate article; the best few kept
            let mut best: HashMap<String, f32> = HashMap::new();
            for candidate in store.candidates(&query)? {
                if let Some(story) = candidate.story {
                    let score = best.entry(story).or_insert(f32::MIN);
                    *score = score.max(candidate.score);
                }
            }
            let mut ranked: Vec<(String, f32)> = best.into_iter().collect();
            ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            candidate_stories.extend(
                ranked
                    .into_iter()
                    .take(options.max_stories.max(1))
                    .map(|(story, _)| story),
            );
            if let Some(Some(previous)) = revision_of.get(&doc.id) {
                if let Some(story) = store.story_of(previous)? {
                    candidate_stories.insert(story.clone());
                    previous_story.insert(doc.id.clone(), story);
                }
            }
        }
        timings.candidates = lap(&mut clock);
        timings.candidate_stories = candidate_stories.len();
        // The stored side of the regrouping: a recent sample of each candidate story.
        let superseded: HashSet<&str> = revision_of
            .values()
            .filter_map(|previous| previous.as_deref())
            .collect();
        let mut members_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut sampled: Vec<String> = Vec::new();
        for story in &candidate_stories {
            let members: Vec<String> = store
                .members(story)?
                .into_iter()
                .filter(|id| !superseded.contains(id.as_str()))
                .collect();
            let start = members.len().saturating_sub(options.sample_members);
            sampled.extend(members[start..].iter().cloned());
            members_of.insert(story.clone(), members);
        }
        // Their stored sketches; an article stored without one is sketched from its document.
        let mut stored_sketches: HashMap<String, Sketch> = store
            .sketches(&sampled)?
            .into_iter()
            .filter_map(|(id, bytes)| Some((id, Sketch::from_bytes(&bytes)?)))
            .collect();
        let unsketched: Vec<String> = sampled
            .iter()
            .filter(|id| !stored_sketches.contains_key(*id))
            .cloned()
            .collect();
        let mut loaded: HashMap<String, Document> = store
            .documents(&unsketched)?
            .into_iter()
            .map(|doc| (doc.id.clone(), doc))
            .collect();
        let mut sketches: Vec<Sketch> = sampled
            .iter()
            .filter_map(|id| match loaded.get(id) {
                Some(doc) => Some(Sketch::of(doc)),
                None => stored_sketches.remove(id),
            })
            .collect();
        drop(stored_sketches);
        timings.regrouped = sketches.len();
        timings.load = lap(&mut clock);
        let stored_story: HashMap<String, String> = members_of
            .iter()
            .flat_map(|(story, ids)| ids.iter().map(move |id| (id.clone(), story.clone())))
            .collect();
        // Stored articles first, then the new ones in input order: into an empty corpus this
        // is exactly the batch `analyze` groups.
        let old_count = sketches.len();
        sketches.extend(new_sketches);
        progress(Progress::Step("grouping articles into stories"));
        // Terms weigh and vectors centre as over the whole corpus, not over this sample.
        let background = background(store, &sketches[..old_count], &terms)?;
        let clustering = Clustering::new(&sketches, self.group_options(), Some(&background));
        let shells: Vec<Story> = clustering
            .clusters()
            .iter()
            .map(|members| Story {
                articles: members.iter().map(|&i| sketches[i].id.clone()).collect(),
                ..Story::default()
            })
            .collect();
        let index_of: HashMap<&str, usize> = sketches
            .iter()
            .enumerate()
            .map(|(i, sketch)| (sketch.id.as_str(), i))
            .collect();
        let components = components(&shells, &index_of, &stored_story);

        // Which story each group of new articles goes to, with all its members.
        let mut next_number = store.last_story_number()?;
        let mut redirects: Vec<(String, String)> = Vec::new();
        let mut story_of_new: HashMap<String, String> = HashMap::new();
        let mut plans: Vec<Plan> = Vec::new();
        for (component, continues) in components {
            let new_members: Vec<usize> = component
                .iter()
                .flat_map(|&c| clustering.clusters()[c].iter().copied())
                .filter(|&i| i >= old_count)
                .collect();
            if new_members.is_empty() {
                continue;
            }
            let mut existing: Vec<String> = continues
                .into_iter()
                .chain(
                    // A revision keeps the story of the article it replaces when that was
                    // the story's only member.
                    new_members
                        .iter()
                        .filter_map(|&i| previous_story.get(&sketches[i].id))
                        .filter(|story| members_of.get(*story).is_some_and(Vec::is_empty))
                        .cloned(),
                )
                .collect::<BTreeSet<String>>()
                .into_iter()
                .collect();
            existing.sort_by_key(|id| story_number(id));
            let id = match existing.first() {
                Some(first) => first.clone(),
                None => {
                    next_number += 1;
                    format!("s{next_number}")
                }
            };
            for other in existing.iter().skip(1) {
                redirects.push((other.clone(), id.clone()));
                report.merged.push((other.clone(), id.clone()));
            }
            if existing.is_empty() {
                report.new_stories.push(id.clone());
            } else {
                report.updated_stories.push(id.clone());
            }
            // Every member: all stored members of the stories involved, then the new ones.
            let mut member_ids: Vec<String> = existing
                .iter()
                .flat_map(|story| members_of.get(story).cloned().unwrap_or_default())
                .collect();
            let mut new_sorted = new_members.clone();
            new_sorted.sort_unstable();
            member_ids.extend(new_sorted.iter().map(|&i| sketches[i].id.clone()));
            for &i in &new_members {
                story_of_new.insert(sketches[i].id.clone(), id.clone());
            }
            plans.push(Plan {
                id,
                component,
                new_members,
                member_ids,
            });
        }
        // A story that lost an article to a revision now elsewhere is recomputed without it.
        let touched: BTreeSet<&String> = plans
            .iter()
            .map(|plan| &plan.id)
            .chain(redirects.iter().map(|(from, _)| from))
            .collect();
        let left: Vec<String> = previous_story
            .values()
            .filter(|story| !touched.contains(story))
            .filter(|story| members_of.get(*story).is_some_and(|ids| !ids.is_empty()))
            .cloned()
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        timings.group = lap(&mut clock);

        // First commit: the articles and where they went. Stored stories keep their last
        // report (its claims and brief not yet recomputed), marked pending.
        let mut provisional: Vec<StoryUpdate> = plans
            .iter()
            .map(|plan| Engine::provisional(plan, &sketches, &index_of))
            .collect();
        for story_id in &left {
            let ids = members_of.get(story_id).cloned().unwrap_or_default();
            provisional.push(Engine::provisional(
                &Plan {
                    id: story_id.clone(),
                    component: Vec::new(),
                    new_members: Vec::new(),
                    member_ids: ids,
                },
                &sketches,
                &index_of,
            ));
        }
        let articles: Vec<NewArticle<'_>> = docs
            .iter()
            .zip(terms)
            .zip(&sketches[old_count..])
            .map(|((doc, terms), sketch)| NewArticle {
                doc,
                url_key: doc.meta.url.as_deref().map(normalise_url),
                content_hash: content_hash(&doc.raw),
                revision_of: revision_of.get(&doc.id).cloned().flatten(),
                terms,
                vector: sketch.vector.clone(),
                sketch: sketch.to_bytes(),
            })
            .collect();
        store.commit(&Batch {
            articles,
            stories: provisional,
            redirects,
            encoder: Some(encoder.to_string()),
        })?;
        timings.commit = lap(&mut clock);
        timings.assignment_cpu = process_cpu().saturating_sub(cpu_at_start);
        for doc in &docs {
            let outcome = match revision_of.get(&doc.id).cloned().flatten() {
                Some(previous) => Outcome::Revision { previous },
                None => Outcome::New,
            };
            report.added.push(Added {
                id: doc.id.clone(),
                path: doc.meta.path.clone().unwrap_or_else(|| doc.id.clone()),
                outcome,
                story: story_of_new.get(&doc.id).cloned(),
            });
        }

        // Second commit: the changed stories' rewrites, membership evidence, claims and
        // brief, from their members' documents.
        progress(Progress::Step("aligning claims"));
        let wanted: Vec<bool> = clustering
            .clusters()
            .iter()
            .map(|members| members.iter().any(|&i| i >= old_count))
            .collect();
        let new_ids: HashMap<&str, usize> = docs
            .iter()
            .enumerate()
            .map(|(k, doc)| (doc.id.as_str(), k))
            .collect();
        let unread: Vec<String> = plans
            .iter()
            .flat_map(|plan| plan.member_ids.iter())
            .chain(
                left.iter()
                    .flat_map(|story| members_of.get(story).into_iter().flatten()),
            )
            .chain(
                clustering
                    .clusters()
                    .iter()
                    .zip(&wanted)
                    .filter(|(_, &wanted)| wanted)
                    .flat_map(|(members, _)| members.iter())
                    .filter(|&&i| i < old_count)
                    .map(|&i| &sketches[i].id),
            )
            .filter(|id| !new_ids.contains_key(id.as_str()) && !loaded.contains_key(*id))
            .cloned()
            .collect::<BTreeSet<String>>()
            .into_iter()
            .collect();
        for doc in store.documents(&unread)? {
            loaded.insert(doc.id.clone(), doc);
        }
        let grouping = {
            let doc_at = |i: usize| -> Option<&Document> {
                match i.checked_sub(old_count) {
                    Some(k) => docs.get(k),
                    None => loaded.get(&sketches[i].id),
                }
            };
            clustering.grouping(&doc_at, &|s| wanted.get(s).copied().unwrap_or(false))
        };
        drop(clustering);
        let doc_of = |id: &str| -> Option<&Document> {
            new_ids
                .get(id)
                .map(|&k| &docs[k])
                .or_else(|| loaded.get(id))
        };
        let mut updates: Vec<StoryUpdate> = Vec::new();
        for plan in &plans {
            let member_docs: Vec<&Document> =
                plan.member_ids.iter().filter_map(|id| doc_of(id)).collect();
            let single = (plan.component.len() == 1)
                .then(|| &grouping.stories[plan.component[0]])
                .filter(|story| {
                    // exactly this story's members: none of another story's among them
                    story.articles.len() == member_docs.len()
                        && member_docs
                            .iter()
                            .all(|doc| story.articles.contains(&doc.id))
                });
            updates.push(match single {
                Some(found) => {
                    let derived = grouping
                        .derived_from
                        .iter()
                        .filter(|(article, _)| found.articles.contains(article))
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect();
                    let story = in_order(found, &plan.member_ids);
                    self.finished(&plan.id, story, derived, &member_docs)
                }
                None => self.recomputed(&plan.id, &member_docs),
            });
        }
        for story_id in left {
            let ids = members_of.get(&story_id).cloned().unwrap_or_default();
            let member_docs: Vec<&Document> = ids.iter().filter_map(|id| doc_of(id)).collect();
            updates.push(self.recomputed(&story_id, &member_docs));
            report.updated_stories.push(story_id);
        }
        store.commit(&Batch {
            stories: updates,
            ..Batch::default()
        })?;
        store.settle()?;
        timings.refresh = lap(&mut clock);
        report.timings.push(timings);
        Ok(())
    }
}

/// CPU time the process has used so far (user and system); zero where unknown.
fn process_cpu() -> Duration {
    #[cfg(unix)]
    {
        let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
        // SAFETY: getrusage writes a `rusage` into the pointer it is given; on failure it
        // writes nothing and the zeroed value is read.
        let usage = unsafe {
            libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
            usage.assume_init()
        };
        let time = |t: libc::timeval| {
            Duration::from_secs(t.tv_sec.max(0) as u64)
                + Duration::from_micros(t.tv_usec.max(0) as u64)
        };
        time(usage.ru_utime) + time(usage.ru_stime)
    }
    #[cfg(not(unix))]
    {
        Duration::ZERO
    }
}

/// The time since `clock`, which restarts.
fn lap(clock: &mut Instant) -> Duration {
    let now = Instant::now();
    let elapsed = now - *clock;
    *clock = now;
    elapsed
}

fn story_number(id: &str) -> u64 {
    id.strip_prefix('s')
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// An id not yet used in the corpus or this add: the reader's id, then `-2`, `-3`, ...
fn unique_id(
    store: &dyn Store,
    doc: &mut Document,
    batch: &HashSet<String>,
) -> Result<(), StoreError> {
    let taken = |id: &str| -> Result<bool, StoreError> {
        Ok(batch.contains(id) || store.has_article_id(id)?)
    };
    if !taken(&doc.id)? {
        return Ok(());
    }
    let mut n = 2;
    loop {
        let candidate = format!("{}-{n}", doc.id);
        if !taken(&candidate)? {
            doc.id = candidate;
            return Ok(());
        }
        n += 1;
    }
}
