//! The result of one run over a set of inputs: what renderers and the store consume.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::{DerivedFrom, Document, Story};

/// An input that could not be read or analysed, with the reason (one line).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Failure {
    pub path: String,
    pub reason: String,
}

/// Everything one run produced.
#[derive(Debug, Default)]
pub struct Analysis {
    /// Analysed articles, in input order.
    pub documents: Vec<Document>,
    pub stories: Vec<Story>,
    /// Article id -> the article it is likely a rewrite of.
    pub derived_from: BTreeMap<String, DerivedFrom>,
    pub failures: Vec<Failure>,
    /// The sentence encoder used (`all-MiniLM-L6-v2`, `lexical`, ...).
    pub encoder: String,
}

impl Analysis {
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|doc| doc.id == id)
    }
}

/// Where the project's shared development data lives: `$CORROBORATE_SHARED`, else `../shared`
/// beside the repository. Used by tests, evals and benches only.
pub fn shared_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CORROBORATE_SHARED") {
        let dir = PathBuf::from(dir);
        return dir.is_dir().then_some(dir);
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dir = manifest.join("../../../shared");
    dir.is_dir().then_some(dir)
}
