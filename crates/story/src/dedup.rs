//! Near-duplicates (reprints, light rewrites): Jaccard similarity of word 5-gram shingles,
//! and which copy is the likely original. Reworded rewrites (see [`crate::rewrite`]) join the
//! same components with their own evidence.

use std::collections::BTreeMap;

use corroborate_core::DerivedFrom;

use crate::profile::Profile;
use crate::rewrite::Retelling;
use crate::terms::words;

/// Words per shingle.
pub(crate) const SHINGLE: usize = 5;

/// Sorted unique hashes of the word 5-grams of a text (lowercase words, punctuation ignored).
pub(crate) fn shingles(text: &str) -> Vec<u64> {
    let lower: Vec<String> = words(text)
        .iter()
        .map(|w| w.text.to_lowercase().replace('’', "'"))
        .collect();
    let mut out: Vec<u64> = lower.windows(SHINGLE).map(fnv).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn fnv(words: &[String]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for word in words {
        for byte in word.bytes().chain(std::iter::once(b' ')) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// Jaccard of two sorted sets, and the share of the smaller set found in the larger.
pub(crate) fn overlap(a: &[u64], b: &[u64]) -> (f32, f32) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    let jaccard = common as f32 / union as f32;
    let containment = common as f32 / a.len().min(b.len()) as f32;
    (jaccard, containment)
}

/// A pair judged near-duplicate, or a reworded rewrite (with how one retells the other).
#[derive(Clone, Copy, Debug)]
pub(crate) struct NearPair {
    pub a: usize,
    pub b: usize,
    pub retelling: Option<Retelling>,
}

/// Whether a shingle overlap makes a near-duplicate: a high Jaccard, or a short copy whose
/// shingles nearly all appear in the longer one (a truncated reprint).
pub(crate) fn is_near_duplicate(jaccard: f32, containment: f32, smaller: usize, min: f32) -> bool {
    jaccard >= min || (containment >= 0.8 && smaller >= 40)
}

/// The likely original of a set of near-duplicates: earliest published, else the fullest
/// text, else the first given.
fn original_of(members: &[usize], profiles: &[Profile]) -> usize {
    let mut best = members[0];
    for &m in &members[1..] {
        let (pm, pb) = (&profiles[m], &profiles[best]);
        let better = match (pm.published, pb.published) {
            (Some(x), Some(y)) if x != y => x < y,
            _ => pm.words > pb.words || (pm.words == pb.words && m < best),
        };
        if better {
            best = m;
        }
    }
    best
}

/// When the copy appeared, or how long it is, against the original.
fn timing(copy: &Profile, original: &Profile) -> String {
    match (copy.published, original.published) {
        (Some(c), Some(o)) if c > o => later(c - o),
        (Some(c), Some(o)) if c == o => "published at the same time".to_string(),
        _ => format!(
            "{} words against {} in the original",
            copy.words, original.words
        ),
    }
}

fn later(seconds: i64) -> String {
    let hours = seconds / 3600;
    if hours >= 48 {
        format!("published {} days later", hours / 24)
    } else if hours >= 1 {
        format!("published {hours}h later")
    } else {
        format!("published {}min later", seconds / 60)
    }
}

/// Marks every member of each near-duplicate component, except its likely original, as
/// derived from that original. `min` is the Jaccard of a near-duplicate: a copy that is one
/// keeps the shingle evidence even where it was also found as a reworded rewrite.
pub(crate) fn derived_from(
    ids: &[&str],
    profiles: &[Profile],
    shingle_sets: &[&[u64]],
    pairs: &[NearPair],
    min: f32,
) -> BTreeMap<String, DerivedFrom> {
    let n = ids.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    for pair in pairs {
        let (ra, rb) = (find(&mut parent, pair.a), find(&mut parent, pair.b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let root = find(&mut parent, i);
        components.entry(root).or_default().push(i);
    }
    let mut out = BTreeMap::new();
    for members in components.values().filter(|m| m.len() > 1) {
        let original = original_of(members, profiles);
        for &copy in members.iter().filter(|&&m| m != original) {
            let (jaccard, containment) = overlap(shingle_sets[copy], shingle_sets[original]);
            let smaller = shingle_sets[copy].len().min(shingle_sets[original].len());
            let reworded = pairs
                .iter()
                .filter(|p| (p.a, p.b) == (copy, original) || (p.b, p.a) == (copy, original))
                .find_map(|p| p.retelling);
            let (similarity, mut evidence) = match reworded {
                Some(retelling) if !is_near_duplicate(jaccard, containment, smaller, min) => {
                    (retelling.coverage(), retelling.evidence())
                }
                _ => {
                    let mut evidence = format!("{jaccard:.2} Jaccard of {SHINGLE}-word shingles");
                    if containment > jaccard + 0.1 {
                        evidence.push_str(&format!(
                            " ({containment:.2} of the shorter text's shingles shared)"
                        ));
                    }
                    (jaccard, evidence)
                }
            };
            evidence.push_str("; ");
            evidence.push_str(&timing(&profiles[copy], &profiles[original]));
            out.insert(
                ids[copy].to_string(),
                DerivedFrom {
                    article: ids[original].to_string(),
                    similarity,
                    evidence,
                },
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_overlap_of_a_light_rewrite() {
        let a = "The council voted on Tuesday to close the old bridge over the river after engineers found cracks in two of its supports.";
        let b = "The council voted on Tuesday to close the old bridge over the river after engineers found cracks in its supports.";
        let (jaccard, containment) = overlap(&shingles(a), &shingles(b));
        assert!(jaccard > 0.6 && jaccard < 1.0, "{jaccard}");
        assert!(containment > 0.8);
        let c = "Heavy rain flooded the market square and shops closed early on Monday evening.";
        assert_eq!(overlap(&shingles(a), &shingles(c)).0, 0.0);
    }
}
