//! The API of appeals: `POST /api/v1/cases/{reference}/appeals` opens one on an issued notice,
//! `GET /api/v1/appeals` lists them, `GET /api/v1/appeals/{id}` shows one,
//! `POST /api/v1/appeals/{id}/events` records its stages, and its documents are uploaded and
//! read under `/api/v1/appeals/{id}/documents` (a route with its own 20 MB body limit). The
//! request and response types (their JSON and OpenAPI schemas) are here too.

use super::{Json, invalid_field, only_known, paging, parse_body, reference, with_conn};
use crate::domain::appeal::commands::{OpenAppeal, parse_change};
use crate::domain::appeal::documents::DocumentKind;
use crate::domain::appeal::{Appeal, AppealStatus};
use crate::domain::deadline::{Deadline, DeadlineName};
use crate::domain::tribunal::{Appellant, Stage, TribunalReference};
use crate::service::appeals::{self as service, AppealRecord, UploadMeta};
use crate::service::appeals::{AppealFilter, ListedAppeal};
use crate::web::AppState;
use crate::web::auth::{Caller, CurrentUser, with_caller};
use crate::web::error::{ApiError, Problem};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A party to an appeal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealPartyView {
    /// Name.
    pub name: String,
    /// appellant, respondent, second_respondent or other.
    pub role: String,
    /// When the tribunal joined it.
    pub joined_on: Option<NaiveDate>,
    /// Its representative.
    pub representative: Option<String>,
}

/// One proceeding of an appeal's chain.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealLinkView {
    /// Identifier.
    pub id: i64,
    /// first_tier, upper_tribunal, court_of_appeal or court_of_session.
    pub stage: String,
    /// The tribunal's reference.
    pub tribunal_reference: String,
    /// open or decided.
    pub appeal_status: String,
    /// How it ended.
    pub appeal_outcome: Option<String>,
}

/// A document's description (its content is at `…/documents/{id}`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealDocumentView {
    /// Identifier.
    pub id: i64,
    /// What it is.
    pub document_kind: String,
    /// File name.
    pub filename: String,
    /// Content type, found from its bytes.
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// When it was sent.
    pub sent_on: Option<NaiveDate>,
    /// When it was received.
    pub received_on: Option<NaiveDate>,
    /// Closed material (GRC rule 14).
    pub closed: bool,
}

/// One provision of the notice and the tribunal's decision on it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProvisionOutcomeView {
    /// The provision, as the notice cites it: s40(2), reg12(4)(a).
    pub provision: String,
    /// allowed or dismissed.
    pub outcome: String,
}

/// An appeal with its chain, parties, deadlines and documents.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealView {
    /// Identifier.
    pub id: i64,
    /// The case whose notice it challenges.
    pub case_reference: String,
    /// The authority (short name).
    pub authority: String,
    /// The proceeding it moved up from.
    pub parent_id: Option<i64>,
    /// first_tier, upper_tribunal, court_of_appeal or court_of_session.
    pub stage: String,
    /// The court or tribunal in words.
    pub stage_label: String,
    /// The tribunal's reference, as given.
    pub tribunal_reference: String,
    /// complainant, public_authority or both.
    pub appellant: String,
    /// The date the court or tribunal received it.
    pub received_on: NaiveDate,
    /// open or decided.
    pub appeal_status: String,
    /// How it ended at this stage.
    pub appeal_outcome: Option<String>,
    /// When.
    pub decided_on: Option<NaiveDate>,
    /// Allowed in part: how the tribunal decided each provision of the notice.
    pub provision_outcomes: Vec<ProvisionOutcomeView>,
    /// The Commissioner's stance: resist, support, neutral or concede.
    pub stance: Option<String>,
    /// Since when.
    pub stance_on: Option<NaiveDate>,
    /// paper or oral.
    pub hearing: Option<String>,
    /// The hearing date.
    pub hearing_on: Option<NaiveDate>,
    /// Closed material (GRC rule 14).
    pub closed_material: bool,
    /// Its parties.
    pub parties: Vec<AppealPartyView>,
    /// The chain, First-tier first.
    pub chain: Vec<AppealLinkView>,
    /// The case's deadlines this appeal moves, with "why this date".
    #[schema(value_type = Vec<Object>)]
    pub deadlines: Vec<Deadline>,
    /// The next deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<String>,
    /// What the case's clock warns of.
    pub warnings: Vec<String>,
    /// Its documents.
    pub documents: Vec<AppealDocumentView>,
}

fn link(a: &Appeal) -> AppealLinkView {
    AppealLinkView {
        id: a.id,
        stage: a.stage.slug().to_owned(),
        tribunal_reference: a.reference.as_str().to_owned(),
        appeal_status: a.status.slug().to_owned(),
        appeal_outcome: a.outcome.map(|o| o.slug().to_owned()),
    }
}

impl From<AppealRecord> for AppealView {
    fn from(r: AppealRecord) -> Self {
        let a = &r.appeal;
        AppealView {
            id: a.id,
            case_reference: r.case_reference.clone(),
            authority: r.authority.clone(),
            parent_id: a.parent_id,
            stage: a.stage.slug().to_owned(),
            stage_label: a.stage.label().to_owned(),
            tribunal_reference: a.reference.as_str().to_owned(),
            appellant: a.appellant.slug().to_owned(),
            received_on: a.received_on,
            appeal_status: a.status.slug().to_owned(),
            appeal_outcome: a.outcome.map(|o| o.slug().to_owned()),
            decided_on: a.decided_on,
            provision_outcomes: crate::domain::appeal::progress::provision_outcomes(&r.log, a.id)
                .into_iter()
                .map(|p| ProvisionOutcomeView {
                    provision: p.provision.to_string(),
                    outcome: p.outcome.slug().to_owned(),
                })
                .collect(),
            stance: a.stance.map(|s| s.0.slug().to_owned()),
            stance_on: a.stance.map(|s| s.1),
            hearing: a.hearing.map(|h| h.0.slug().to_owned()),
            hearing_on: a.hearing.and_then(|h| h.1),
            closed_material: a.closed_material,
            parties: a
                .parties
                .iter()
                .map(|p| AppealPartyView {
                    name: p.name.clone(),
                    role: p.role.slug().to_owned(),
                    joined_on: p.joined_on,
                    representative: p.representative.clone(),
                })
                .collect(),
            chain: r.chain.iter().map(link).collect(),
            deadlines: r.deadlines.clone(),
            next_deadline: r.next.map(|n| n.0),
            next_deadline_name: r.next.map(|n| n.1.slug().to_owned()),
            warnings: r.warnings.clone(),
            documents: r
                .documents
                .iter()
                .map(|d| AppealDocumentView {
                    id: d.id,
                    document_kind: d.kind.clone(),
                    filename: d.filename.clone(),
                    content_type: d.content_type.clone(),
                    size_bytes: d.size_bytes,
                    sent_on: d.sent_on,
                    received_on: d.received_on,
                    closed: d.closed,
                })
                .collect(),
        }
    }
}

/// An appeal in the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealSummaryView {
    /// Identifier.
    pub id: i64,
    /// The case.
    pub case_reference: String,
    /// The authority (short name).
    pub authority: String,
    /// The case's officer.
    pub officer_id: Option<i64>,
    /// The court or tribunal.
    pub stage: String,
    /// The tribunal's reference.
    pub tribunal_reference: String,
    /// Who appealed.
    pub appellant: String,
    /// open or decided.
    pub appeal_status: String,
    /// How it ended.
    pub appeal_outcome: Option<String>,
    /// The next deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<String>,
}

/// A page of appeals.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppealPage {
    /// The appeals, next deadline first.
    pub items: Vec<AppealSummaryView>,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Appeals matching the filters.
    pub total: i64,
}

impl AppealSummaryView {
    /// From a listed appeal.
    #[must_use]
    pub fn of(a: &Appeal, l: &ListedAppeal) -> Self {
        AppealSummaryView {
            id: a.id,
            case_reference: l.case_reference.clone(),
            authority: l.authority.clone(),
            officer_id: l.officer_id,
            stage: a.stage.slug().to_owned(),
            tribunal_reference: a.reference.as_str().to_owned(),
            appellant: a.appellant.slug().to_owned(),
            appeal_status: a.status.slug().to_owned(),
            appeal_outcome: a.outcome.map(|o| o.slug().to_owned()),
            next_deadline: l.row.next_deadline,
            next_deadline_name: l.row.next_deadline_name.clone(),
        }
    }
}

/// An appeal to open on a case's issued notice.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenAppealBody {
    /// The tribunal's reference: EA/2024/0123, FT/EA/2024/0184, UA-2024-001681-GIA, GIA/1681/2010.
    tribunal_reference: String,
    /// complainant, public_authority or both.
    appellant: String,
    /// The date the tribunal received it (YYYY-MM-DD); or give `timestamp`.
    date: Option<String>,
    /// The instant it was received (RFC 3339): the tribunal's 5pm rule.
    timestamp: Option<String>,
    /// The tribunal extended time for a late appeal (GRC rule 5(3)(a)).
    #[serde(default)]
    extension_granted: bool,
    /// For an appeal to the Upper Tribunal or beyond: the appeal it moves up from.
    parent_id: Option<i64>,
}

impl TryFrom<OpenAppealBody> for OpenAppeal {
    type Error = ApiError;
    fn try_from(b: OpenAppealBody) -> Result<Self, ApiError> {
        let (date, timestamp) = match (&b.date, &b.timestamp) {
            (Some(d), None) => (
                NaiveDate::parse_from_str(d, "%Y-%m-%d").map_err(|_| {
                    invalid_field(
                        "date",
                        format!("date \"{d}\" is not a date in the form YYYY-MM-DD"),
                    )
                })?,
                None,
            ),
            (None, Some(t)) => {
                let at = chrono::DateTime::parse_from_rfc3339(t).map_err(|_| {
                    invalid_field(
                        "timestamp",
                        format!(
                            "\"{t}\" is not an RFC 3339 timestamp such as 2024-03-07T16:30:00Z"
                        ),
                    )
                })?;
                (
                    crate::domain::london::london_date(at.to_utc()),
                    Some(at.naive_utc()),
                )
            }
            _ => {
                return Err(invalid_field(
                    "date",
                    "give the date the tribunal received the appeal (or its timestamp), not both",
                ));
            }
        };
        Ok(OpenAppeal {
            reference: TribunalReference::parse(&b.tribunal_reference)
                .map_err(|m| invalid_field("tribunal_reference", m))?,
            appellant: Appellant::from_slug(&b.appellant)
                .map_err(|m| invalid_field("appellant", format!("appellant {m}")))?,
            date,
            timestamp,
            extension_granted: b.extension_granted,
            parent_id: b.parent_id,
        })
    }
}

/// `POST /api/v1/cases/{reference}/appeals`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/appeals", tag = "appeals", params(("reference" = String, Path, description = "Case reference")), request_body(content = OpenAppealBody, description = "tribunal_reference, appellant, date (or timestamp), extension_granted, parent_id"), responses((status = 201, description = "Opened", body = AppealView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not the case's officer or a manager", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such case", body = Problem, content_type = "application/problem+json"), (status = 409, description = "No issued notice, or the reference is already recorded", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn open_appeal(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let input: OpenAppeal = parse_body::<OpenAppealBody>(body.into_inner())?.try_into()?;
    let view = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        let id = service::open(conn, &ctx, &reference, &input)?;
        Ok(AppealView::from(service::detail(conn, &ctx, id)?))
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/appeals/{}", view.id)))
        .json(view))
}

/// The filters of the appeals list, parsed from the query.
///
/// # Errors
/// 422 naming the parameter.
pub fn filter_of(query: &HashMap<String, String>) -> Result<AppealFilter, ApiError> {
    let (page, per_page) = paging(query)?;
    let id = |name: &str| -> Result<Option<i64>, ApiError> {
        query
            .get(name)
            .filter(|v| !v.is_empty())
            .map(|v| {
                v.parse::<i64>()
                    .map_err(|_| invalid_field(name, format!("{name} must be a number")))
            })
            .transpose()
    };
    let present = |name: &str| query.get(name).filter(|v| !v.is_empty());
    Ok(AppealFilter {
        stage: present("stage")
            .map(|s| Stage::from_slug(s))
            .transpose()
            .map_err(|m| invalid_field("stage", format!("stage {m}")))?,
        status: present("status")
            .map(|s| AppealStatus::from_slug(s))
            .transpose()
            .map_err(|m| invalid_field("status", format!("status {m}")))?,
        officer_id: id("officer_id")?,
        authority_id: id("authority_id")?,
        due_before: present("due_before")
            .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| {
                invalid_field(
                    "due_before",
                    "due_before must be a date in the form YYYY-MM-DD",
                )
            })?,
        next_deadline_name: present("next_deadline")
            .map(|s| {
                DeadlineName::from_slug(s)
                    .filter(|n| n.is_appeal())
                    .ok_or_else(|| {
                        invalid_field(
                            "next_deadline",
                            format!("\"{s}\" is not an appeal's deadline"),
                        )
                    })
            })
            .transpose()?,
        page,
        per_page,
    })
}

/// `GET /api/v1/appeals?stage=&status=&officer_id=&authority_id=&due_before=&next_deadline=&page=&per_page=`
#[utoipa::path(get, path = "/api/v1/appeals", tag = "appeals", params(("stage" = Option<String>, Query, description = "first_tier, upper_tribunal, court_of_appeal, court_of_session"), ("status" = Option<String>, Query, description = "open or decided"), ("officer_id" = Option<i64>, Query, description = "The case's officer"), ("authority_id" = Option<i64>, Query, description = "The case's authority"), ("due_before" = Option<String>, Query, description = "Next deadline on or before (YYYY-MM-DD)"), ("next_deadline" = Option<String>, Query, description = "Only appeals whose next deadline is this one, e.g. commissioner_response_due"), ("page" = Option<i64>, Query, description = "1-based page"), ("per_page" = Option<i64>, Query, description = "1 to 100")), responses((status = 200, description = "A page of appeals, next deadline first", body = AppealPage), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the parameter", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn list_appeals(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    only_known(
        &query,
        &[
            "stage",
            "status",
            "officer_id",
            "authority_id",
            "due_before",
            "next_deadline",
            "page",
            "per_page",
        ],
    )?;
    let filter = filter_of(&query)?;
    let page = with_caller(&state, caller, move |conn, _actor, _s| {
        let (items, total) = service::list(conn, &filter)?;
        Ok(AppealPage {
            items: items
                .iter()
                .map(|(a, l)| AppealSummaryView::of(a, l))
                .collect(),
            page: filter.page.max(1),
            per_page: filter.per_page.clamp(1, 100),
            total,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(page))
}

/// `GET /api/v1/appeals/{id}`
#[utoipa::path(get, path = "/api/v1/appeals/{id}", tag = "appeals", params(("id" = i64, Path, description = "Appeal id")), responses((status = 200, description = "The appeal", body = AppealView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such appeal", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn show_appeal(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = with_caller(&state, caller, move |conn, actor, s| {
        Ok(AppealView::from(service::detail(
            conn,
            &s.context(actor),
            id,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// `POST /api/v1/appeals/{id}/events`
#[utoipa::path(post, path = "/api/v1/appeals/{id}/events", tag = "appeals", params(("id" = i64, Path, description = "Appeal id")), request_body(content = Object, description = "A stage as a timeline event (notice_of_appeal_sent, commissioner_response_sent, appellant_reply_sent, direction_given {deadline, due, description}, tribunal_decision_sent {outcome, decided, reasons_sent, substituted_steps, provisions: [{provision, outcome: allowed or dismissed}] when allowed_in_part}, set_aside_applied, permission_to_appeal_applied, permission_refused, upper_tribunal_notice_of_appeal_sent, upper_tribunal_response_sent, upper_tribunal_decision_sent {outcome, decided, reasons_sent, substituted_steps, appellate_court: court_of_appeal (default) or court_of_session}, court_of_appeal_permission_applied, court_of_session_permission_applied, ministerial_certificate_given; each with date or timestamp), or a change of record: stance_changed {stance}, party_joined {name, role, representative}, hearing_listed {hearing, hearing_date}, closed_material {closed_material}"), responses((status = 201, description = "Recorded; the appeal after it", body = AppealView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not the case's officer or a manager", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such appeal", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Refused: the problem names the rule broken", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn appeal_event(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let change = parse_change(body.into_inner())?;
    let view = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        service::record(conn, &ctx, id, change)?;
        Ok(AppealView::from(service::detail(conn, &ctx, id)?))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// The metadata of an upload, from the query.
///
/// # Errors
/// 422 naming the parameter.
pub fn upload_meta(query: &HashMap<String, String>) -> Result<UploadMeta, ApiError> {
    let date = |name: &str| {
        query
            .get(name)
            .filter(|v| !v.is_empty())
            .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
            .transpose()
            .map_err(|_| {
                invalid_field(
                    name,
                    format!("{name} must be a date in the form YYYY-MM-DD"),
                )
            })
    };
    Ok(UploadMeta {
        kind: DocumentKind::from_slug(query.get("kind").map_or("other", String::as_str))
            .map_err(|m| invalid_field("kind", format!("kind {m}")))?,
        filename: query.get("filename").cloned().unwrap_or_default(),
        sent_on: date("sent")?,
        received_on: date("received")?,
        closed: matches!(
            query.get("closed").map(String::as_str),
            Some("true" | "yes")
        ),
    })
}

/// `POST /api/v1/appeals/{id}/documents?kind=&filename=&sent=&received=&closed=`: the file is
/// the body (up to 20 MB); its type is found from its bytes.
#[utoipa::path(post, path = "/api/v1/appeals/{id}/documents", tag = "appeals", params(("id" = i64, Path, description = "Appeal id"), ("kind" = Option<String>, Query, description = "notice_of_appeal, response, reply, directions, decision, permission_ruling, other"), ("filename" = Option<String>, Query, description = "Its name"), ("sent" = Option<String>, Query, description = "Date sent"), ("received" = Option<String>, Query, description = "Date received"), ("closed" = Option<bool>, Query, description = "Closed material (rule 14)")), request_body(content = Vec<u8>, description = "The file: PDF, Word (.docx), PNG or JPEG, at most 20 MB", content_type = "application/octet-stream"), responses((status = 201, description = "Stored", body = AppealDocumentView), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 403, description = "Not the case's officer or a manager", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such appeal", body = Problem, content_type = "application/problem+json"), (status = 413, description = "Larger than 20 MB", body = Problem, content_type = "application/problem+json"), (status = 422, description = "Not an accepted type", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn upload_document(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<i64>,
    query: web::Query<HashMap<String, String>>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    only_known(&query, &["kind", "filename", "sent", "received", "closed"])?;
    let id = path.into_inner();
    let meta = upload_meta(&query)?;
    let view = with_conn(&state, move |conn, s| {
        let ctx = s.context(&user.0);
        let doc = service::upload(conn, &ctx, id, &meta, &body)?;
        let record = service::detail(conn, &ctx, id)?;
        Ok(AppealView::from(record)
            .documents
            .into_iter()
            .find(|d| d.id == doc))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// `GET /api/v1/appeals/{id}/documents/{document}`: the file as uploaded.
#[utoipa::path(get, path = "/api/v1/appeals/{id}/documents/{document}", tag = "appeals", params(("id" = i64, Path, description = "Appeal id"), ("document" = i64, Path, description = "Document id")), responses((status = 200, description = "The file", content_type = "application/octet-stream"), (status = 401, description = "No or bad bearer token", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such document (or closed to you)", body = Problem, content_type = "application/problem+json")), security(("bearer" = [])))]
pub async fn download_document(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (id, document) = path.into_inner();
    let (meta, content) = with_caller(&state, caller, move |conn, actor, s| {
        Ok(service::download(conn, &s.context(actor), id, document)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(meta.content_type)
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{}\"", meta.filename),
        ))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .body(content))
}
