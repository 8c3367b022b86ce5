//! Story-level identity: one entity across articles, with aliases, every mention and the
//! roles each article gives it.

use std::collections::BTreeMap;

use corroborate_core::{Cite, Document, Entity, EntityKind, Role, Span};

use super::names;

/// One entity of one article.
struct Local<'a> {
    doc: &'a Document,
    kind: EntityKind,
    canonical: &'a str,
    mentions: Vec<Span>,
    roles: Vec<Span>,
}

struct Merged {
    kind: EntityKind,
    /// Every name written, with how often.
    names: BTreeMap<String, usize>,
    mentions: Vec<Cite>,
    roles: Vec<Role>,
    /// First and last name words of the fullest name (people only).
    first: Option<String>,
    last: Option<String>,
    keys: Vec<String>,
}

/// Merges the entity layers of a story's articles into story entities: transliterations
/// ("Sergey"/"Sergei"), punctuation and case variants ("St. Louis"/"St Louis",
/// "Nato"/"NATO"), a surname alone joined to the one full name that has it.
pub fn merge_entities(docs: &[&Document]) -> Vec<Entity> {
    let mut locals = Vec::new();
    for doc in docs {
        let Some(mentions) = &doc.layers.entities else {
            continue;
        };
        let mut by_id: BTreeMap<u32, Local> = BTreeMap::new();
        for mention in mentions {
            let local = by_id.entry(mention.local_id).or_insert_with(|| Local {
                doc,
                kind: mention.kind,
                canonical: &mention.canonical,
                mentions: Vec::new(),
                roles: Vec::new(),
            });
            local.mentions.push(mention.span);
            if let Some(role) = mention.role {
                local.roles.push(role);
            }
        }
        locals.extend(by_id.into_values());
    }
    // full names first, so a surname alone can find the one person it abbreviates
    let parts_of = |l: &Local| names::name_parts(l.canonical).len();
    let mut order: Vec<usize> = (0..locals.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(parts_of(&locals[i]).min(2)));
    let mut merged: Vec<Merged> = Vec::new();
    let mut first_seen: Vec<(usize, usize)> = Vec::new();
    for (rank, &i) in order.iter().enumerate() {
        let local = &locals[i];
        let target = find_match(&merged, local);
        let id = match target {
            Some(id) => id,
            None => {
                merged.push(Merged {
                    kind: local.kind,
                    names: BTreeMap::new(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                    first: None,
                    last: None,
                    keys: Vec::new(),
                });
                first_seen.push((i, rank));
                merged.len() - 1
            }
        };
        absorb(&mut merged[id], local);
    }
    // order by first appearance in the story
    let mut ids: Vec<usize> = (0..merged.len()).collect();
    ids.sort_by_key(|&m| first_seen[m].0);
    let mut used = BTreeMap::new();
    ids.into_iter()
        .map(|m| finish(&merged[m], &mut used))
        .collect()
}

fn compatible_kind(a: EntityKind, b: EntityKind) -> bool {
    a == b || a == EntityKind::Other || b == EntityKind::Other
}

fn find_match(merged: &[Merged], local: &Local) -> Option<usize> {
    let key = names::key(local.canonical);
    let by_key: Vec<usize> = (0..merged.len())
        .filter(|&m| {
            // one word read as a person by its verb ("Xinhua said") and as an acronym elsewhere
            let one_word_agency = !key.contains(' ')
                && matches!(
                    (merged[m].kind, local.kind),
                    (EntityKind::Person, EntityKind::Organization)
                        | (EntityKind::Organization, EntityKind::Person)
                );
            (compatible_kind(merged[m].kind, local.kind) || one_word_agency)
                && merged[m].keys.contains(&key)
        })
        .collect();
    let single_word = !key.contains(' ');
    match by_key.len() {
        0 => {}
        1 => return Some(by_key[0]),
        // one surname shared by several people: no evidence which one
        _ if single_word && local.kind == EntityKind::Person => return None,
        _ => return Some(by_key[0]),
    }
    if local.kind != EntityKind::Person && local.kind != EntityKind::Other {
        return None;
    }
    let parts = names::name_parts(local.canonical);
    let last = parts.last()?;
    let people: Vec<usize> = (0..merged.len())
        .filter(|&m| {
            compatible_kind(merged[m].kind, local.kind)
                && merged[m]
                    .last
                    .as_deref()
                    .is_some_and(|l| names::same_word(l, last))
        })
        .collect();
    if parts.len() >= 2 {
        let first = &parts[0];
        return people
            .into_iter()
            .find(|&m| match merged[m].first.as_deref() {
                Some(f) => names::compatible_first(f, first),
                None => true,
            });
    }
    // a surname alone: only when one person in the story has it
    (people.len() == 1).then(|| people[0])
}

fn absorb(target: &mut Merged, local: &Local) {
    if target.kind == EntityKind::Other {
        target.kind = local.kind;
    }
    for span in &local.mentions {
        let name = local.doc.text[*span].to_string();
        *target.names.entry(name).or_default() += 1;
        target.mentions.push(Cite::new(&local.doc.id, *span));
    }
    *target.names.entry(local.canonical.to_string()).or_default() += 0;
    for span in &local.roles {
        if target
            .roles
            .iter()
            .any(|r| r.article == local.doc.id && r.span == *span)
        {
            continue;
        }
        target.roles.push(Role {
            article: local.doc.id.clone(),
            span: *span,
            text: local.doc.text[*span].to_string(),
        });
    }
    let parts = names::name_parts(local.canonical);
    if parts.len() >= 2 {
        if target.first.is_none() {
            target.first = Some(parts[0].clone());
        }
        target.last = Some(parts[parts.len() - 1].clone());
    } else if target.last.is_none() && matches!(local.kind, EntityKind::Person) {
        target.last = parts.last().cloned();
    }
    for name in target.names.keys() {
        let key = names::key(name);
        if !target.keys.contains(&key) {
            target.keys.push(key);
        }
    }
}

fn finish(merged: &Merged, used: &mut BTreeMap<String, usize>) -> Entity {
    let name = merged
        .names
        .iter()
        .max_by(|a, b| {
            let words = |s: &str| s.split_whitespace().count();
            (words(a.0), a.1, a.0.len())
                .cmp(&(words(b.0), b.1, b.0.len()))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(name, _)| name.clone())
        .unwrap_or_default();
    let aliases = merged
        .names
        .keys()
        .filter(|n| **n != name)
        .cloned()
        .collect();
    let mut slug: String = names::key(&name).replace(' ', "-");
    if slug.is_empty() {
        slug = "entity".into();
    }
    let count = used.entry(slug.clone()).or_insert(0);
    *count += 1;
    let id = if *count == 1 {
        slug
    } else {
        format!("{slug}-{count}")
    };
    Entity {
        id,
        name,
        kind: merged.kind,
        aliases,
        mentions: merged.mentions.clone(),
        roles: merged.roles.clone(),
    }
}
