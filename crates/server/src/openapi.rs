//! The OpenAPI 3 document, generated from the handlers' annotations.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::RefOr;
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

/// Error answers are problem documents (see [`Problem`]'s `IntoResponse`): every 4xx and 5xx
/// body is documented as `application/problem+json`, not the `application/json` utoipa writes.
struct ProblemContentType;

impl Modify for ProblemContentType {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.options,
                &mut item.head,
                &mut item.patch,
                &mut item.trace,
            ];
            for operation in operations.into_iter().flatten() {
                for (status, response) in operation.responses.responses.iter_mut() {
                    if !(status.starts_with('4') || status.starts_with('5')) {
                        continue;
                    }
                    if let RefOr::T(response) = response {
                        if let Some(content) = response.content.shift_remove("application/json") {
                            response
                                .content
                                .insert("application/problem+json".to_string(), content);
                        }
                    }
                }
            }
        }
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
    modifiers(&Bearer, &ProblemContentType)
)]
struct ApiDoc;

/// The document, as served at `/api/v1/openapi.json`.
pub fn openapi_json() -> String {
    ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_else(|_| "{}".to_string())
}
