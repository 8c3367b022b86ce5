//! Grouping articles into stories: pairwise similarity (TF-IDF over stemmed content words with
//! names, entities and figures weighted up; document vectors when present; publication time),
//! near-duplicates forced together, then average-link agglomerative clustering with a
//! threshold. Junk-like documents join a story only on strong evidence and never chain.

use std::collections::{BTreeMap, BinaryHeap, HashMap};

use corroborate_core::{DerivedFrom, Document, Story};
use rayon::prelude::*;

use crate::align::dot;
use crate::dedup::{derived_from, is_near_duplicate, overlap, NearPair};
use crate::explain::describe;
use crate::profile::{profiles_in, sparse_cosine, Background, Profile, Sketch, Vocabulary};
use crate::rewrite::{compare, sentences};

/// Settings of [`group`]. The defaults were tuned on Multi-News (see the crate docs).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupOptions {
    /// Average-link similarity at which two groups merge.
    pub threshold: f32,
    /// Average-link similarity a junk-like document (very short, page furniture) needs to
    /// join a story.
    pub junk_threshold: f32,
    /// Jaccard of word 5-gram shingles from which two articles count as near-duplicates.
    pub near_duplicate: f32,
    /// Weight of the document-vector cosine (mean sentence vector, centred on the corpus
    /// mean) when both have vectors from a neural encoder. 0.1 was best in a sweep on the
    /// multi-news validation set (B³ 0.905; 0.3 over-merged, B³ 0.864).
    pub vector_weight: f32,
    /// The same for lexical fallback vectors, which mostly repeat what TF-IDF already says.
    pub lexical_vector_weight: f32,
    /// True when the vectors come from a neural encoder (their cosines run higher).
    pub neural: bool,
    /// Publication distance (days, beyond two) at which similarity is halved.
    pub time_scale_days: f32,
    /// The vectors place translations together (a multilingual encoder): two articles in
    /// different languages share few words beyond names and figures, so their vectors weigh
    /// `crosslingual_vector_weight` instead of `vector_weight`.
    pub crosslingual: bool,
    /// The vectors' weight for two articles in different languages, when `crosslingual`.
    pub crosslingual_vector_weight: f32,
}

impl Default for GroupOptions {
    fn default() -> GroupOptions {
        GroupOptions {
            threshold: 0.18,
            junk_threshold: 0.45,
            near_duplicate: 0.5,
            vector_weight: 0.1,
            lexical_vector_weight: 0.05,
            neural: false,
            time_scale_days: 7.0,
            crosslingual: false,
            crosslingual_vector_weight: 0.5,
        }
    }
}

/// Stories found in a set of articles, and which articles are rewrites of which.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grouping {
    /// Ordered by size (largest first), then first appearance; ids `s1`, `s2`, ...
    pub stories: Vec<Story>,
    /// Article id -> its likely original, for near-duplicates in the same story.
    pub derived_from: BTreeMap<String, DerivedFrom>,
}

/// Similarity of two profiles in 0..1.
pub(crate) fn similarity(a: &Profile, b: &Profile, opts: &GroupOptions) -> f32 {
    combine(sparse_cosine(&a.terms, &b.terms), a, b, opts)
}

/// The TF-IDF cosine combined with the vector cosine and publication distance.
fn combine(lexical: f32, a: &Profile, b: &Profile, opts: &GroupOptions) -> f32 {
    let mut sim = lexical;
    if let (Some(va), Some(vb)) = (&a.vector, &b.vector) {
        let base = if a.centred && b.centred {
            0.0
        } else if opts.neural {
            0.35
        } else {
            0.2
        };
        let adjusted = ((dot(va, vb) - base) / (1.0 - base)).clamp(0.0, 1.0);
        let languages_differ =
            !a.language.is_empty() && !b.language.is_empty() && a.language != b.language;
        let weight = if opts.neural && opts.crosslingual && languages_differ {
            opts.crosslingual_vector_weight
        } else if opts.neural {
            opts.vector_weight
        } else {
            opts.lexical_vector_weight
        };
        sim = (1.0 - weight) * sim + weight * adjusted;
    }
    if let (Some(ta), Some(tb)) = (a.published, b.published) {
        let days = (ta - tb).abs() as f32 / 86_400.0;
        if days > 2.0 && opts.time_scale_days > 0.0 {
            sim /= 1.0 + (days - 2.0) / opts.time_scale_days;
        }
    }
    sim.clamp(0.0, 1.0)
}

/// Fewest documents with vectors for centering them.
const CENTER_MIN: usize = 10;

/// Subtracts the mean document vector and renormalises: mean sentence vectors of any two news
/// articles share a common direction that says nothing about their story. Marks the profiles
/// as centred so their cosine needs no baseline. With a `background`, the mean is the
/// corpus' (its stored vectors and the new articles').
fn center_vectors(profiles: &mut [Profile], background: Option<&Background>) {
    let with: Vec<usize> = (0..profiles.len())
        .filter(|&i| profiles[i].vector.is_some())
        .collect();
    let Some(&first) = with.first() else {
        return;
    };
    let dim = profiles[first].vector.as_ref().map_or(0, Vec::len);
    let (counted, stored_count, stored_sum) = match background {
        Some(b) if b.vector_sum.len() == dim => (b.counted, b.vectors, Some(&b.vector_sum)),
        _ => (0, 0, None),
    };
    let new: Vec<&Vec<f32>> = with
        .iter()
        .filter(|&&i| i >= counted)
        .filter_map(|&i| profiles[i].vector.as_ref().filter(|v| v.len() == dim))
        .collect();
    let count = stored_count + new.len();
    if count < CENTER_MIN {
        return;
    }
    // each term divided before adding, as the mean was always summed
    let mut mean: Vec<f32> = match stored_sum {
        Some(sum) => sum.iter().map(|x| x / count as f32).collect(),
        None => vec![0.0f32; dim],
    };
    for v in new {
        for (m, x) in mean.iter_mut().zip(v) {
            *m += x / count as f32;
        }
    }
    for &i in &with {
        let Some(v) = profiles[i].vector.as_mut().filter(|v| v.len() == dim) else {
            continue;
        };
        for (x, m) in v.iter_mut().zip(&mean) {
            *x -= m;
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        profiles[i].centred = true;
    }
}

/// Groups articles about the same story. Every article lands in exactly one story.
pub fn group(docs: &[Document], opts: &GroupOptions) -> Grouping {
    group_in(docs, opts, None)
}

/// [`group`] for articles taken from a larger corpus (a sample of stored ones and new ones):
/// terms weigh and vectors centre as over the whole corpus `background` describes.
pub fn group_in(
    docs: &[Document],
    opts: &GroupOptions,
    background: Option<&Background>,
) -> Grouping {
    let sketches: Vec<Sketch> = docs.par_iter().map(Sketch::of).collect();
    Clustering::new(&sketches, opts, background).grouping(&|i| docs.get(i), &|_| true)
}

/// The first half of grouping, on [`Sketch`]es alone: which articles form which story. The
/// second half ([`Clustering::grouping`]) explains membership and finds rewrites, and needs
/// documents only for the stories asked for, so a corpus regroups stored articles from their
/// stored sketches and reads the documents of the stories that change.
pub struct Clustering<'a> {
    sketches: &'a [Sketch],
    opts: GroupOptions,
    profiles: Vec<Profile>,
    vocabulary: Vocabulary,
    sims: Vec<HashMap<usize, f32>>,
    /// Near-duplicate pairs.
    near: Vec<NearPair>,
    /// Sorted members, largest cluster first, then first appearance.
    clusters: Vec<Vec<usize>>,
}

impl<'a> Clustering<'a> {
    /// Clusters sketched articles (see [`group_in`]).
    pub fn new(
        sketches: &'a [Sketch],
        opts: &GroupOptions,
        background: Option<&Background>,
    ) -> Clustering<'a> {
        let (mut profiles, vocabulary) = profiles_in(sketches, background);
        center_vectors(&mut profiles, background);
        let n = sketches.len();
        // Each row scatters its terms into a dense array once, then dots with every later doc.
        let vocabulary_size = vocabulary.surface.len();
        let rows: Vec<Vec<(usize, f32, bool)>> = (0..n)
            .into_par_iter()
            .map(|i| {
                let mut dense = vec![0.0f32; vocabulary_size];
                for &(term, weight) in &profiles[i].terms {
                    dense[term as usize] = weight;
                }
                let mut row = Vec::new();
                for j in i + 1..n {
                    let lexical: f32 = profiles[j]
                        .terms
                        .iter()
                        .map(|&(term, weight)| dense[term as usize] * weight)
                        .sum();
                    let mut sim = combine(lexical, &profiles[i], &profiles[j], opts);
                    let mut near = false;
                    if sim >= 0.3 && !profiles[i].junk && !profiles[j].junk {
                        let (a, b) = (&sketches[i].shingles, &sketches[j].shingles);
                        let (jaccard, containment) = overlap(a, b);
                        let smaller = a.len().min(b.len());
                        if is_near_duplicate(jaccard, containment, smaller, opts.near_duplicate) {
                            near = true;
                            sim = sim.max(0.95);
                        }
                    }
                    if sim > 0.02 {
                        row.push((j, sim, near));
                    }
                }
                row
            })
            .collect();
        let mut sims: Vec<HashMap<usize, f32>> = vec![HashMap::new(); n];
        let mut near = Vec::new();
        for (i, row) in rows.into_iter().enumerate() {
            for (j, sim, is_near) in row {
                sims[i].insert(j, sim);
                sims[j].insert(i, sim);
                if is_near {
                    near.push(NearPair {
                        a: i,
                        b: j,
                        retelling: None,
                    });
                }
            }
        }
        let junk: Vec<bool> = profiles.iter().map(|p| p.junk).collect();
        let clusters = average_link(&sims, &junk, opts);
        let mut clusters: Vec<Vec<usize>> =
            clusters.into_iter().filter(|c| !c.is_empty()).collect();
        for cluster in &mut clusters {
            cluster.sort_unstable();
        }
        clusters.sort_by(|a, b| b.len().cmp(&a.len()).then(a[0].cmp(&b[0])));
        Clustering {
            sketches,
            opts: opts.clone(),
            profiles,
            vocabulary,
            sims,
            near,
            clusters,
        }
    }

    /// The articles (indexes into the sketches) of each story, largest first.
    pub fn clusters(&self) -> &[Vec<usize>] {
        &self.clusters
    }

    /// The stories, in [`Clustering::clusters`] order. Those `wanted` (by cluster index) get
    /// their title, membership evidence and rewrites, for which `docs` gives the document of
    /// each of their articles (by index; an article it lacks is not compared sentence by
    /// sentence); the others only their articles.
    pub fn grouping<'d>(
        &self,
        docs: &(dyn Fn(usize) -> Option<&'d Document> + Sync),
        wanted: &dyn Fn(usize) -> bool,
    ) -> Grouping {
        let n = self.sketches.len();
        let wanted: Vec<bool> = (0..self.clusters.len()).map(wanted).collect();
        let mut story_of = vec![0usize; n];
        for (s, cluster) in self.clusters.iter().enumerate() {
            for &d in cluster {
                story_of[d] = s;
            }
        }
        let mut same_story: Vec<NearPair> = self
            .near
            .iter()
            .filter(|p| story_of[p.a] == story_of[p.b] && wanted[story_of[p.a]])
            .copied()
            .collect();
        let clusters: Vec<&Vec<usize>> = self
            .clusters
            .iter()
            .enumerate()
            .filter(|(s, _)| wanted[*s])
            .map(|(_, c)| c)
            .collect();
        same_story.extend(reworded(
            docs,
            &self.profiles,
            &clusters,
            &self.sims,
            &same_story,
            &self.opts,
        ));
        let ids: Vec<&str> = self.sketches.iter().map(|s| s.id.as_str()).collect();
        let shingle_sets: Vec<&[u64]> = self
            .sketches
            .iter()
            .map(|s| s.shingles.as_slice())
            .collect();
        let derived = derived_from(
            &ids,
            &self.profiles,
            &shingle_sets,
            &same_story,
            self.opts.near_duplicate,
        );
        let stories = self
            .clusters
            .iter()
            .enumerate()
            .map(|(s, members)| {
                let articles = members.iter().map(|&d| ids[d].to_string()).collect();
                if !wanted[s] {
                    return Story {
                        id: format!("s{}", s + 1),
                        articles,
                        ..Story::default()
                    };
                }
                let membership =
                    describe(members, &self.profiles, &self.sims, &self.vocabulary, &ids);
                let central = membership
                    .iter()
                    .enumerate()
                    .max_by(|a, b| {
                        a.1.similarity
                            .total_cmp(&b.1.similarity)
                            .then(b.0.cmp(&a.0))
                    })
                    .map_or(members[0], |(k, _)| members[k]);
                Story {
                    id: format!("s{}", s + 1),
                    title: self.sketches[central].title.clone(),
                    articles,
                    membership,
                    ..Story::default()
                }
            })
            .collect();
        Grouping {
            stories,
            derived_from: derived,
        }
    }
}

/// Story similarity below which two articles are not compared sentence by sentence.
const REWRITE_CANDIDATE: f32 = 0.25;

/// Reworded rewrites within each story: pairs (not already near-duplicates) whose sentences
/// one retells the other's, in order.
fn reworded<'d>(
    docs: &(dyn Fn(usize) -> Option<&'d Document> + Sync),
    profiles: &[Profile],
    clusters: &[&Vec<usize>],
    sims: &[HashMap<usize, f32>],
    near: &[NearPair],
    opts: &GroupOptions,
) -> Vec<NearPair> {
    let candidates: Vec<(usize, usize)> = clusters
        .iter()
        .flat_map(|members| {
            members
                .iter()
                .enumerate()
                .flat_map(move |(k, &a)| members[k + 1..].iter().map(move |&b| (a, b)))
        })
        .filter(|&(a, b)| !profiles[a].junk && !profiles[b].junk)
        .filter(|&(a, b)| sims[a].get(&b).is_some_and(|&s| s >= REWRITE_CANDIDATE))
        .filter(|&(a, b)| {
            !near
                .iter()
                .any(|p| (p.a, p.b) == (a, b) || (p.b, p.a) == (a, b))
        })
        .collect();
    let mut involved: Vec<usize> = candidates.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let read: HashMap<usize, _> = involved
        .par_iter()
        .filter_map(|&d| Some((d, sentences(docs(d)?))))
        .collect();
    candidates
        .par_iter()
        .filter_map(|&(a, b)| {
            let retelling = compare(read.get(&a)?, read.get(&b)?, opts.neural);
            retelling.is_rewrite().then_some(NearPair {
                a,
                b,
                retelling: Some(retelling),
            })
        })
        .collect()
}

#[derive(PartialEq)]
struct Candidate {
    linkage: f32,
    a: usize,
    b: usize,
    version_a: u32,
    version_b: u32,
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.linkage
            .total_cmp(&other.linkage)
            .then(other.a.cmp(&self.a))
            .then(other.b.cmp(&self.b))
    }
}

/// Average-link agglomerative clustering over a sparse similarity graph (missing pairs are 0).
/// A group made only of junk-like documents never merges with another such group, and joins a
/// real story only above `junk_threshold`.
fn average_link(
    sims: &[HashMap<usize, f32>],
    junk: &[bool],
    opts: &GroupOptions,
) -> Vec<Vec<usize>> {
    let n = sims.len();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    let mut all_junk: Vec<bool> = junk.to_vec();
    let mut sums: Vec<HashMap<usize, f32>> = sims.to_vec();
    let mut version = vec![0u32; n];
    let mut alive = vec![true; n];
    let linkage = |sum: f32, a: usize, b: usize, members: &[Vec<usize>]| {
        sum / (members[a].len() * members[b].len()) as f32
    };
    let threshold_for = |a: bool, b: bool| -> Option<f32> {
        match (a, b) {
            (true, true) => None,
            (false, false) => Some(opts.threshold),
            _ => Some(opts.junk_threshold.max(opts.threshold)),
        }
    };
    let mut heap = BinaryHeap::new();
    for (a, row) in sums.iter().enumerate() {
        for (&b, &sum) in row {
            if a < b {
                heap.push(Candidate {
                    linkage: sum,
                    a,
                    b,
                    version_a: 0,
                    version_b: 0,
                });
            }
        }
    }
    while let Some(candidate) = heap.pop() {
        let (a, b) = (candidate.a, candidate.b);
        if !alive[a]
            || !alive[b]
            || version[a] != candidate.version_a
            || version[b] != candidate.version_b
        {
            continue;
        }
        let Some(needed) = threshold_for(all_junk[a], all_junk[b]) else {
            continue;
        };
        if candidate.linkage < needed {
            // Linkages only fall as groups grow, but other candidates may still pass a lower
            // bar; junk pairs carry a higher bar, so keep looking.
            if candidate.linkage < opts.threshold {
                break;
            }
            continue;
        }
        // Merge b into a.
        let moved = std::mem::take(&mut members[b]);
        members[a].extend(moved);
        all_junk[a] = all_junk[a] && all_junk[b];
        alive[b] = false;
        version[a] += 1;
        let row_b = std::mem::take(&mut sums[b]);
        for (c, sum) in row_b {
            if c == a {
                continue;
            }
            *sums[a].entry(c).or_default() += sum;
            sums[c].remove(&b);
        }
        sums[a].remove(&b);
        let row_a: Vec<(usize, f32)> = sums[a].iter().map(|(&c, &s)| (c, s)).collect();
        for (c, sum) in row_a {
            sums[c].insert(a, sum);
            let (x, y) = if a < c { (a, c) } else { (c, a) };
            heap.push(Candidate {
                linkage: linkage(sum, a, c, &members),
                a: x,
                b: y,
                version_a: version[x],
                version_b: version[y],
            });
        }
    }
    (0..n)
        .filter(|&i| alive[i])
        .map(|i| std::mem::take(&mut members[i]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::profiles;

    const BRIDGE: &str = "The city council voted on Tuesday to close the old Elm Street bridge over the river after engineers found deep cracks in two of its steel supports. Repairs are expected to cost about four million dollars and take most of the summer, the mayor said.";
    const WIDGET: &str = "Tweet with a location. You can add location information to your Tweets, such as your city or precise location, from the web and via third-party applications.";

    #[test]
    fn junk_documents_never_chain() {
        let docs = vec![
            Document::from_text("w1", WIDGET),
            Document::from_text("w2", WIDGET),
            Document::from_text("b1", BRIDGE),
        ];
        let grouping = group(&docs, &GroupOptions::default());
        assert_eq!(grouping.stories.len(), 3);
        assert!(grouping.derived_from.is_empty());
        assert_eq!(grouping.stories[0].articles, vec!["w1"]);
        assert_eq!(grouping.stories[2].id, "s3");
    }

    #[test]
    fn publication_distance_lowers_similarity() {
        let mut a = Document::from_text("a", BRIDGE);
        let mut b = Document::from_text("b", &BRIDGE.replace("Tuesday", "Monday"));
        let (profiles_now, _) = profiles([&a, &b]);
        let near = similarity(&profiles_now[0], &profiles_now[1], &GroupOptions::default());
        a.meta.published = Some("2025-01-01".into());
        b.meta.published = Some("2025-03-01".into());
        let (profiles_apart, _) = profiles([&a, &b]);
        let apart = similarity(
            &profiles_apart[0],
            &profiles_apart[1],
            &GroupOptions::default(),
        );
        assert!(apart < near / 4.0, "{apart} vs {near}");
    }

    #[test]
    fn vectors_weigh_more_between_languages_with_a_multilingual_encoder() {
        let english = "The city council voted on Tuesday to close the old bridge over the river after engineers found deep cracks in its steel supports.";
        let german = "Der Stadtrat stimmte am Dienstag dafür, die alte Brücke über den Fluss zu schließen, nachdem Ingenieure tiefe Risse in ihren Stahlträgern gefunden hatten.";
        let mut a = Document::from_text("en", english);
        let mut b = Document::from_text("de", german);
        a.meta.language = Some("en".into());
        b.meta.language = Some("de".into());
        // translations: nearly the same sentence vector
        a.layers.vectors = Some(vec![vec![0.8, 0.6, 0.0]]);
        b.layers.vectors = Some(vec![vec![0.78, 0.62, 0.05]]);
        let (pair, _) = profiles([&a, &b]);
        let neural = GroupOptions {
            neural: true,
            ..GroupOptions::default()
        };
        let multilingual = GroupOptions {
            crosslingual: true,
            ..neural.clone()
        };
        let apart = similarity(&pair[0], &pair[1], &neural);
        let together = similarity(&pair[0], &pair[1], &multilingual);
        assert!(apart < neural.threshold, "{apart}");
        assert!(together > multilingual.threshold, "{together}");
        // the same language: the vectors keep their usual weight
        b.meta.language = Some("en".into());
        let (same, _) = profiles([&a, &b]);
        assert_eq!(
            similarity(&same[0], &same[1], &multilingual),
            similarity(&same[0], &same[1], &neural)
        );
    }

    #[test]
    fn stories_are_ordered_by_size_then_first_appearance() {
        let docs = vec![
            Document::from_text("x", "Heavy rain flooded the market square in the old town and shops closed early on Monday evening while firefighters pumped water from cellars."),
            Document::from_text("b1", BRIDGE),
            Document::from_text("b2", &BRIDGE.replace("deep cracks", "cracks")),
        ];
        let grouping = group(&docs, &GroupOptions::default());
        assert_eq!(grouping.stories.len(), 2);
        assert_eq!(grouping.stories[0].articles, vec!["b1", "b2"]);
        assert_eq!(grouping.stories[1].articles, vec!["x"]);
        let derived = &grouping.derived_from["b2"];
        assert_eq!(derived.article, "b1");
        assert!(derived.evidence.contains("Jaccard of 5-word shingles"));
    }

    #[test]
    fn a_background_centres_vectors_on_the_corpus_mean() {
        let docs: Vec<Document> = (0..3)
            .map(|i| Document::from_text(format!("d{i}"), "A short text."))
            .collect();
        let sketches: Vec<Sketch> = docs.iter().map(Sketch::of).collect();
        let (mut profiles, _) = profiles_in(&sketches, None);
        for (i, p) in profiles.iter_mut().enumerate() {
            p.vector = Some(vec![1.0, i as f32]);
        }
        let mut alone = profiles.clone();
        center_vectors(&mut alone, None);
        assert!(alone.iter().all(|p| !p.centred), "too few to centre alone");
        // a corpus of 20 documents whose vectors sum to (0, 20), the first of ours among them
        let background = Background {
            vectors: 20,
            vector_sum: vec![0.0, 20.0],
            counted: 1,
            ..Background::default()
        };
        center_vectors(&mut profiles, Some(&background));
        // mean = ((0, 20) + (1, 1) + (1, 2)) / 22; every vector centred on it, normalised
        let mean = [2.0 / 22.0, 23.0 / 22.0];
        for (i, p) in profiles.iter().enumerate() {
            assert!(p.centred);
            let v = p.vector.as_ref().expect("vector");
            let raw = [1.0 - mean[0], i as f32 - mean[1]];
            let norm = (raw[0] * raw[0] + raw[1] * raw[1]).sqrt();
            assert!((v[0] - raw[0] / norm).abs() < 1e-5 && (v[1] - raw[1] / norm).abs() < 1e-5);
        }
    }
}
