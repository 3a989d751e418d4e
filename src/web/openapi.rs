//! `GET /api/v1/openapi.json`: the OpenAPI document, generated from the handlers' annotations.

use crate::domain::notice::NoticeState;
use crate::domain::paragraphs::Outcome;
use crate::domain::regime::Regime;
use crate::service::stats::GroupBy;
use actix_web::HttpResponse;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{Object, ObjectBuilder, Schema, SchemaType, Type};
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

/// Lists the accepted values of every enumerated field and parameter, taken from the domain's
/// own lists (one definition), so generated clients and schemathesis send values that pass.
struct EnumeratedValues;

/// The accepted values of a field or parameter of this name, when it is enumerated.
fn accepted(name: &str) -> Option<Vec<&'static str>> {
    use crate::domain::lifecycle::{CaseEventKind, CaseStatus, IneligibleReason, WorkflowKind};
    use crate::domain::parties::{Nation, Role, Sector};
    use crate::domain::timeline::EventKind;
    Some(match name {
        "regime" => Regime::ALL.iter().map(|r| r.slug()).collect(),
        "sector" => Sector::ALL.iter().map(|s| s.slug()).collect(),
        "nation" => Nation::ALL.iter().map(|n| n.slug()).collect(),
        "role" => Role::ALL.iter().map(|r| r.slug()).collect(),
        "status" => CaseStatus::ALL.iter().map(|s| s.slug()).collect(),
        "reason" | "rejection_reason" => IneligibleReason::ALL.iter().map(|r| r.slug()).collect(),
        "outcome" => Outcome::ALL.iter().map(|o| o.slug()).collect(),
        "state" => NoticeState::ALL.iter().map(|s| s.slug()).collect(),
        "by" => GroupBy::ALL.iter().map(|g| g.slug()).collect(),
        "kind" => EventKind::ALL
            .iter()
            .map(|k| CaseEventKind::Clock(*k).slug())
            .chain(
                WorkflowKind::ALL
                    .iter()
                    .map(|k| CaseEventKind::Workflow(*k).slug()),
            )
            .collect(),
        "action" => vec!["submit", "approve", "return", "issue"],
        "copy" => vec!["published", "party"],
        "format" => vec!["json", "csv"],
        "steps" | "appealed" => vec!["yes", "no"],
        _ => return None,
    })
}

fn is_text(o: &Object) -> bool {
    match &o.schema_type {
        SchemaType::Type(t) => *t == Type::String,
        SchemaType::Array(ts) => ts.contains(&Type::String),
        SchemaType::AnyValue => false,
    }
}

/// Sets the accepted values on the text properties of a schema, through nested objects.
fn enumerate(schema: &mut RefOr<Schema>) {
    if let RefOr::T(Schema::Object(o)) = schema {
        for (name, property) in &mut o.properties {
            if let (Some(values), RefOr::T(Schema::Object(p))) = (accepted(name), &mut *property)
                && is_text(p)
                && p.enum_values.is_none()
            {
                p.enum_values = Some(values.into_iter().map(Into::into).collect());
            }
            enumerate(property);
        }
    }
}

impl Modify for EnumeratedValues {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            components.schemas.values_mut().for_each(enumerate);
        }
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let Some(values) = accepted(&parameter.name) {
                        parameter.schema = Some(RefOr::T(Schema::Object(
                            ObjectBuilder::new()
                                .schema_type(Type::String)
                                .enum_values(Some(values))
                                .build(),
                        )));
                    }
                }
            }
        }
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
        super::api::register::list,
        super::api::register::show,
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
    modifiers(&BearerAuth, &EnumeratedValues)
)]
pub struct ApiDoc;

/// Serves the document.
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
