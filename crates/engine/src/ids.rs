//! Article ids must be unique within a run: the file stem, then `-2`, `-3` on collisions.

use std::collections::HashSet;

use corroborate_core::Document;

/// Renames documents whose id was already taken, keeping input order.
pub fn make_unique(docs: &mut [Document]) {
    let mut seen: HashSet<String> = HashSet::with_capacity(docs.len());
    for doc in docs.iter_mut() {
        if seen.insert(doc.id.clone()) {
            continue;
        }
        let mut n = 2;
        let id = loop {
            let candidate = format!("{}-{n}", doc.id);
            if !seen.contains(&candidate) {
                break candidate;
            }
            n += 1;
        };
        seen.insert(id.clone());
        doc.id = id;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collisions_get_numbered() {
        let mut docs: Vec<Document> = ["a", "b", "a", "a", "a-2"]
            .iter()
            .map(|id| Document::from_text(*id, "x"))
            .collect();
        make_unique(&mut docs);
        let ids: Vec<&str> = docs.iter().map(|doc| doc.id.as_str()).collect();
        assert_eq!(ids, ["a", "b", "a-2", "a-3", "a-2-2"]);
    }
}
