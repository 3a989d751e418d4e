//! The decision-notice API: read, save, draft from the case, submit / approve / return / issue,
//! the PDF (draft watermark until issued), differences between versions, and the library.

use super::AppState;
use super::api::library::EntryView;
use super::api::{Json, parse_body, reference, with_conn};
use super::auth::{Caller, CurrentUser, with_caller};
use super::error::{ApiError, invalid_field};
use crate::domain::notice::{Notice, NoticeAction};
use crate::service::notices;
use crate::web::api::notices::NoticeView;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use std::collections::HashMap;

/// `GET /api/v1/cases/{reference}/notice`
#[utoipa::path(get, path = "/api/v1/cases/{reference}/notice", tag = "notices", params(("reference" = String, Path, description = "Case reference")), responses((status = 200, description = "The latest version with the findings that block issuing", body = crate::web::api::notices::NoticeView), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let view = with_conn(&state, move |conn, s| {
        Ok(NoticeView::from(notices::get(
            conn,
            &s.context(&user.0),
            &reference,
        )?))
    })
    .await?;
    Ok(versioned(&view))
}

/// The notice with its version as the entity tag (`ETag: "N"`), for `If-Match` on the next save.
fn versioned(view: &NoticeView) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("ETag", format!("\"{}\"", view.version)))
        .json(view)
}

/// The version `If-Match` expects (`"N"`, as `ETag` gave it); `None` without the header or
/// with `*` (any version).
fn expected_version(req: &HttpRequest) -> Result<Option<i32>, ApiError> {
    let Some(value) = req.headers().get("If-Match") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default().trim();
    if text == "*" {
        return Ok(None);
    }
    text.strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .and_then(|t| t.parse::<i32>().ok())
        .filter(|n| *n > 0)
        .map(Some)
        .ok_or_else(|| {
            ApiError::BadRequest(
                "If-Match takes the notice's version in quotes, as its ETag gives it (\"3\")"
                    .to_owned(),
            )
        })
}

/// `PUT /api/v1/cases/{reference}/notice`
#[utoipa::path(put, path = "/api/v1/cases/{reference}/notice", tag = "notices", params(("reference" = String, Path, description = "Case reference"), ("If-Match" = Option<String>, Header, description = "The version this save replaces, as the ETag of GET gave it (\"3\"); 412 when another version was saved since")), request_body(content = Object, description = "The notice JSON (schema: docs/notice.schema.json)"), responses((status = 200, description = "Saved as a new version", body = crate::web::api::notices::NoticeView), (status = 412, description = "If-Match names a version that is no longer the latest"), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn save(
    req: HttpRequest,
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let expected = expected_version(&req)?;
    let notice: Notice = serde_json::from_value(body.into_inner()).map_err(|e| {
        invalid_field(
            "notice",
            format!("the notice does not match the notice schema: {e}"),
        )
    })?;
    let view = with_conn(&state, move |conn, s| {
        Ok(NoticeView::from(notices::replace(
            conn,
            &s.context(&user.0),
            &reference,
            notice,
            expected,
        )?))
    })
    .await?;
    Ok(versioned(&view))
}

/// How to draft the notice from the case.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct GenerateBody {
    /// Replace a draft that already exists.
    #[serde(default)]
    replace: bool,
    /// Calendar days for the steps (30 or 35), when steps are ordered.
    steps_period_days: Option<u32>,
}

/// `POST /api/v1/cases/{reference}/notice/generate`
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notice/generate", tag = "notices", params(("reference" = String, Path, description = "Case reference")), request_body(content = GenerateBody, description = "replace (bool), steps_period_days"), responses((status = 201, description = "Drafted from the case record", body = crate::web::api::notices::NoticeView), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn generate(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: GenerateBody = parse_body(body.into_inner())?;
    if body
        .steps_period_days
        .is_some_and(|d| !(1..=365).contains(&d))
    {
        return Err(invalid_field(
            "steps_period_days",
            "steps_period_days must be between 1 and 365",
        ));
    }
    let view = with_conn(&state, move |conn, s| {
        Ok(NoticeView::from(notices::generate(
            conn,
            &s.context(&user.0),
            &reference,
            &s.regulator,
            body.steps_period_days,
            body.replace,
        )?))
    })
    .await?;
    Ok(HttpResponse::Created().json(view))
}

/// A step in the notice's workflow.
#[derive(Deserialize, utoipa::ToSchema, Default)]
#[serde(deny_unknown_fields)]
struct ActionBody {
    /// Why it is returned (required to return).
    comment: Option<String>,
    /// Issue only: the notice's date (YYYY-MM-DD; default today, never in the future).
    date: Option<chrono::NaiveDate>,
    /// The version the step is about (approval is of a version); default the latest.
    version: Option<i32>,
}

/// `POST /api/v1/cases/{reference}/notice/{action}` with action submit, approve, return or issue.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notice/{action}", tag = "notices", params(("reference" = String, Path, description = "Case reference"), ("action" = String, Path, description = "submit, approve, return or issue")), request_body(content = ActionBody, description = "comment (required to return), date (issue), version (the version approved; default the latest)"), responses((status = 200, description = "The new state", body = crate::web::api::notices::NoticeView), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn act(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let (text, action_text) = path.into_inner();
    let reference = reference(&text)?;
    let action = match action_text.as_str() {
        "submit" => NoticeAction::Submit,
        "approve" => NoticeAction::Approve,
        "return" => NoticeAction::Return,
        "issue" => NoticeAction::Issue,
        _ => {
            return Err(ApiError::NotFound(
                "use submit, approve, return or issue".to_owned(),
            ));
        }
    };
    let body: ActionBody = parse_body(body.into_inner())?;
    // The date is parsed by the body's type, as the allocation's is.
    if body.date.is_some() && action != NoticeAction::Issue {
        return Err(invalid_field("date", "only issuing takes a date"));
    }
    let view = with_conn(&state, move |conn, s| {
        let step = notices::Step {
            action,
            comment: body.comment.as_deref(),
            date: body.date,
            version: body.version,
        };
        Ok(NoticeView::from(notices::act(
            conn,
            &s.context(&user.0),
            &reference,
            &s.regulator,
            step,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// `GET /api/v1/cases/{reference}/notice.pdf`
#[utoipa::path(get, path = "/api/v1/cases/{reference}/notice.pdf", tag = "notices", params(("reference" = String, Path, description = "Case reference"), ("copy" = Option<String>, Query, description = "published (default) or party: the copy for the parties, with the complainant's details")), responses((status = 200, description = "The PDF: the frozen one once issued, else a draft with a watermark", content_type = "application/pdf"), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn pdf(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let party = match query.get("copy").map(String::as_str) {
        None | Some("published") => false,
        Some("party") => true,
        Some(_) => return Err(invalid_field("copy", "copy is published or party")),
    };
    let name = format!("{reference}-decision-notice.pdf");
    // The render slot first, then the connection: waiting to be typeset holds no connection.
    let permit = web::block(notices::render_permit).await??;
    let bytes = with_caller(&state, caller, move |conn, actor, s| {
        Ok(notices::pdf(
            conn,
            &s.context(actor),
            &reference,
            party,
            &permit,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{name}\""),
        ))
        .body(bytes))
}

/// `GET /api/v1/cases/{reference}/notice/diff?from=N&to=M`
#[utoipa::path(get, path = "/api/v1/cases/{reference}/notice/diff", tag = "notices", params(("reference" = String, Path, description = "Case reference"), ("from" = i32, Query, description = "Earlier version"), ("to" = i32, Query, description = "Later version")), responses((status = 200, description = "Line differences"), (status = 401, description = "No or bad bearer token"), (status = 403, description = "The role does not allow this"), (status = 404, description = "No such case or notice"), (status = 409, description = "The notice is in the wrong state"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn compare(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let version = |name: &str| -> Result<i32, ApiError> {
        query
            .get(name)
            .and_then(|v| v.parse::<i32>().ok())
            .filter(|v| *v >= 1)
            .ok_or_else(|| invalid_field(name, format!("{name} must be a version number")))
    };
    let (from, to) = (version("from")?, version("to")?);
    let lines = with_conn(&state, move |conn, s| {
        Ok(notices::compare(
            conn,
            &s.context(&user.0),
            &reference,
            from,
            to,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "from": from, "to": to, "lines": lines })))
}

/// `GET /api/v1/library`: the standard paragraphs at their latest versions, with usage counts.
#[utoipa::path(get, path = "/api/v1/library", tag = "notices", responses((status = 200, description = "The standard paragraphs, keyed by provision and outcome"), (status = 401, description = "No or bad bearer token")), security(("bearer" = [])))]
pub async fn paragraphs(
    state: web::Data<AppState>,
    _user: CurrentUser,
) -> Result<HttpResponse, ApiError> {
    let entries = with_conn(&state, move |conn, _| {
        Ok(crate::service::library::list(conn)?
            .iter()
            .map(EntryView::from)
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "placeholders": crate::service::library::PLACEHOLDERS,
        "entries": entries,
    })))
}

/// A standard paragraph's new text.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct EntryBody {
    /// The heading it sits under.
    heading: String,
    /// The text, with `{authority_short}`-style placeholders.
    text: String,
}

/// `PUT /api/v1/library/{key}`: a manager's edit, saved as a new version.
#[utoipa::path(put, path = "/api/v1/library/{key}", tag = "notices", params(("key" = String, Path, description = "provision:outcome, e.g. s31:not_upheld")), request_body(content = EntryBody, description = "heading, text"), responses((status = 200, description = "The new version", body = EntryView), (status = 401, description = "No or bad bearer token"), (status = 403, description = "Managers only"), (status = 422, description = "Invalid key or text")), security(("bearer" = [])))]
pub async fn edit_entry(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let key = path.into_inner();
    let body: EntryBody = parse_body(body.into_inner())?;
    let entry = with_conn(&state, move |conn, s| {
        Ok(EntryView::from(&crate::service::library::edit(
            conn,
            &user.0,
            s.clock.now(),
            &key,
            &body.heading,
            &body.text,
        )?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(entry))
}

/// The standard paragraph to fill from the case.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct ParagraphBody {
    /// provision:outcome, e.g. s31:not_upheld.
    key: String,
}

/// `POST /api/v1/cases/{reference}/notice/paragraph`: a library entry filled from the case.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notice/paragraph", tag = "notices", params(("reference" = String, Path, description = "Case reference")), request_body(content = ParagraphBody, description = "key"), responses((status = 200, description = "Blocks to insert into the notice"), (status = 401, description = "No or bad bearer token"), (status = 404, description = "No such case or entry")), security(("bearer" = [])))]
pub async fn library_paragraph(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: ParagraphBody = parse_body(body.into_inner())?;
    let blocks = with_conn(&state, move |conn, s| {
        Ok(crate::service::library::paragraph_for_case(
            conn,
            &s.context(&user.0),
            &reference,
            &body.key,
            &s.regulator.short_name,
        )?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "blocks": blocks })))
}

/// A correction of the issued decision: its new date, or its withdrawal.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct IssueCorrectionBody {
    /// The date the notice was in fact issued (YYYY-MM-DD).
    date: Option<chrono::NaiveDate>,
    /// True to withdraw a decision issued in error.
    #[serde(default)]
    withdraw: bool,
    /// Why (required; at most 500 characters).
    #[serde(default)]
    reason: String,
}

/// `POST /api/v1/cases/{reference}/notice/issue-correction`: managers correct the date of an
/// issued decision, or withdraw one issued in error; audited.
#[utoipa::path(post, path = "/api/v1/cases/{reference}/notice/issue-correction", tag = "notices", params(("reference" = String, Path, description = "Case reference")), request_body(content = IssueCorrectionBody, description = "date (YYYY-MM-DD) or withdraw: true"), responses((status = 200, description = "The case after the correction", body = crate::web::api::cases::CaseDetail), (status = 401, description = "No or bad bearer token"), (status = 403, description = "Managers only"), (status = 404, description = "No such case"), (status = 409, description = "No decision was issued"), (status = 422, description = "Refused: the problem names the rule broken")), security(("bearer" = [])))]
pub async fn correct_issue(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    body: Json,
) -> Result<HttpResponse, ApiError> {
    let reference = reference(&path)?;
    let body: IssueCorrectionBody = parse_body(body.into_inner())?;
    let correction = match (body.date, body.withdraw) {
        (Some(date), false) => crate::domain::case::Correction::Redate(date),
        (None, true) => crate::domain::case::Correction::Retract,
        _ => {
            return Err(invalid_field(
                "date",
                "give either the corrected date or \"withdraw\": true",
            ));
        }
    };
    let detail = with_conn(&state, move |conn, s| {
        Ok(crate::web::api::cases::CaseDetail::from(
            notices::correct_issue(
                conn,
                &s.context(&user.0),
                &reference,
                correction,
                &body.reason,
            )?,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(detail))
}
