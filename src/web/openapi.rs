//! `GET /api/v1/openapi.json`: the OpenAPI document, generated from the handlers' annotations.

use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An API token from `section50 user add --token`"))
                    .build(),
            ),
        );
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "section50", description = "Casework API of a UK information-rights regulator"),
    paths(
        super::timeline::evaluate_timeline,
        super::api::me,
        super::api::list_authorities,
        super::api::create_authority,
        super::api::show_authority,
        super::api::update_authority,
        super::api::list_cases,
        super::api::create_case,
        super::api::show_case,
        super::api::record_event,
        super::api::correct_event,
        super::api::allocate,
        super::notices::show,
        super::notices::save,
        super::notices::generate,
        super::notices::act,
        super::notices::correct_issue,
        super::notices::pdf,
        super::notices::compare,
        super::notices::paragraphs,
        super::notices::edit_entry,
        super::notices::library_paragraph,
        super::stats::timeliness,
        super::stats::monitoring,
        super::stats::lateness,
        super::stats::reviews,
        super::stats::stages,
        super::stats::outcomes,
        super::stats::workload,
        super::stats::chart,
    ),
    components(schemas(super::error::Problem)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Serves the document.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
