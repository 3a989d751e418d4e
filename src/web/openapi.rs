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

/// The accepted values of an appeal's field or parameter (the appeals API names its own
/// enumerations, so that `status` there is an appeal's, not a case's).
fn accepted_for_appeal(name: &str) -> Option<Vec<&'static str>> {
    use crate::domain::appeal::documents::DocumentKind;
    use crate::domain::appeal::{AppealStatus, Hearing, PartyRole, Stance};
    use crate::domain::tribunal::{Appellant, Outcome as AppealOutcome, Stage};
    fn slugs<T: Copy>(all: &[T], f: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().copied().map(f).collect()
    }
    Some(match name {
        "stage" => slugs(Stage::ALL, Stage::slug),
        "status" | "appeal_status" => slugs(AppealStatus::ALL, AppealStatus::slug),
        "appeal_outcome" | "outcome" => slugs(AppealOutcome::ALL, AppealOutcome::slug),
        "appellant" => slugs(Appellant::ALL, Appellant::slug),
        "stance" => slugs(Stance::ALL, Stance::slug),
        "hearing" => slugs(Hearing::ALL, Hearing::slug),
        "role" => slugs(PartyRole::ALL, PartyRole::slug),
        "kind" | "document_kind" => slugs(DocumentKind::ALL, DocumentKind::slug),
        "by" => vec!["provision", "sector", "authority"],
        _ => return accepted(name),
    })
}

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
fn enumerate(schema: &mut RefOr<Schema>, lookup: fn(&str) -> Option<Vec<&'static str>>) {
    if let RefOr::T(Schema::Object(o)) = schema {
        for (name, property) in &mut o.properties {
            if let (Some(values), RefOr::T(Schema::Object(p))) = (lookup(name), &mut *property)
                && is_text(p)
                && p.enum_values.is_none()
            {
                p.enum_values = Some(values.into_iter().map(Into::into).collect());
            }
            enumerate(property, lookup);
        }
    }
}

/// The enumerations of a schema or path: an appeal's own, or the cases'.
fn lookup_for(name: &str) -> fn(&str) -> Option<Vec<&'static str>> {
    if name.starts_with("Appeal") || name.starts_with("OpenAppeal") || name.contains("/appeals") {
        accepted_for_appeal
    } else {
        accepted
    }
}

impl Modify for EnumeratedValues {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        if let Some(components) = openapi.components.as_mut() {
            for (name, schema) in &mut components.schemas {
                enumerate(schema, lookup_for(name));
            }
        }
        for (path, item) in &mut openapi.paths.paths {
            let lookup = lookup_for(path);
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                for parameter in operation.parameters.iter_mut().flatten() {
                    if let Some(values) = lookup(&parameter.name) {
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
        super::api::case_record::edit_record,
        super::api::case_record::add_note,
        super::api::case_record::link,
        super::api::case_record::unlink,
        super::api::appeals::open_appeal,
        super::api::appeals::list_appeals,
        super::api::appeals::show_appeal,
        super::api::appeals::appeal_event,
        super::api::appeals::upload_document,
        super::api::appeals::download_document,
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
        super::stats::appeals,
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
