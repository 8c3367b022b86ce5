//! Within-article identity: a surname alone joins the full name it abbreviates, a middle
//! initial does not make a new person, and each identity is named by its fullest mention.

use corroborate_core::{EntityKind, EntityMention, Span};

use super::candidates::Candidate;
use super::names;

struct Cluster {
    kind: EntityKind,
    /// For people: first and last name words (first is empty for a surname alone).
    first: String,
    last: String,
    /// For others: the name key.
    key: String,
    /// Mention indices.
    members: Vec<usize>,
}

/// Groups candidates into local identities and writes the mentions.
pub(crate) fn assign(
    text: &str,
    found: &[Candidate],
    roles: Vec<Option<Span>>,
) -> Vec<EntityMention> {
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut of_mention = vec![usize::MAX; found.len()];
    // full names of people first, so a surname met before its full name still joins it
    for (i, c) in found.iter().enumerate() {
        if c.kind != Some(EntityKind::Person) {
            continue;
        }
        let parts = names::name_parts(&text[c.span]);
        if parts.len() < 2 {
            continue;
        }
        let (first, last) = (parts[0].clone(), parts[parts.len() - 1].clone());
        let existing = clusters
            .iter()
            .position(|cl| cl.last == last && names::compatible_first(&cl.first, &first));
        let id = existing.unwrap_or_else(|| {
            clusters.push(Cluster {
                kind: EntityKind::Person,
                first,
                last,
                key: String::new(),
                members: Vec::new(),
            });
            clusters.len() - 1
        });
        clusters[id].members.push(i);
        of_mention[i] = id;
    }
    for (i, c) in found.iter().enumerate() {
        if of_mention[i] != usize::MAX {
            continue;
        }
        let kind = c.kind.unwrap_or(EntityKind::Other);
        let name = &text[c.span];
        let id = if kind == EntityKind::Person {
            let parts = names::name_parts(name);
            let word = parts.last().cloned().unwrap_or_else(|| name.to_lowercase());
            person_for_single(&clusters, &of_mention, found, i, &word).unwrap_or_else(|| {
                clusters.push(Cluster {
                    kind,
                    first: String::new(),
                    last: word,
                    key: String::new(),
                    members: Vec::new(),
                });
                clusters.len() - 1
            })
        } else {
            let key = names::key(name);
            clusters
                .iter()
                .position(|cl| cl.kind == kind && cl.key == key)
                .unwrap_or_else(|| {
                    clusters.push(Cluster {
                        kind,
                        first: String::new(),
                        last: String::new(),
                        key,
                        members: Vec::new(),
                    });
                    clusters.len() - 1
                })
        };
        clusters[id].members.push(i);
        of_mention[i] = id;
    }
    // local ids in order of first mention
    let mut order: Vec<usize> = (0..clusters.len()).collect();
    order.sort_by_key(|&id| {
        clusters[id]
            .members
            .iter()
            .min()
            .copied()
            .unwrap_or(usize::MAX)
    });
    let mut local_id = vec![0u32; clusters.len()];
    for (rank, id) in order.iter().enumerate() {
        local_id[*id] = rank as u32 + 1;
    }
    let canonical: Vec<String> = clusters
        .iter()
        .map(|cl| {
            cl.members
                .iter()
                .map(|&m| &text[found[m].span])
                .max_by_key(|name| (name.split_whitespace().count(), name.len()))
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    let mut mentions: Vec<EntityMention> = found
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let id = of_mention[i];
            EntityMention {
                span: c.span,
                kind: clusters[id].kind,
                local_id: local_id[id],
                canonical: canonical[id].clone(),
                role: roles[i],
            }
        })
        .collect();
    mentions.sort_by_key(|m| m.span.start());
    mentions
}

/// The person a surname alone refers to: the nearest earlier full name with that surname,
/// else the only later one, else the one with that first name when unique.
fn person_for_single(
    clusters: &[Cluster],
    of_mention: &[usize],
    found: &[Candidate],
    i: usize,
    word: &str,
) -> Option<usize> {
    let with_surname: Vec<usize> = (0..clusters.len())
        .filter(|&id| clusters[id].kind == EntityKind::Person && clusters[id].last == word)
        .collect();
    if with_surname.len() == 1 {
        return Some(with_surname[0]);
    }
    if with_surname.len() > 1 {
        let start = found[i].span.start();
        let nearest = (0..found.len())
            .filter(|&m| found[m].span.start() < start && with_surname.contains(&of_mention[m]))
            .max_by_key(|&m| found[m].span.start());
        return nearest.map(|m| of_mention[m]).or(Some(with_surname[0]));
    }
    let with_first: Vec<usize> = (0..clusters.len())
        .filter(|&id| clusters[id].kind == EntityKind::Person && clusters[id].first == word)
        .collect();
    (with_first.len() == 1).then(|| with_first[0])
}
