//! The story list with what the river and `/api/v1/stories` filter on (member outlets, claim
//! counts by status), read from the corpus once and kept until the next write.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use corroborate_core::Meta;
use corroborate_store::{ArticleSummary, Store, StoreError, StoryFilter, StorySummary};
use corroborate_synth::outlets::{story_coverage_of_metas, LabelCoverage, LabelValue, OutletTable};

use crate::{AppState, Problem};

/// One story of the list.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct StoryItem {
    pub id: String,
    pub title: String,
    pub articles: usize,
    /// Distinct outlets among the members.
    pub outlets: usize,
    pub claims: usize,
    pub corroborated: usize,
    pub conflicting: usize,
    pub single_source: usize,
    /// Latest member publication date, else when the story last changed.
    pub activity: String,
    /// Earliest member publication date, when any member is dated.
    pub first_published: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The members' outlets (name, else the URL's host), with how many articles each.
    pub outlet_articles: Vec<OutletCount>,
    /// With an outlet table (`serve --outlets`): per label key, which values (groups) cover
    /// the story, with their outlets, and which the table knows but no member carries.
    #[schema(value_type = Vec<Object>)]
    pub outlet_groups: Vec<LabelCoverage>,
    /// With an outlet table: the groups whose outlets alone cover the story (a blindspot of
    /// the others), as `{key, value}`.
    #[schema(value_type = Vec<Object>)]
    pub blindspots: Vec<LabelValue>,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct OutletCount {
    pub outlet: String,
    pub articles: usize,
}

/// The list, newest activity first.
#[derive(Debug, Default)]
pub(crate) struct Catalog {
    pub stories: Vec<StoryItem>,
}

/// The cache: bumped on every write; a list built before a write is not kept after it.
#[derive(Debug, Default)]
pub(crate) struct CatalogCache {
    pub generation: u64,
    pub built: Option<(u64, Arc<Catalog>)>,
    /// Stories rendered since the last change, by id and format (`json`, `html`).
    pub renders: HashMap<(String, &'static str), Arc<str>>,
}

/// Rendered stories kept at most; past it the cache starts again.
const MAX_RENDERS: usize = 256;

/// A story rendered as `format` since the corpus last changed.
pub(crate) fn cached_render(state: &AppState, id: &str, format: &'static str) -> Option<Arc<str>> {
    let cache = state.catalog.read().ok()?;
    cache.renders.get(&(id.to_string(), format)).cloned()
}

/// Keeps a render made while the corpus was at `generation` (dropped when a change came
/// meanwhile, so a stale page is never kept).
pub(crate) fn keep_render(
    state: &AppState,
    generation: u64,
    id: &str,
    format: &'static str,
    rendered: &Arc<str>,
) {
    if let Ok(mut cache) = state.catalog.write() {
        if cache.generation != generation {
            return;
        }
        if cache.renders.len() >= MAX_RENDERS {
            cache.renders.clear();
        }
        cache
            .renders
            .insert((id.to_string(), format), rendered.clone());
    }
}

/// The corpus's change generation now (taken before reading what a render shows).
pub(crate) fn generation(state: &AppState) -> u64 {
    state
        .catalog
        .read()
        .map(|cache| cache.generation)
        .unwrap_or(0)
}

/// An article's outlet as shown: its outlet name, else its URL's host, else the article id
/// (as the corpus counts distinct outlets).
pub(crate) fn outlet_name(outlet: Option<&str>, url: Option<&str>, id: &str) -> String {
    if let Some(outlet) = outlet.map(str::trim).filter(|o| !o.is_empty()) {
        return outlet.to_string();
    }
    url.and_then(host).unwrap_or_else(|| id.to_string())
}

/// The host of an http(s) URL, without `www.`.
pub(crate) fn host(url: &str) -> Option<String> {
    let rest = url
        .trim()
        .strip_prefix("https://")
        .or_else(|| url.trim().strip_prefix("http://"))?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host
        .rsplit('@')
        .next()?
        .split(':')
        .next()?
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

impl Catalog {
    pub(crate) fn load(
        store: &dyn Store,
        table: Option<&OutletTable>,
    ) -> Result<Catalog, StoreError> {
        let summaries: Vec<StorySummary> = store.stories(&StoryFilter::default())?;
        let mut members: HashMap<String, Vec<ArticleSummary>> = HashMap::new();
        for article in store.articles()? {
            if article.superseded_by.is_some() {
                continue;
            }
            if let Some(story) = article.story.clone() {
                members.entry(story).or_default().push(article);
            }
        }
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        for claim in store.claims()? {
            let entry = counts.entry(claim.story).or_default();
            match claim.status.as_str() {
                "conflicting" => entry.0 += 1,
                "single_source" => entry.1 += 1,
                _ => {}
            }
        }
        let stories = summaries
            .into_iter()
            .map(|summary| {
                let articles = members.get(&summary.id).map(Vec::as_slice).unwrap_or(&[]);
                let mut outlets: HashMap<String, usize> = HashMap::new();
                let mut dates: BTreeSet<&str> = BTreeSet::new();
                for article in articles {
                    let name = outlet_name(
                        article.outlet.as_deref(),
                        article.url.as_deref(),
                        &article.id,
                    );
                    *outlets.entry(name).or_default() += 1;
                    if let Some(day) = article.published.as_deref().and_then(|p| p.get(..10)) {
                        dates.insert(day);
                    }
                }
                let mut outlet_articles: Vec<OutletCount> = outlets
                    .into_iter()
                    .map(|(outlet, articles)| OutletCount { outlet, articles })
                    .collect();
                outlet_articles
                    .sort_by(|a, b| b.articles.cmp(&a.articles).then(a.outlet.cmp(&b.outlet)));
                let (conflicting, single_source) =
                    counts.get(&summary.id).copied().unwrap_or_default();
                let (outlet_groups, blindspots) = match table {
                    Some(table) => {
                        let metas: Vec<(&str, Meta)> = articles
                            .iter()
                            .map(|article| (article.id.as_str(), meta_of(article)))
                            .collect();
                        let refs: Vec<(&str, &Meta)> =
                            metas.iter().map(|(id, meta)| (*id, meta)).collect();
                        let coverage = story_coverage_of_metas(table, &refs, None);
                        let blindspots = coverage.blindspot_story();
                        (coverage.labels, blindspots)
                    }
                    None => (Vec::new(), Vec::new()),
                };
                StoryItem {
                    first_published: dates.first().map(|d| d.to_string()),
                    id: summary.id,
                    title: summary.title,
                    articles: summary.articles,
                    outlets: summary.outlets,
                    claims: summary.claims,
                    corroborated: summary.corroborated,
                    conflicting,
                    single_source,
                    activity: summary.activity,
                    created_at: summary.created_at,
                    updated_at: summary.updated_at,
                    outlet_articles,
                    outlet_groups,
                    blindspots,
                }
            })
            .collect();
        Ok(Catalog { stories })
    }
}

/// What an outlet table matches an article by (its id stands in for a file name).
fn meta_of(article: &ArticleSummary) -> Meta {
    Meta {
        path: Some(article.id.clone()),
        outlet: article.outlet.clone(),
        url: article.url.clone(),
        title: article.title.clone(),
        published: article.published.clone(),
        ..Meta::default()
    }
}

/// The current list, built from `store` when a write made the cached one stale.
pub(crate) fn catalog(state: &AppState, store: &dyn Store) -> Result<Arc<Catalog>, Problem> {
    let generation = {
        let cache = state
            .catalog
            .read()
            .map_err(|_| Problem::internal("story list cache poisoned"))?;
        if let Some((built, catalog)) = &cache.built {
            if *built == cache.generation {
                return Ok(catalog.clone());
            }
        }
        cache.generation
    };
    let catalog = Arc::new(Catalog::load(store, state.config.outlets.as_deref())?);
    if let Ok(mut cache) = state.catalog.write() {
        if cache.generation == generation {
            cache.built = Some((generation, catalog.clone()));
        }
    }
    Ok(catalog)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlet_falls_back_to_host() {
        assert_eq!(outlet_name(Some(" Northwire "), None, "a"), "Northwire");
        assert_eq!(
            outlet_name(None, Some("https://www.Example.com:8080/a/b?c"), "a"),
            "example.com"
        );
        assert_eq!(outlet_name(Some(""), Some("ftp://x"), "a1"), "a1");
    }
}
