//! The JSON API under `/api/v1`: authorities and cases. Handlers are short: extract, parse the
//! body into domain values, call one service in `web::block`, render JSON.

pub mod appeals;
pub mod authorities;
pub mod case_record;
pub mod library;
pub mod register;

use super::AppState;
use super::auth::{Caller, CurrentUser, with_caller};
use super::error::{ApiError, Problem, invalid_field};
use crate::domain::lifecycle::CaseStatus;
use crate::domain::parties::CaseReference;
use crate::domain::regime::Regime;
pub mod cases;
pub mod notices;

use crate::db::caseload::OfficerFilter;
use crate::domain::case::{Correction, EventInput};
use crate::service::ServiceError;
use crate::service::authorities::{
    self as authority_service, AuthorityFields, AuthorityInput, FieldError,
};
use crate::service::cases::{self as case_service, CaseFilter, ComplainantInput, NewCaseInput};
use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, web};
use authorities::AuthorityView;
use cases::{CaseDetail, CasePage};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;

/// A JSON body, parsed into domain values by each handler.
pub type Json = web::Json<serde_json::Value>;

/// Runs a closure with a pooled connection on the blocking thread pool.
///
/// # Errors
/// The closure's error, or an unexpected pool failure.
pub async fn with_conn<T: Send + 'static>(
    state: &web::Data<AppState>,
    f: impl FnOnce(&mut crate::db::AnyConnection, &AppState) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let state = state.clone();
    web::block(move || {
        let mut conn = state.pool.get()?;
        f(&mut conn, &state)
    })
    .await?
}

/// Parses a JSON body into a typed request, refusing unknown fields.
///
/// # Errors
/// 422 naming the problem.
pub fn parse_body<T: for<'de> Deserialize<'de>>(value: serde_json::Value) -> Result<T, ApiError> {
    serde_json::from_value(value).map_err(|e| ApiError::Unprocessable {
        rule: "malformed_body".to_owned(),
        event: None,
        detail: format!("the request body does not match this API: {e}"),
    })
}

/// Parses a case reference from the path (an invalid one is simply not found).
///
/// # Errors
/// 404.
pub fn reference(text: &str) -> Result<CaseReference, ApiError> {
    CaseReference::parse(text).map_err(ApiError::NotFound)
}

/// A public authority as sent to create or update one.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AuthorityBody {
    /// The authority's full name, as on its letters (at most 300 characters).
    formal_name: String,
    /// How notices refer to it after first mention ("the Council").
    short_name: String,
    /// Postal address (lines separated by newlines).
    #[serde(default)]
    address: String,
    /// police, local_government, central_government, health, education or other.
    sector: String,
    /// england, wales, scotland or northern_ireland.
    nation: String,
    /// Where its FOI team receives email.
    foi_email: Option<String>,
    /// The article before the short name in notices: "the" (the DWP) or empty (Ofsted).
    #[serde(default)]
    article: String,
    /// Whether it may issue a ministerial certificate under FOIA s53 (default false).
    #[serde(default)]
    s53_certificate: bool,
}

impl TryFrom<AuthorityBody> for AuthorityInput {
    type Error = ApiError;
    fn try_from(b: AuthorityBody) -> Result<Self, ApiError> {
        // The one parser of an authority as typed (the pages and the CSV import use it too).
        AuthorityFields {
            formal_name: b.formal_name,
            short_name: b.short_name,
            article: b.article,
            sector: b.sector,
            nation: b.nation,
            foi_email: b.foi_email.unwrap_or_default(),
            address: b.address,
            s53_certificate: if b.s53_certificate { "yes" } else { "no" }.to_owned(),
        }
        .parse()
        .map_err(first_refused)
    }
}

/// The first field refused, as the API's 422.
pub(crate) fn first_refused(errors: Vec<FieldError>) -> ApiError {
    errors.into_iter().next().map_or_else(
        || invalid_field("body", "the request body was refused"),
        |e| invalid_field(e.field, e.message),
    )
}

/// `POST /api/v1/authorities`
#[utoipa::path(post, path = "/api/v1/authorities", tag = "authorities", request_body(content = AuthorityBody, description = "formal_name, short_name, address, sector (police, local_government, central_government, health, education, other), nation (england, wales, scotland, northern_ireland, uk_wide), foi_email"), responses((status = 201, description = "Created", body = AuthorityView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn create_authority(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let input: AuthorityInput = parse_body::<AuthorityBody>(body.into_inner())?.try_into()?;
    let view = with_conn(&state, move |conn, s| {
        Ok(AuthorityView::from(&authority_service::create(
            conn,
            &user.0,
            s.clock.now(),
            &input,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/authorities/{}", view.id)))
        .json(view))
}

/// `PUT /api/v1/authorities/{id}`
#[utoipa::path(put, path = "/api/v1/authorities/{id}", tag = "authorities", params(("id" = i64, Path, description = "Authority id")), request_body(content = AuthorityBody, description = "As for create"), responses((status = 200, description = "Updated", body = AuthorityView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn update_authority(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let input: AuthorityInput = parse_body::<AuthorityBody>(body.into_inner())?.try_into()?;
    let id = path.into_inner();
    let view = with_conn(&state, move |conn, s| {
        Ok(AuthorityView::from(&authority_service::update(
            conn,
            &user.0,
            s.clock.now(),
            id,
            &input,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// `GET /api/v1/authorities/{id}`
#[utoipa::path(get, path = "/api/v1/authorities/{id}", tag = "authorities", params(("id" = i64, Path, description = "Authority id")), responses((status = 200, description = "The authority", body = AuthorityView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn show_authority(
    state: web::Data<AppState>,
    _user: CurrentUser,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = with_conn(&state, move |conn, _| {
        Ok(AuthorityView::from(&authority_service::get(conn, id)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

fn paging(query: &HashMap<String, String>) -> Result<(i64, i64), ApiError> {
    let number = |name: &str, default: i64, max: i64| -> Result<i64, ApiError> {
        match query.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    invalid_field(
                        name,
                        format!("{name} must be a whole number from 1 to {max}"),
                    )
                }),
        }
    };
    Ok((number("page", 1, 1_000_000)?, number("per_page", 25, 100)?))
}

fn only_known(query: &HashMap<String, String>, known: &[&str]) -> Result<(), ApiError> {
    match query.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(invalid_field(
            "query",
            format!("unknown query parameter \"{k}\"; use {}", known.join(", ")),
        )),
        None => Ok(()),
    }
}

/// `GET /api/v1/authorities?q=&name=&page=&per_page=`
#[utoipa::path(get, path = "/api/v1/authorities", tag = "authorities", params(("q" = Option<String>, Query, description = "Part of the formal or short name, any case (first page of 20 by default)"), ("name" = Option<String>, Query, description = "Part of the name (as q, with the usual page size)"), ("page" = Option<i64>, Query, description = "1-based page"), ("per_page" = Option<i64>, Query, description = "1 to 100")), responses((status = 200, description = "A page of authorities; total counts a search's matches exactly up to 999, and 1000 means at least 1,000 (refine the search)"), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn list_authorities(
    state: web::Data<AppState>,
    _user: CurrentUser,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    only_known(&query, &["q", "name", "page", "per_page"])?;
    let (page, per_page) = paging(&query)?;
    // `q` (search as you type) and the older `name` are the same filter; `q` wins, and its
    // first page is 20 (a picker's list) unless per_page says otherwise.
    let per_page = if query.contains_key("q") && !query.contains_key("per_page") {
        20
    } else {
        per_page
    };
    let name = query.get("q").or_else(|| query.get("name")).cloned();
    let (items, total) = with_conn(&state, move |conn, _| {
        let (found, total) =
            authority_service::list(conn, name.as_deref(), per_page, (page - 1) * per_page)?;
        Ok((
            found.iter().map(AuthorityView::from).collect::<Vec<_>>(),
            total,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(
        serde_json::json!({ "items": items, "page": page, "per_page": per_page, "total": total }),
    ))
}

/// The person who complained.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(crate) struct ComplainantBody {
    /// Their name (never published, never sent to the authority).
    pub(crate) name: String,
    /// Their email address, for the service's letters.
    pub(crate) email: Option<String>,
    /// Their postal address.
    #[serde(default)]
    pub(crate) postal_address: String,
}

/// A new complaint.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct NewCaseBody {
    /// The case's existing reference, when it has one (IC-123456-AB12, FS50123456 or
    /// FER0123456); a new one is made otherwise. A reference already in use is refused (409).
    reference: Option<String>,
    /// foia, eir, foisa or eir_scotland.
    regime: String,
    /// The authority complained about.
    authority_id: i64,
    /// Who complained.
    complainant: ComplainantBody,
    /// The wording of the request, as the complainant sent it.
    #[serde(default)]
    request_wording: String,
    /// The provisions the authority cited: sections of FOIA ("s40(2)") or regulations of the
    /// EIR ("reg12(4)(a)").
    #[serde(default)]
    exemptions_cited: Vec<String>,
    /// The authority's own reference for the request.
    #[serde(default)]
    authority_reference: String,
    /// The history so far, as timeline events (`{"kind", "date" | "timestamp", ...}`; at
    /// most 200).
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    events: Vec<serde_json::Value>,
}

impl TryFrom<NewCaseBody> for NewCaseInput {
    type Error = ApiError;
    fn try_from(b: NewCaseBody) -> Result<Self, ApiError> {
        if b.events.len() > 200 {
            return Err(invalid_field(
                "events",
                "a case can be opened with at most 200 events",
            ));
        }
        Ok(NewCaseInput {
            reference: b
                .reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(CaseReference::parse)
                .transpose()
                .map_err(|m| invalid_field("reference", m))?,
            regime: Regime::from_slug(&b.regime).map_err(|m| invalid_field("regime", m))?,
            authority_id: b.authority_id,
            complainant: ComplainantInput::parse(
                &b.complainant.name,
                b.complainant.email.as_deref().unwrap_or_default(),
                &b.complainant.postal_address,
            )
            .map_err(first_refused)?,
            record: case_service::RecordInput::parse(
                &b.request_wording,
                &b.exemptions_cited.join(", "),
                &b.authority_reference,
            )
            .map_err(first_refused)?,
            events: b
                .events
                .into_iter()
                .map(EventInput::parse)
                .collect::<Result<Vec<_>, _>>()?,
        })
    }
}

/// `POST /api/v1/cases`
#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body(content = NewCaseBody, description = "regime, authority_id, complainant {name, email, postal_address}, events [timeline events]"), responses((status = 201, description = "Created", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn create_case(
    state: web::Data<AppState>,
    user: CurrentUser,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let input: NewCaseInput = parse_body::<NewCaseBody>(body.into_inner())?.try_into()?;
    let detail = with_conn(&state, move |conn, s| {
        Ok(CaseDetail::from(case_service::create(
            conn,
            &s.context(&user.0),
            &input,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/cases/{}", detail.reference)))
        .json(detail))
}

/// `GET /api/v1/cases?status=&authority_id=&officer_id=&regime=&overdue=&due_before=&q=&page=&per_page=`
#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(("status" = Option<String>, Query, description = "Lifecycle status"), ("authority_id" = Option<i64>, Query, description = "Authority"), ("officer_id" = Option<String>, Query, description = "Officer's id, or unallocated"), ("regime" = Option<String>, Query, description = "Regime"), ("overdue" = Option<bool>, Query, description = "Only cases whose next deadline has passed"), ("due_before" = Option<String>, Query, description = "Next deadline on or before (YYYY-MM-DD)"), ("q" = Option<String>, Query, description = "Words in the reference, the authority's name or the complainant's name"), ("page" = Option<i64>, Query, description = "1-based page"), ("per_page" = Option<i64>, Query, description = "1 to 100")), responses((status = 200, description = "A page of cases", body = CasePage), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn list_cases(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let filter = case_filter(&query)?;
    // The body itself is remembered until the caseload changes (issue 14's budget).
    let body = with_caller(&state, caller, move |conn, actor, s| {
        Ok(case_service::list_rendered(
            conn,
            &s.context(actor),
            &filter,
            |listing| {
                serde_json::to_vec(&CasePage::from(listing))
                    .map(web::Bytes::from)
                    .map_err(|e| ServiceError::Unexpected(e.into()))
            },
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(web::Bytes::clone(&body)))
}

/// The case list's filters, parsed from its query (each bad value refused by name).
fn case_filter(query: &HashMap<String, String>) -> Result<CaseFilter, ApiError> {
    only_known(
        query,
        &[
            "status",
            "authority_id",
            "officer_id",
            "regime",
            "overdue",
            "due_before",
            "q",
            "page",
            "per_page",
        ],
    )?;
    let (page, per_page) = paging(query)?;
    let id = |name: &str| -> Result<Option<i64>, ApiError> {
        query
            .get(name)
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| invalid_field(name, format!("{name} must be a number")))
            })
            .transpose()
    };
    Ok(CaseFilter {
        status: query
            .get("status")
            .map(|s| CaseStatus::from_slug(s))
            .transpose()
            .map_err(|m| invalid_field("status", m))?,
        authority_id: id("authority_id")?,
        officer: match query.get("officer_id").map(String::as_str) {
            None => None,
            Some("unallocated") => Some(OfficerFilter::Unallocated),
            Some(_) => id("officer_id")?.map(OfficerFilter::Officer),
        },
        regime: query
            .get("regime")
            .map(|s| Regime::from_slug(s))
            .transpose()
            .map_err(|m| invalid_field("regime", m))?,
        overdue: match query.get("overdue").map(String::as_str) {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(invalid_field("overdue", "overdue must be true or false")),
        },
        due_before: query
            .get("due_before")
            .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| {
                invalid_field(
                    "due_before",
                    "due_before must be a date in the form YYYY-MM-DD",
                )
            })?,
        search: query.get("q").cloned(),
        page,
        per_page,
        ..CaseFilter::default()
    })
}

/// `GET /api/v1/cases/{reference}`
#[utoipa::path(get, path = "/api/v1/cases/{reference}", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), responses((status = 200, description = "The case with every deadline", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn show_case(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let detail = with_caller(&state, caller, move |conn, actor, s| {
        Ok(CaseDetail::from(case_service::detail(
            conn,
            &s.context(actor),
            &reference,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// `POST /api/v1/cases/{reference}/events`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/events", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), request_body(content = Object, description = "kind, date or timestamp, and the kind's fields"), responses((status = 201, description = "Recorded", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn record_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let input = EventInput::parse(body.into_inner())?;
    let detail = with_conn(&state, move |conn, s| {
        Ok(CaseDetail::from(case_service::record_event(
            conn,
            &s.context(&user.0),
            &reference,
            &input,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// A correction: the replacement event, or the event withdrawn.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct CorrectionBody {
    /// Withdraw the event (send this or `event`).
    #[serde(default)]
    retract: bool,
    /// The event as it should have been recorded.
    #[schema(value_type = Option<Object>)]
    event: Option<serde_json::Value>,
    /// Why it is corrected or withdrawn (required; at most 500 characters).
    #[serde(default)]
    reason: String,
}

/// `POST /api/v1/cases/{reference}/events/{id}/corrections` with `{"event": {...}}` or
/// `{"retract": true}`.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/events/{id}/corrections", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12"), ("id" = i64, Path, description = "Event id")), request_body(content = CorrectionBody, description = "{\"event\": {...}} or {\"retract\": true}"), responses((status = 201, description = "Corrected", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Already corrected", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn correct_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, i64)>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let (text, event_id) = path.into_inner();
    let reference = reference(&text)?;
    let body: CorrectionBody = parse_body(body.into_inner())?;
    let correction = match (body.retract, body.event) {
        (true, None) => Correction::Retract,
        (false, Some(event)) => Correction::Replace(EventInput::parse(event)?),
        _ => {
            return Err(invalid_field(
                "correction",
                "send either {\"event\": {...}} or {\"retract\": true}",
            ));
        }
    };
    let detail = with_conn(&state, move |conn, s| {
        Ok(CaseDetail::from(case_service::correct_event(
            conn,
            &s.context(&user.0),
            &reference,
            event_id,
            &correction,
            &body.reason,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created().json(detail))
}

/// The officer a case is allocated to.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct AllocationBody {
    /// The officer's user id.
    officer_id: i64,
    /// The day of allocation (default today).
    date: Option<NaiveDate>,
}

/// `POST /api/v1/cases/{reference}/allocation`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/allocation", tag = "cases", params(("reference" = String, Path, description = "Case reference, IC-123456-AB12")), request_body(content = AllocationBody, description = "officer_id, date (optional)"), responses((status = 200, description = "Allocated", body = CaseDetail), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "The role does not allow this", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such record", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn allocate(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: AllocationBody = parse_body(body.into_inner())?;
    let detail = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        let date = body.date.unwrap_or(ctx.today);
        Ok(CaseDetail::from(case_service::allocate(
            conn,
            &ctx,
            &reference,
            body.officer_id,
            date,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// `GET /api/v1/me`
#[utoipa::path(get, path = "/api/v1/me", tag = "staff", responses((status = 200, description = "The caller"), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn me(user: CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({
        "id": user.0.user_id,
        "name": user.0.name,
        "role": user.0.role.slug(),
    }))
}
