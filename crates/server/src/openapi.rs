//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::api;
use crate::api::{
    AddResult, CompareRequest, CompareResult, Health, SearchResult, SentenceHitView, StoryList,
    TextHitView,
};
use crate::catalog::{OutletCount, StoryItem};
use crate::problem::Problem;
use crate::StoryEvent;

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "corroborate",
        description = "What several news reports corroborate, dispute and add, per claim, cited to the source bytes."
    ),
    paths(
        api::health,
        api::list_stories,
        api::get_story,
        api::get_claims,
        api::get_article,
        api::search,
        api::compare,
        api::events,
        api::ingest::add_articles,
    ),
    components(schemas(
        Problem, Health, StoryList, StoryItem, OutletCount, SearchResult, TextHitView,
        SentenceHitView, CompareRequest, CompareResult, AddResult, StoryEvent
    )),
    modifiers(&Bearer)
)]
struct ApiDoc;

/// The document, as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}
