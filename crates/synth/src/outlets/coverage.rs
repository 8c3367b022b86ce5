//! Which groups of outlets report a story and each of its claims, and their blindspots.
//!
//! An outlet is an article's outlet name (else the name of the table row it matched, else its
//! title or id); articles of one outlet count once. Rules, per label key of the table:
//!
//! - A claim is a **blindspot** of `(key, value)` when every outlet supporting it is labelled
//!   with that one `value` (at least one supporter, none unlabelled for the key) while the
//!   story's outlets carry at least two values of the key: the other groups covered the story
//!   but not this claim.
//! - A story is a **blindspot story** of `(key, value)` ([`LabelCoverage::blindspot`]) when
//!   every outlet of the story labelled for the key has that one `value`, they are at least
//!   [`MIN_BLINDSPOT_STORY_OUTLETS`], and the table knows at least two values of the key: the
//!   other groups did not cover it at all. (One outlet alone is thin coverage, not one-sided.)

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use corroborate_core::{Analysis, Meta, Story};

use super::{name_key, OutletTable};

/// Labelled outlets a story needs before it can be a blindspot story.
pub const MIN_BLINDSPOT_STORY_OUTLETS: usize = 2;

/// What the outlet groups report of one story.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct StoryCoverage {
    /// One entry per label key of the table, in table order.
    pub labels: Vec<LabelCoverage>,
    /// How many claims are a blindspot of each `(key, value)`, in table order; only those with
    /// at least one.
    pub blindspots: Vec<Blindspot>,
    /// Per claim, in the story's order (empty without a story).
    pub claims: Vec<ClaimCoverage>,
}

/// One label key across the outlets of a story.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LabelCoverage {
    pub key: String,
    /// The values the story's outlets carry, in table order.
    pub values: Vec<ValueCoverage>,
    /// Outlets of the story with no value for this key (or not in the table).
    pub unlabelled: Vec<String>,
    /// Values the table knows for this key that no outlet of the story carries.
    pub missing: Vec<String>,
    /// Set when the story is a blindspot story of this value: every labelled outlet (two at
    /// least) has it and the table knows other values.
    pub blindspot: Option<String>,
}

/// The outlets of a story that carry one value of a key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ValueCoverage {
    pub value: String,
    /// Outlet names, in the story's article order.
    pub outlets: Vec<String>,
    /// Article ids, in the story's order.
    pub articles: Vec<String>,
}

/// Which groups report one claim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClaimCoverage {
    /// The claim's id.
    pub claim: String,
    /// Label key → the values reporting the claim and those of the story that do not.
    pub labels: BTreeMap<String, ClaimLabelCoverage>,
    /// Every `(key, value)` the claim is a blindspot of, in table key order.
    pub blindspots: Vec<LabelValue>,
}

impl ClaimCoverage {
    /// The first blindspot (in table key order), if any.
    pub fn blindspot(&self) -> Option<&LabelValue> {
        self.blindspots.first()
    }
}

/// One key for one claim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ClaimLabelCoverage {
    /// Values of the outlets that support the claim, in table order.
    pub reported_by: Vec<String>,
    /// Values present in the story whose outlets do not support the claim, in table order.
    pub missing: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct LabelValue {
    pub key: String,
    pub value: String,
}

/// Claims of a story that are a blindspot of one `(key, value)`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Blindspot {
    pub key: String,
    pub value: String,
    /// How many claims.
    pub claims: usize,
}

impl StoryCoverage {
    /// The `(key, value)`s the whole story is a blindspot of ([`LabelCoverage::blindspot`]).
    pub fn blindspot_story(&self) -> Vec<LabelValue> {
        self.labels
            .iter()
            .filter_map(|label| {
                label.blindspot.as_ref().map(|value| LabelValue {
                    key: label.key.clone(),
                    value: value.clone(),
                })
            })
            .collect()
    }

    /// The coverage of one claim, by id.
    pub fn claim(&self, id: &str) -> Option<&ClaimCoverage> {
        self.claims.iter().find(|claim| claim.claim == id)
    }
}

/// The coverage of `story`, its articles' metadata taken from `analysis`.
pub fn story_coverage(table: &OutletTable, analysis: &Analysis, story: &Story) -> StoryCoverage {
    let metas: Vec<(&str, &Meta)> = story
        .articles
        .iter()
        .filter_map(|id| analysis.document(id))
        .map(|doc| (doc.id.as_str(), &doc.meta))
        .collect();
    story_coverage_of_metas(table, &metas, Some(story))
}

/// The coverage of a story from its articles' metadata alone (`(article id, meta)`), cheap
/// enough for a list of stories.
///
/// With `story`, its `articles` order the outlets (an article missing from `metas` is an
/// unlabelled outlet named by its id) and its claims are covered too; without, `metas` are the
/// story's articles and `claims` and `blindspots` stay empty.
pub fn story_coverage_of_metas(
    table: &OutletTable,
    metas: &[(&str, &Meta)],
    story: Option<&Story>,
) -> StoryCoverage {
    let by_id: HashMap<&str, &Meta> = metas.iter().copied().collect();
    let articles: Vec<&str> = match story {
        Some(story) => story.articles.iter().map(String::as_str).collect(),
        None => metas.iter().map(|(id, _)| *id).collect(),
    };
    let outlets = outlets_of(table, &articles, &by_id);
    let keys = table.keys();
    let labels: Vec<LabelCoverage> = keys
        .iter()
        .map(|key| label_coverage(table, key, &outlets))
        .collect();
    let mut coverage = StoryCoverage {
        labels,
        ..StoryCoverage::default()
    };
    let Some(story) = story else {
        return coverage;
    };
    let outlet_of: HashMap<&str, usize> = outlets
        .iter()
        .enumerate()
        .flat_map(|(index, outlet)| {
            outlet
                .articles
                .iter()
                .map(move |article| (article.as_str(), index))
        })
        .collect();
    for claim in &story.claims {
        let mut supporters: Vec<usize> = claim
            .support
            .iter()
            .filter_map(|support| outlet_of.get(support.article.as_str()).copied())
            .collect();
        supporters.sort_unstable();
        supporters.dedup();
        let mut claim_coverage = ClaimCoverage {
            claim: claim.id.clone(),
            ..ClaimCoverage::default()
        };
        for (key, label) in keys.iter().zip(&coverage.labels) {
            let present: Vec<&String> = label.values.iter().map(|value| &value.value).collect();
            let supporting: Vec<Option<&String>> = supporters
                .iter()
                .map(|&index| outlets[index].labels.and_then(|labels| labels.get(key)))
                .collect();
            let reported_by: Vec<String> = present
                .iter()
                .filter(|value| supporting.contains(&Some(**value)))
                .map(|value| (*value).clone())
                .collect();
            let missing: Vec<String> = present
                .iter()
                .filter(|value| !reported_by.contains(**value))
                .map(|value| (*value).clone())
                .collect();
            let all_labelled = !supporting.is_empty() && supporting.iter().all(Option::is_some);
            if all_labelled && reported_by.len() == 1 && present.len() >= 2 {
                claim_coverage.blindspots.push(LabelValue {
                    key: key.clone(),
                    value: reported_by[0].clone(),
                });
            }
            claim_coverage.labels.insert(
                key.clone(),
                ClaimLabelCoverage {
                    reported_by,
                    missing,
                },
            );
        }
        coverage.claims.push(claim_coverage);
    }
    coverage.blindspots = count_blindspots(table, &keys, &coverage.claims);
    coverage
}

/// One outlet of a story: its articles and its labels, when the table has it.
struct Outlet<'t> {
    name: String,
    articles: Vec<String>,
    labels: Option<&'t BTreeMap<String, String>>,
}

fn outlets_of<'t>(
    table: &'t OutletTable,
    articles: &[&str],
    by_id: &HashMap<&str, &Meta>,
) -> Vec<Outlet<'t>> {
    let mut outlets: Vec<Outlet<'t>> = Vec::new();
    for &article in articles {
        let meta = by_id.get(article).copied();
        let row = meta.and_then(|meta| table.row_for(meta));
        let name = meta
            .and_then(|meta| meta.outlet.as_deref())
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(str::to_string)
            .or_else(|| row.map(|row| row.outlet.clone()))
            .or_else(|| meta.and_then(|meta| meta.title.clone()))
            .unwrap_or_else(|| article.to_string());
        let key = name_key(&name);
        let known = outlets
            .iter()
            .position(|outlet| name_key(&outlet.name) == key && !key.is_empty());
        match known {
            Some(index) => {
                let outlet = &mut outlets[index];
                outlet.articles.push(article.to_string());
                if outlet.labels.is_none() {
                    outlet.labels = row.map(|row| &row.labels);
                }
            }
            None => outlets.push(Outlet {
                name,
                articles: vec![article.to_string()],
                labels: row.map(|row| &row.labels),
            }),
        }
    }
    outlets
}

fn label_coverage(table: &OutletTable, key: &str, outlets: &[Outlet<'_>]) -> LabelCoverage {
    let known = table.values(key);
    let mut values: Vec<ValueCoverage> = Vec::new();
    let mut missing = Vec::new();
    for value in &known {
        let carrying: Vec<&Outlet<'_>> = outlets
            .iter()
            .filter(|outlet| outlet.labels.and_then(|labels| labels.get(key)) == Some(value))
            .collect();
        if carrying.is_empty() {
            missing.push(value.clone());
            continue;
        }
        values.push(ValueCoverage {
            value: value.clone(),
            outlets: carrying.iter().map(|outlet| outlet.name.clone()).collect(),
            articles: carrying
                .iter()
                .flat_map(|outlet| outlet.articles.iter().cloned())
                .collect(),
        });
    }
    let unlabelled = outlets
        .iter()
        .filter(|outlet| outlet.labels.and_then(|labels| labels.get(key)).is_none())
        .map(|outlet| outlet.name.clone())
        .collect();
    let blindspot = (values.len() == 1
        && values[0].outlets.len() >= MIN_BLINDSPOT_STORY_OUTLETS
        && known.len() >= 2)
        .then(|| values[0].value.clone());
    LabelCoverage {
        key: key.to_string(),
        values,
        unlabelled,
        missing,
        blindspot,
    }
}

fn count_blindspots(
    table: &OutletTable,
    keys: &[String],
    claims: &[ClaimCoverage],
) -> Vec<Blindspot> {
    let mut counts: HashMap<&LabelValue, usize> = HashMap::new();
    for blindspot in claims.iter().flat_map(|claim| &claim.blindspots) {
        *counts.entry(blindspot).or_default() += 1;
    }
    let mut out = Vec::new();
    for key in keys {
        for value in table.values(key) {
            let pair = LabelValue {
                key: key.clone(),
                value,
            };
            if let Some(&claims) = counts.get(&pair) {
                out.push(Blindspot {
                    key: pair.key,
                    value: pair.value,
                    claims,
                });
            }
        }
    }
    out
}
