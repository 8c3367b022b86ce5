//! Grouping clauses into claims. First a partition: strongest pairs first, one clause per
//! article per claim, an average-link guard against drift, no merge across a contradiction,
//! then each claim takes in the clauses that fit it well from the articles it lacks. Then the
//! claim model ([`Scorer::share`]) has its say: every pair of clauses of different articles it
//! judges to share a fact and that no claim holds together yet becomes a claim, grown into a
//! clique of clauses it judges to share that fact pairwise (a sentence that states two facts
//! supports two claims; nothing chains through an intermediate). Last, claims that share a
//! clause and still hold together merge: an article that states a fact in two sentences
//! supports its claim with both, instead of making two claims that differ in that sentence.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use corroborate_core::ConflictKind;

use super::score::Scorer;
use super::units::Unit;

/// Lexical overlap from which two clauses of one article count as the same sentence repeated.
const NEAR_IDENTICAL: f32 = 0.9;

/// A contradiction between two clauses (indices into the units).
#[derive(Clone, Debug)]
pub(crate) struct UnitConflict {
    pub a: usize,
    pub b: usize,
    pub kind: ConflictKind,
    pub detail: String,
}

/// Groups of clause indices (each a claim), and the contradictions found.
pub(crate) fn cluster(
    units: &[Unit],
    eligible: &[usize],
    scorer: &Scorer,
) -> (Vec<Vec<usize>>, Vec<UnitConflict>) {
    let (mut groups, conflicts) = partition(units, eligible, scorer);
    if !scorer.opts.share {
        return (groups, conflicts);
    }
    let blocked: HashSet<(usize, usize)> = conflicts.iter().map(|c| (c.a, c.b)).collect();
    let key = |i: usize, j: usize| (i.min(j), i.max(j));
    let mut covered: HashSet<(usize, usize)> = HashSet::new();
    for group in &groups {
        for (x, &p) in group.iter().enumerate() {
            for &q in &group[x + 1..] {
                covered.insert(key(p, q));
            }
        }
    }
    // The pairs the claim model judges to share a fact.
    let threshold = scorer.share_threshold();
    let mut edges: Vec<(f32, usize, usize)> = Vec::new();
    let mut share: HashMap<(usize, usize), f32> = HashMap::new();
    let mut near: HashMap<(usize, usize), f32> = HashMap::new();
    let mut neighbours: HashMap<usize, Vec<usize>> = HashMap::new();
    for (x, &i) in eligible.iter().enumerate() {
        for &j in &eligible[x + 1..] {
            if units[i].article == units[j].article || blocked.contains(&(i, j)) {
                continue;
            }
            let p = scorer.share(units, i, j);
            if p >= threshold * MERGE_FLOOR {
                near.insert((i, j), p);
            }
            if p >= threshold {
                edges.push((p, i, j));
                share.insert((i, j), p);
                neighbours.entry(i).or_default().push(j);
                neighbours.entry(j).or_default().push(i);
            }
        }
    }
    edges.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let mut added: Vec<Vec<usize>> = Vec::new();
    for &(_, i, j) in &edges {
        if covered.contains(&(i, j)) {
            continue;
        }
        let mut members = vec![i, j];
        let mut pool: BTreeSet<usize> = neighbours[&i].iter().copied().collect();
        pool.extend(neighbours[&j].iter().copied());
        loop {
            // The clause of an article not yet in the claim that shares the fact best with
            // every member.
            let mut best: Option<(f32, usize)> = None;
            for &k in &pool {
                if members
                    .iter()
                    .any(|&m| units[m].article == units[k].article)
                {
                    continue;
                }
                let mut total = 0.0;
                let fits = members.iter().all(|&m| match share.get(&key(k, m)) {
                    Some(&p) => {
                        total += p;
                        true
                    }
                    None => false,
                });
                let fit = total / members.len() as f32;
                if fits && best.is_none_or(|(f, _)| fit > f) {
                    best = Some((fit, k));
                }
            }
            let Some((_, k)) = best else { break };
            members.push(k);
        }
        for (x, &p) in members.iter().enumerate() {
            for &q in &members[x + 1..] {
                covered.insert(key(p, q));
            }
        }
        members.sort_unstable();
        added.push(members);
    }
    // A clause on its own that an added claim takes in is no longer a claim of its own, and
    // an added claim grown later can hold an earlier one whole.
    let taken: HashSet<usize> = added.iter().flatten().copied().collect();
    groups.retain(|g| !(g.len() == 1 && taken.contains(&g[0])));
    let sets: Vec<BTreeSet<usize>> = added.iter().map(|g| g.iter().copied().collect()).collect();
    for (x, group) in added.into_iter().enumerate() {
        let held = sets
            .iter()
            .enumerate()
            .any(|(y, other)| y != x && other.len() > sets[x].len() && sets[x].is_subset(other));
        if !held {
            groups.push(group);
        }
    }
    merge_fragments(&mut groups, units, &near, threshold);
    groups.sort();
    (groups, conflicts)
}

/// Share of the threshold every pair of a merged claim must reach ([`merge_fragments`]).
const MERGE_FLOOR: f32 = 0.5;
/// Share of a merged claim's pairs that must have been judged to share the fact.
const MERGE_LINKED: f32 = 0.75;

/// A fact an article states in several sentences comes out of the cover as several claims
/// that differ in those sentences. Two claims that share a clause merge when the union still
/// holds together: every pair of clauses of different articles scores at least
/// [`MERGE_FLOOR`] of the threshold and [`MERGE_LINKED`] of them clear it.
fn merge_fragments(
    groups: &mut Vec<Vec<usize>>,
    units: &[Unit],
    near: &HashMap<(usize, usize), f32>,
    threshold: f32,
) {
    let holds = |union: &[usize]| {
        let (mut linked, mut total) = (0usize, 0usize);
        for (x, &p) in union.iter().enumerate() {
            for &q in &union[x + 1..] {
                if units[p].article == units[q].article {
                    continue;
                }
                total += 1;
                match near.get(&(p.min(q), p.max(q))) {
                    Some(&v) if v >= threshold => linked += 1,
                    Some(_) => {}
                    None => return false,
                }
            }
        }
        linked as f32 >= MERGE_LINKED * total as f32
    };
    let mut x = 0;
    while x < groups.len() {
        let mut y = x + 1;
        let mut merged = false;
        while y < groups.len() {
            if groups[x].len() > 1 && groups[x].iter().any(|m| groups[y].contains(m)) {
                let mut union: Vec<usize> = groups[x].iter().chain(&groups[y]).copied().collect();
                union.sort_unstable();
                union.dedup();
                if holds(&union) {
                    groups[x] = union;
                    groups.remove(y);
                    merged = true;
                    continue;
                }
            }
            y += 1;
        }
        if !merged {
            x += 1;
        }
    }
}

/// The claims of a partition of the clauses (each clause in one claim, then [`attach`]ed to
/// more), and the contradictions found.
fn partition(
    units: &[Unit],
    eligible: &[usize],
    scorer: &Scorer,
) -> (Vec<Vec<usize>>, Vec<UnitConflict>) {
    let threshold = scorer.threshold();
    let conflict_floor = threshold * scorer.opts.conflict_share;
    let link_floor = threshold * scorer.opts.linkage;
    let mut scores: HashMap<(usize, usize), f32> = HashMap::new();
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    let mut conflicts = Vec::new();
    for (x, &i) in eligible.iter().enumerate() {
        for &j in &eligible[x + 1..] {
            let (a, b) = (&units[i], &units[j]);
            if a.article == b.article && scorer.lexical(a, b) < NEAR_IDENTICAL {
                continue;
            }
            let score = scorer.score_at(units, i, j);
            if score < conflict_floor.min(link_floor) {
                continue;
            }
            scores.insert((i, j), score);
            if score >= conflict_floor && a.article != b.article {
                if let Some((kind, detail)) = scorer.conflict(a, b) {
                    conflicts.push(UnitConflict {
                        a: i,
                        b: j,
                        kind,
                        detail,
                    });
                    continue;
                }
            }
            if score >= threshold {
                candidates.push((score, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    let blocked: BTreeSet<(usize, usize)> = conflicts.iter().map(|c| (c.a, c.b)).collect();
    let mut cluster_of: HashMap<usize, usize> = eligible.iter().map(|&i| (i, i)).collect();
    let mut members: HashMap<usize, Vec<usize>> = eligible.iter().map(|&i| (i, vec![i])).collect();
    let score_of = |i: usize, j: usize| {
        let key = if i < j { (i, j) } else { (j, i) };
        scores.get(&key).copied().unwrap_or(0.0)
    };
    for (_, i, j) in candidates {
        let (ci, cj) = (cluster_of[&i], cluster_of[&j]);
        if ci == cj {
            continue;
        }
        let (mi, mj) = (&members[&ci], &members[&cj]);
        let same_article = mi.iter().any(|&p| {
            mj.iter().any(|&q| {
                units[p].article == units[q].article
                    && scorer.lexical(&units[p], &units[q]) < NEAR_IDENTICAL
            })
        });
        if same_article {
            continue;
        }
        let contradicts = mi
            .iter()
            .any(|&p| mj.iter().any(|&q| blocked.contains(&(p.min(q), p.max(q)))));
        if contradicts {
            continue;
        }
        let total: f32 = mi
            .iter()
            .flat_map(|&p| mj.iter().map(move |&q| (p, q)))
            .map(|(p, q)| score_of(p, q))
            .sum();
        if total / ((mi.len() * mj.len()) as f32) < link_floor {
            continue;
        }
        let moved = members.remove(&cj).unwrap_or_default();
        for &m in &moved {
            cluster_of.insert(m, ci);
        }
        if let Some(target) = members.get_mut(&ci) {
            target.extend(moved);
        }
    }
    let mut groups: Vec<Vec<usize>> = members.into_values().collect();
    refine(&mut groups, units, scorer, &blocked);
    attach(&mut groups, units, scorer, &blocked);
    for group in &mut groups {
        group.sort_unstable();
    }
    groups.sort();
    (groups, conflicts)
}

/// Lets a clause support more than one claim: a sentence often states two facts, and the
/// partition gives each clause one claim only. After it, each claim takes in, from each article it
/// lacks, the best fitting clause whose average score to the claim's members clears the threshold by the
/// margin [`AlignOptions::attach`] sets; a clause left on its own that joins a claim this way
/// is no longer a claim of its own. Clauses never join across a contradiction.
///
/// [`AlignOptions::attach`]: super::AlignOptions::attach
fn attach(
    groups: &mut Vec<Vec<usize>>,
    units: &[Unit],
    scorer: &Scorer,
    blocked: &BTreeSet<(usize, usize)>,
) {
    let bar = scorer.threshold() * scorer.opts.attach;
    let candidates: Vec<usize> = groups.iter().flatten().copied().collect();
    let additions: Vec<Vec<usize>> = groups
        .iter()
        .map(|group| {
            // The best fitting clause of each article the claim lacks.
            let mut best: BTreeMap<usize, (f32, usize)> = BTreeMap::new();
            for &u in &candidates {
                let article = units[u].article;
                if group.iter().any(|&o| units[o].article == article)
                    || group
                        .iter()
                        .any(|&o| blocked.contains(&(u.min(o), u.max(o))))
                {
                    continue;
                }
                let total: f32 = group.iter().map(|&o| scorer.score_at(units, u, o)).sum();
                let fit = total / group.len() as f32;
                if fit >= bar && best.get(&article).is_none_or(|&(f, _)| fit > f) {
                    best.insert(article, (fit, u));
                }
            }
            best.into_values().map(|(_, u)| u).collect()
        })
        .collect();
    let attached: BTreeSet<usize> = additions.iter().flatten().copied().collect();
    for (group, extra) in groups.iter_mut().zip(additions) {
        group.extend(extra);
    }
    groups.retain(|g| !(g.len() == 1 && attached.contains(&g[0])));
}

/// Gain in average score a clause needs to replace its article's clause in a claim.
const SWAP_MARGIN: f32 = 0.03;

/// Swaps a claim's clause for a better-fitting clause of the same article that is still on
/// its own (greedy pairing can take an article's first good clause, not its best one).
fn refine(
    groups: &mut Vec<Vec<usize>>,
    units: &[Unit],
    scorer: &Scorer,
    blocked: &BTreeSet<(usize, usize)>,
) {
    let alone: BTreeSet<usize> = groups
        .iter()
        .filter(|g| g.len() == 1)
        .map(|g| g[0])
        .collect();
    let mut taken: BTreeSet<usize> = BTreeSet::new();
    let mut freed: Vec<usize> = Vec::new();
    for group in groups.iter_mut().filter(|g| g.len() > 1) {
        for k in 0..group.len() {
            let current = group[k];
            let others: Vec<usize> = group.iter().copied().filter(|&o| o != current).collect();
            let fit = |u: usize| {
                others
                    .iter()
                    .map(|&o| scorer.score_at(units, u, o))
                    .sum::<f32>()
                    / others.len() as f32
            };
            let now = fit(current);
            let best = alone
                .iter()
                .copied()
                .filter(|&u| units[u].article == units[current].article && !taken.contains(&u))
                .filter(|&u| {
                    others
                        .iter()
                        .all(|&o| !blocked.contains(&(u.min(o), u.max(o))))
                })
                .map(|u| (fit(u), u))
                .max_by(|x, y| x.0.total_cmp(&y.0).then(y.1.cmp(&x.1)));
            if let Some((score, u)) = best {
                if score > now + SWAP_MARGIN {
                    group[k] = u;
                    taken.insert(u);
                    freed.push(current);
                }
            }
        }
        group.sort_unstable();
    }
    groups.retain(|g| !(g.len() == 1 && taken.contains(&g[0])));
    groups.extend(freed.into_iter().map(|u| vec![u]));
    groups.sort();
}
