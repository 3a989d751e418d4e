//! Email pages: the outbox for admins (queued, sent, failed, cancelled; a message in full;
//! retry), the reminder offsets for managers, and the public page where a party opts out of
//! courtesy reminders with the link in their email.

use super::forms::FormErrors;
use super::session::{Posted, Staff};
use super::{AppState, Chrome, PageError, render, render_with_status, see_other, with_db};
use crate::domain::outbox::OutboxStatus;
use crate::domain::reminders::ReminderOffsets;
use crate::service::ServiceError;
use crate::service::outbox::{self, OutboxMessage};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The outbox's status filter and what was just done.
#[derive(Deserialize)]
pub struct OutboxQuery {
    status: Option<String>,
    done: Option<String>,
}

#[derive(Serialize)]
struct OutboxPage {
    status: String,
    statuses: Vec<(String, i64)>,
    rows: Vec<OutboxMessage>,
}

/// `GET /outbox?status=`: the latest 200 messages, by status.
///
/// # Errors
/// Forbidden unless an admin.
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    // An unknown status in the address shows every message (the filter is a link, not input).
    let status = query
        .status
        .as_deref()
        .and_then(|s| OutboxStatus::from_slug(s).ok());
    let actor = staff.actor.clone();
    let (rows, counts) = with_db(&state, move |conn| {
        Ok((
            outbox::list(conn, &actor, status, 200)?,
            outbox::counts(conn)?,
        ))
    })
    .await?;
    let statuses = counts
        .into_iter()
        .map(|(s, n)| (s.slug().to_owned(), n))
        .collect();
    render(
        "outbox.html",
        &Chrome::for_staff(&staff, "outbox").with_banner(query.done.as_deref()),
        &OutboxPage {
            status: status.map(|s| s.slug().to_owned()).unwrap_or_default(),
            statuses,
            rows,
        },
    )
}

#[derive(Serialize)]
struct MessagePage {
    message: OutboxMessage,
    can_retry: bool,
    /// Attached files: name and size in kilobytes.
    attachments: Vec<(String, String)>,
}

/// `GET /outbox/{id}`: one message in full.
///
/// # Errors
/// Forbidden unless an admin; not found.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    let actor = staff.actor.clone();
    let id = path.into_inner();
    let (message, files) = with_db(&state, move |conn| {
        Ok((
            outbox::get(conn, &actor, id)?,
            outbox::attachment_list(conn, &actor, id)?,
        ))
    })
    .await?;
    let can_retry = message.status.retryable();
    let attachments = files
        .into_iter()
        .map(|(name, bytes)| (name, format!("{} KB", bytes.div_ceil(1024))))
        .collect();
    render(
        "outbox_message.html",
        &Chrome::for_staff(&staff, "outbox"),
        &MessagePage {
            message,
            can_retry,
            attachments,
        },
    )
}

/// A form with no fields besides its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// `POST /outbox/{id}/retry`.
///
/// # Errors
/// Forbidden unless an admin; not found; conflict for a message that was sent.
pub async fn retry(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<Empty>,
) -> Result<HttpResponse, PageError> {
    posted.staff.require_admin()?;
    let actor = posted.staff.actor.clone();
    let id = path.into_inner();
    let now = state.clock.now();
    with_db(&state, move |conn| {
        Ok(outbox::retry(conn, &actor, now, id)?)
    })
    .await?;
    Ok(see_other("/outbox?status=queued&done=message_retried"))
}

#[derive(Serialize)]
struct OffsetsPage {
    values: OffsetFields,
    errors: FormErrors,
}

/// The offsets form, as typed.
#[derive(Serialize, Deserialize, Default)]
pub struct OffsetFields {
    #[serde(default)]
    letter_working_days_before: String,
    #[serde(default)]
    steps_days_before: String,
    #[serde(default)]
    digest_working_days: String,
    #[serde(default)]
    service_standard_days: String,
    #[serde(default)]
    appeal_response_working_days_before: String,
}

impl From<ReminderOffsets> for OffsetFields {
    fn from(o: ReminderOffsets) -> Self {
        OffsetFields {
            letter_working_days_before: o.letter_working_days_before.to_string(),
            steps_days_before: o.steps_days_before.to_string(),
            digest_working_days: o.digest_working_days.to_string(),
            service_standard_days: o.service_standard_days.to_string(),
            appeal_response_working_days_before: o.appeal_response_working_days_before.to_string(),
        }
    }
}

/// `GET /reminders`: the reminder offsets (managers and admins).
///
/// # Errors
/// Forbidden for officers.
pub async fn offsets(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let current = with_db(&state, |conn| Ok(outbox::offsets(conn)?)).await?;
    render(
        "reminders.html",
        &Chrome::for_staff(&staff, "reminders").with_banner(query.done.as_deref()),
        &OffsetsPage {
            values: current.into(),
            errors: FormErrors::default(),
        },
    )
}

/// `POST /reminders`.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn save_offsets(
    state: web::Data<AppState>,
    posted: Posted<OffsetFields>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_manager()?;
    let mut errors = FormErrors::default();
    let mut number = |name: &str, text: &str| -> u32 {
        text.trim().parse::<u32>().unwrap_or_else(|_| {
            errors.add(name, "Enter a whole number of days");
            0
        })
    };
    let o = ReminderOffsets {
        letter_working_days_before: number(
            "letter_working_days_before",
            &form.letter_working_days_before,
        ),
        steps_days_before: number("steps_days_before", &form.steps_days_before),
        digest_working_days: number("digest_working_days", &form.digest_working_days),
        service_standard_days: number("service_standard_days", &form.service_standard_days),
        appeal_response_working_days_before: number(
            "appeal_response_working_days_before",
            &form.appeal_response_working_days_before,
        ),
    };
    if errors.is_empty() {
        let actor = staff.actor.clone();
        let now = state.clock.now();
        let saved = with_db(&state, move |conn| {
            Ok(outbox::set_offsets(conn, &actor, now, &o))
        })
        .await?;
        match saved {
            Ok(()) => return Ok(see_other("/reminders?done=offsets_saved")),
            Err(ServiceError::Invalid { rule, message, .. }) => errors.add(&rule, message),
            Err(other) => return Err(other.into()),
        }
    }
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "reminders.html",
        &Chrome::for_staff(&staff, "reminders"),
        &OffsetsPage {
            values: form,
            errors,
        },
    )
}

#[derive(Serialize)]
struct OptOutPage {
    token: String,
    done: bool,
    known: bool,
}

/// `GET /opt-out/{token}`: asks the party to confirm (a link alone never changes anything, so
/// that mail scanners following links do not opt people out).
///
/// # Errors
/// Template failures.
pub async fn opt_out_form(path: web::Path<String>) -> Result<HttpResponse, PageError> {
    render(
        "opt_out.html",
        &Chrome::public(""),
        &OptOutPage {
            token: path.into_inner(),
            done: false,
            known: true,
        },
    )
}

/// `POST /opt-out/{token}`: stops courtesy reminders to the address the link was sent to.
/// The secret in the link is the proof; statutory notices still go.
///
/// # Errors
/// Database failures.
pub async fn opt_out(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let token = path.into_inner();
    let now = state.clock.now();
    let t = token.clone();
    let known = with_db(&state, move |conn| Ok(outbox::opt_out(conn, now, &t)?)).await?;
    render_with_status(
        if known {
            StatusCode::OK
        } else {
            StatusCode::NOT_FOUND
        },
        "opt_out.html",
        &Chrome::public(""),
        &OptOutPage {
            token,
            done: known,
            known,
        },
    )
}
