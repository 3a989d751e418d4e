//! `POST /api/v1/timeline[?as_of=YYYY-MM-DD]`: the deadline engine over HTTP, no sign-in needed.
//! Same JSON in and out as `section50 timeline`; refused timelines get 422 problem documents.

use super::AppState;
use super::error::ApiError;
use crate::domain::deadline::{Evaluation, evaluate, evaluate_with};
use crate::domain::timeline::parse_timeline_json;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

/// Query parameters.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineQuery {
    /// The day statuses are evaluated on (default: today in the UK).
    as_of: Option<String>,
}

/// Evaluates a timeline.
///
/// # Errors
/// 400 for a body that is not text, 422 for a refused timeline.
#[utoipa::path(post, path = "/api/v1/timeline", tag = "deadlines", params(("as_of" = Option<String>, Query, description = "Evaluation day (YYYY-MM-DD), default today in the UK")), request_body(content = Object, description = "{\"regime\", \"events\": [{\"kind\", \"date\" | \"timestamp\"}], \"settings\"}"), responses((status = 200, description = "Every deadline with its status, lateness and skipped days"), (status = 422, description = "The timeline is impossible or malformed", body = super::error::Problem, content_type = "application/problem+json")))]
pub async fn evaluate_timeline(
    state: web::Data<AppState>,
    query: web::Query<TimelineQuery>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let as_of = match &query.as_of {
        None => state.clock.today(),
        Some(text) => {
            NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| ApiError::Unprocessable {
                rule: "malformed_date".to_owned(),
                event: None,
                detail: format!("as_of \"{text}\" is not a date in the form YYYY-MM-DD"),
            })?
        }
    };
    let text = std::str::from_utf8(&body)
        .map_err(|_| ApiError::BadRequest("the body must be UTF-8 JSON".into()))?;
    let (timeline, mut settings) = parse_timeline_json(text)?;
    settings
        .extra_holidays
        .extend(state.clock_settings.extra_holidays.iter().cloned());
    // The deployment's calendars are built once at start-up; only a request that changes the
    // calendar switches pays for building its own.
    let evaluation: Evaluation = if settings.calendar_options() == *state.calendars.options() {
        evaluate_with(&timeline, &settings, &state.calendars, as_of)?
    } else {
        evaluate(&timeline, &settings, as_of)?
    };
    Ok(HttpResponse::Ok().json(evaluation))
}
