//! The outbox as use cases: emails queued in the caller's transaction with a unique
//! de-duplication key (so a message is queued at most once however often its cause is seen),
//! claimed by workers, stamped when sent, retried with exponential backoff when sending fails,
//! marked failed after the configured attempts, and retried by an admin. Parties' opt-outs and
//! the reminder offsets are here too. The queries are `db::outbox` and `db::reminders`.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::outbox::{self as db, NewOutboxMessage};
use crate::domain::outbox::{OutboxStatus, RecipientRole};
use crate::domain::reminders::ReminderOffsets;
use crate::mail::{EmailKind, Rendered};
use chrono::{DateTime, Duration, NaiveDate, Utc};

pub use crate::db::outbox::OutboxMessage;

/// A message to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    /// Unique: the same key is never queued twice.
    pub dedup_key: String,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// What it is.
    pub kind: EmailKind,
    /// To whom.
    pub recipient: String,
    /// Whom it is for.
    pub recipient_role: RecipientRole,
    /// The deadline it reminds of, re-checked when it is sent.
    pub deadline: Option<(String, NaiveDate)>,
    /// Its text.
    pub rendered: Rendered,
}

impl NewMessage {
    /// The key of a message: case, kind, deadline date and recipient.
    #[must_use]
    pub fn key(case: &str, kind: &str, date: &str, recipient: &str) -> String {
        format!("{case}|{kind}|{date}|{}", recipient.to_lowercase())
    }
}

fn recipient_token() -> String {
    super::users::random_secret(24)
}

/// Queues a message unless one with its key exists; returns whether it was queued. Runs in
/// the caller's transaction, so the message exists exactly when the change that caused it does.
///
/// # Errors
/// Database failures.
pub fn enqueue(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    message: &NewMessage,
) -> Result<bool, ServiceError> {
    let inserted = db::insert(
        conn,
        stamp(now),
        &NewOutboxMessage {
            dedup_key: &message.dedup_key,
            case_id: message.case_id,
            kind: message.kind.slug(),
            recipient: &message.recipient,
            recipient_role: message.recipient_role,
            deadline: message.deadline.as_ref().map(|(n, d)| (n.as_str(), *d)),
            statutory: message.kind.statutory(),
            subject: &message.rendered.subject,
            body_text: &message.rendered.text,
            body_html: &message.rendered.html,
        },
    )?;
    db::add_recipient(conn, &message.recipient, &recipient_token())?;
    Ok(inserted)
}

/// The opt-out link's secret for an address (made when first needed).
///
/// # Errors
/// Database failures.
pub fn opt_out_token(conn: &mut AnyConnection, email: &str) -> Result<String, ServiceError> {
    db::add_recipient(conn, email, &recipient_token())?;
    Ok(db::opt_out_token(conn, email)?)
}

/// Whether an address opted out of courtesy reminders.
///
/// # Errors
/// Database failures.
pub fn opted_out(conn: &mut AnyConnection, email: &str) -> Result<bool, ServiceError> {
    Ok(db::opted_out(conn, email)?)
}

/// Records an opt-out from the link's secret; returns whether the secret was known.
///
/// # Errors
/// Database failures.
pub fn opt_out(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<bool, ServiceError> {
    Ok(db::opt_out(conn, stamp(now), token)?)
}

/// How long a worker may hold a claimed message before another may take it over.
pub const CLAIM_MINUTES: i64 = 10;

/// Claims up to `limit` due messages for `worker` (and any whose claim expired). Each message
/// is claimed by one worker only, on both backends.
///
/// # Errors
/// Database failures.
pub fn claim(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    worker: &str,
    limit: i64,
) -> Result<Vec<OutboxMessage>, ServiceError> {
    let at = stamp(now);
    Ok(db::claim(
        conn,
        at,
        at + Duration::minutes(CLAIM_MINUTES),
        worker,
        limit,
    )?)
}

/// Stamps a message sent.
///
/// # Errors
/// Database failures.
pub fn mark_sent(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    id: i64,
    worker: &str,
) -> Result<(), ServiceError> {
    Ok(db::mark_sent(conn, stamp(now), id, worker)?)
}

/// Cancels a message that should no longer go (its deadline moved or was met, or the party
/// opted out of reminders), saying why.
///
/// # Errors
/// Database failures.
pub fn cancel(conn: &mut AnyConnection, id: i64, why: &str) -> Result<(), ServiceError> {
    Ok(db::cancel(conn, id, why)?)
}

/// Records a failed attempt: retried after 1, 2, 4 … minutes (at most a day), or marked
/// failed after `max_attempts`. Returns whether it will be retried.
///
/// # Errors
/// Database failures.
pub fn mark_attempt_failed(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    message: &OutboxMessage,
    error: &str,
    max_attempts: i32,
) -> Result<bool, ServiceError> {
    let attempts = message.attempts + 1;
    let retry = attempts < max_attempts;
    let backoff = Duration::minutes((1_i64 << (attempts - 1).clamp(0, 10)).min(24 * 60));
    db::record_failure(
        conn,
        message.id,
        if retry {
            OutboxStatus::Queued
        } else {
            OutboxStatus::Failed
        },
        attempts,
        stamp(now) + backoff,
        &error.chars().take(500).collect::<String>(),
    )?;
    Ok(retry)
}

/// A page of the outbox for admins, newest first.
///
/// # Errors
/// Forbidden unless an admin.
pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    status: Option<OutboxStatus>,
    limit: i64,
) -> Result<Vec<OutboxMessage>, ServiceError> {
    actor.require_admin("see the outbox")?;
    Ok(db::list(conn, status, limit)?)
}

/// How many messages have each status, every status listed (for the admin page and the
/// metrics).
///
/// # Errors
/// Database failures.
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(OutboxStatus, i64)>, ServiceError> {
    let stored = db::counts(conn)?;
    Ok(OutboxStatus::ALL
        .iter()
        .map(|s| {
            let n = stored.iter().find(|(k, _)| k == s).map_or(0, |(_, n)| *n);
            (*s, n)
        })
        .collect())
}

/// One message, in full.
///
/// # Errors
/// Forbidden unless an admin; not found.
pub fn get(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<OutboxMessage, ServiceError> {
    actor.require_admin("see the outbox")?;
    db::find(conn, id)?.ok_or_else(|| ServiceError::NotFound(format!("there is no message {id}")))
}

/// The files attached to a message, as the mailer sends them.
///
/// # Errors
/// Database failures.
pub fn attachments(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Vec<crate::mail::Attachment>, ServiceError> {
    Ok(db::attachments(conn, id)?
        .into_iter()
        .map(|a| crate::mail::Attachment {
            filename: a.filename,
            content_type: a.content_type,
            content: a.content,
        })
        .collect())
}

/// The names and sizes of a message's attachments, for the outbox page (admins only).
///
/// # Errors
/// Forbidden unless an admin; database failures.
pub fn attachment_list(
    conn: &mut AnyConnection,
    actor: &Actor,
    id: i64,
) -> Result<Vec<(String, usize)>, ServiceError> {
    actor.require_admin("see the outbox")?;
    Ok(db::attachments(conn, id)?
        .into_iter()
        .map(|a| (a.filename, a.content.len()))
        .collect())
}

/// Attaches a file to the message queued under `dedup_key` in this transaction; a message that
/// was not queued (a duplicate key) gets nothing.
///
/// # Errors
/// Database failures.
pub fn attach(
    conn: &mut AnyConnection,
    dedup_key: &str,
    file: &crate::mail::Attachment,
) -> Result<bool, ServiceError> {
    let Some(id) = db::id_by_key(conn, dedup_key)? else {
        return Ok(false);
    };
    if !db::attachments(conn, id)?.is_empty() {
        return Ok(false);
    }
    db::attach(
        conn,
        id,
        &db::StoredAttachment {
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
            content: file.content.clone(),
        },
    )?;
    Ok(true)
}

/// Puts a failed (or cancelled) message back in the queue, due now, with its attempts reset.
///
/// # Errors
/// Forbidden unless an admin; not found; conflict when it was sent or is queued.
pub fn retry(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
) -> Result<(), ServiceError> {
    actor.require_admin("retry messages")?;
    crate::db::write_transaction(conn, |conn| {
        let message = get(conn, actor, id)?;
        if !message.status.retryable() {
            return Err(ServiceError::Conflict(format!(
                "message {id} is {}; only failed or cancelled messages can be retried",
                message.status.slug()
            )));
        }
        db::requeue(conn, id, stamp(now))?;
        super::authorities::audit(conn, actor, "outbox.retry", &id.to_string(), stamp(now))
    })
}

/// The reminder offsets in force (defaults where a manager set none).
///
/// # Errors
/// Database failures, or a stored offset that does not parse.
pub fn offsets(conn: &mut AnyConnection) -> Result<ReminderOffsets, ServiceError> {
    Ok(crate::db::reminders::offsets(conn)?)
}

/// Changes the reminder offsets (managers and admins).
///
/// # Errors
/// Forbidden; invalid values (each 1–60, the service standard 1–730).
pub fn set_offsets(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    o: &ReminderOffsets,
) -> Result<(), ServiceError> {
    actor.require_manager("change reminder offsets")?;
    for (name, v) in crate::db::reminders::offset_values(o) {
        let max = if name == "service_standard_days" {
            730
        } else {
            60
        };
        if v == 0 || v > max {
            return Err(ServiceError::invalid(
                name,
                format!("Enter a number of days from 1 to {max}"),
            ));
        }
    }
    crate::db::write_transaction(conn, |conn| {
        crate::db::reminders::save_offsets(conn, o)?;
        super::authorities::audit(conn, actor, "reminders.offsets", "settings", stamp(now))
    })
}
