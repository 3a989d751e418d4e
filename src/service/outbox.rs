//! The outbox: emails as rows, written in the caller's transaction with a unique
//! de-duplication key (so a message is queued at most once however often its cause is seen),
//! claimed by workers (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite, whose writers are
//! serialised, one `UPDATE` claims the rows), stamped when sent, retried with exponential
//! backoff when sending fails, marked failed after the configured attempts, and retried by an
//! admin. Parties' opt-outs and the reminder offsets live here too.

use super::{Actor, ServiceError, stamp};
use crate::db::schema::{email_recipients, outbox, reminder_settings};
use crate::db::{AnyConnection, is_postgres};
use crate::domain::reminders::ReminderOffsets;
use crate::mail::{EmailKind, Rendered};
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

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
    /// authority, complainant, officer or manager.
    pub recipient_role: &'static str,
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

/// A stored message.
#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    /// Identifier.
    pub id: i64,
    /// De-duplication key.
    pub dedup_key: String,
    /// The case.
    pub case_id: Option<i64>,
    /// Kind.
    pub kind: String,
    /// Recipient address.
    pub recipient: String,
    /// Recipient role.
    pub recipient_role: String,
    /// The deadline reminded of.
    pub deadline_name: Option<String>,
    /// Its date when queued.
    pub deadline_date: Option<NaiveDate>,
    /// Whether the law requires it.
    pub statutory: bool,
    /// Subject.
    pub subject: String,
    /// Text part.
    pub body_text: String,
    /// HTML part.
    pub body_html: String,
    /// queued, sending, sent, failed or cancelled.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Not before.
    pub next_attempt_at: NaiveDateTime,
    /// The worker holding it.
    pub claimed_by: Option<String>,
    /// Until when.
    pub claimed_until: Option<NaiveDateTime>,
    /// The last failure (no message content).
    pub last_error: Option<String>,
    /// Queued at.
    pub created_at: NaiveDateTime,
    /// Sent at.
    pub sent_at: Option<NaiveDateTime>,
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
    let at = stamp(now);
    let (deadline_name, deadline_date) = message
        .deadline
        .as_ref()
        .map_or((None, None), |(n, d)| (Some(n.as_str()), Some(*d)));
    let values = (
        outbox::dedup_key.eq(&message.dedup_key),
        outbox::case_id.eq(message.case_id),
        outbox::kind.eq(message.kind.slug()),
        outbox::recipient.eq(&message.recipient),
        outbox::recipient_role.eq(message.recipient_role),
        outbox::deadline_name.eq(deadline_name),
        outbox::deadline_date.eq(deadline_date),
        outbox::statutory.eq(message.kind.statutory()),
        outbox::subject.eq(&message.rendered.subject),
        outbox::body_text.eq(&message.rendered.text),
        outbox::body_html.eq(&message.rendered.html),
        outbox::status.eq("queued"),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(at),
        outbox::created_at.eq(at),
    );
    let inserted = crate::on_backend!(conn, c => diesel::insert_into(outbox::table)
        .values(values)
        .on_conflict(outbox::dedup_key)
        .do_nothing()
        .execute(c))?;
    let token = recipient_token();
    crate::on_backend!(conn, c => diesel::insert_into(email_recipients::table)
        .values((
            email_recipients::email.eq(message.recipient.to_lowercase()),
            email_recipients::opt_out_token.eq(&token),
        ))
        .on_conflict(email_recipients::email)
        .do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// The opt-out link's secret for an address (made when first needed).
///
/// # Errors
/// Database failures.
pub fn opt_out_token(conn: &mut AnyConnection, email: &str) -> Result<String, ServiceError> {
    let email = email.to_lowercase();
    let token = recipient_token();
    crate::on_backend!(conn, c => diesel::insert_into(email_recipients::table)
        .values((
            email_recipients::email.eq(&email),
            email_recipients::opt_out_token.eq(&token),
        ))
        .on_conflict(email_recipients::email)
        .do_nothing()
        .execute(c))?;
    Ok(email_recipients::table
        .find(&email)
        .select(email_recipients::opt_out_token)
        .first(conn)?)
}

/// Whether an address opted out of courtesy reminders.
///
/// # Errors
/// Database failures.
pub fn opted_out(conn: &mut AnyConnection, email: &str) -> Result<bool, ServiceError> {
    let at: Option<Option<NaiveDateTime>> = email_recipients::table
        .find(email.to_lowercase())
        .select(email_recipients::opted_out_at)
        .first(conn)
        .optional()?;
    Ok(at.flatten().is_some())
}

/// Records an opt-out from the link's secret; returns the address's domain-less hint (none is
/// shown) and whether the secret was known.
///
/// # Errors
/// Database failures.
pub fn opt_out(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<bool, ServiceError> {
    let changed =
        diesel::update(email_recipients::table.filter(email_recipients::opt_out_token.eq(token)))
            .set(email_recipients::opted_out_at.eq(Some(stamp(now))))
            .execute(conn)?;
    Ok(changed == 1)
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
) -> Result<Vec<OutboxRow>, ServiceError> {
    let at = stamp(now);
    let until = at + Duration::minutes(CLAIM_MINUTES);
    let pg = is_postgres(conn);
    let sql = format!(
        "UPDATE outbox SET status = 'sending', claimed_by = {p1}, claimed_until = {p2}
         WHERE id IN (SELECT id FROM outbox
                      WHERE (status = 'queued' AND next_attempt_at <= {p3})
                         OR (status = 'sending' AND claimed_until < {p4})
                      ORDER BY id LIMIT {limit}{lock})",
        p1 = if pg { "$1" } else { "?" },
        p2 = if pg { "$2" } else { "?" },
        p3 = if pg { "$3" } else { "?" },
        p4 = if pg { "$4" } else { "?" },
        lock = if pg { " FOR UPDATE SKIP LOCKED" } else { "" },
    );
    conn.transaction(|conn| {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::Text, _>(worker)
            .bind::<diesel::sql_types::Timestamp, _>(until)
            .bind::<diesel::sql_types::Timestamp, _>(at)
            .bind::<diesel::sql_types::Timestamp, _>(at)
            .execute(conn)?;
        Ok(outbox::table
            .filter(outbox::status.eq("sending"))
            .filter(outbox::claimed_by.eq(worker))
            .order(outbox::id.asc())
            .select(OutboxRow::as_select())
            .load(conn)?)
    })
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
    diesel::update(outbox::table.find(id).filter(outbox::claimed_by.eq(worker)))
        .set((
            outbox::status.eq("sent"),
            outbox::sent_at.eq(Some(stamp(now))),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Cancels a message that should no longer go (its deadline moved or was met, or the party
/// opted out of reminders), saying why.
///
/// # Errors
/// Database failures.
pub fn cancel(conn: &mut AnyConnection, id: i64, why: &str) -> Result<(), ServiceError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq("cancelled"),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(why)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: retried after 1, 2, 4 … minutes (at most a day), or marked
/// failed after `max_attempts`. Returns whether it will be retried.
///
/// # Errors
/// Database failures.
pub fn mark_attempt_failed(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    row: &OutboxRow,
    error: &str,
    max_attempts: i32,
) -> Result<bool, ServiceError> {
    let attempts = row.attempts + 1;
    let retry = attempts < max_attempts;
    let backoff = Duration::minutes((1_i64 << (attempts - 1).clamp(0, 10)).min(24 * 60));
    diesel::update(outbox::table.find(row.id))
        .set((
            outbox::status.eq(if retry { "queued" } else { "failed" }),
            outbox::attempts.eq(attempts),
            outbox::next_attempt_at.eq(stamp(now) + backoff),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error.chars().take(500).collect::<String>())),
        ))
        .execute(conn)?;
    Ok(retry)
}

/// A page of the outbox for admins, newest first.
///
/// # Errors
/// Forbidden unless an admin.
pub fn list(
    conn: &mut AnyConnection,
    actor: &Actor,
    status: Option<&str>,
    limit: i64,
) -> Result<Vec<OutboxRow>, ServiceError> {
    actor.require_admin("see the outbox")?;
    let mut q = outbox::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s.to_owned()));
    }
    Ok(q.order(outbox::id.desc())
        .limit(limit)
        .select(OutboxRow::as_select())
        .load(conn)?)
}

/// Counts by status, for the admin page and the metrics.
///
/// # Errors
/// Database failures.
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(String, i64)>, ServiceError> {
    Ok(outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .order(outbox::status.asc())
        .load(conn)?)
}

/// One message, in full.
///
/// # Errors
/// Forbidden unless an admin; not found.
pub fn get(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Result<OutboxRow, ServiceError> {
    actor.require_admin("see the outbox")?;
    outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no message {id}")))
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
    conn.transaction(|conn| {
        let row = get(conn, actor, id)?;
        if !matches!(row.status.as_str(), "failed" | "cancelled") {
            return Err(ServiceError::Conflict(format!(
                "message {id} is {}; only failed or cancelled messages can be retried",
                row.status
            )));
        }
        diesel::update(outbox::table.find(id))
            .set((
                outbox::status.eq("queued"),
                outbox::attempts.eq(0),
                outbox::next_attempt_at.eq(stamp(now)),
                outbox::last_error.eq(None::<String>),
            ))
            .execute(conn)?;
        super::authorities::audit(conn, actor, "outbox.retry", &id.to_string(), stamp(now))
    })
}

const OFFSET_NAMES: [&str; 4] = [
    "letter_working_days_before",
    "steps_days_before",
    "digest_working_days",
    "service_standard_days",
];

/// The reminder offsets in force (defaults where a manager set none).
///
/// # Errors
/// Database failures.
pub fn offsets(conn: &mut AnyConnection) -> Result<ReminderOffsets, ServiceError> {
    let rows: Vec<(String, i32)> = reminder_settings::table
        .select((reminder_settings::name, reminder_settings::value))
        .load(conn)?;
    let mut o = ReminderOffsets::default();
    for (name, value) in rows {
        let v = u32::try_from(value).unwrap_or(0);
        match name.as_str() {
            "letter_working_days_before" => o.letter_working_days_before = v,
            "steps_days_before" => o.steps_days_before = v,
            "digest_working_days" => o.digest_working_days = v,
            "service_standard_days" => o.service_standard_days = v,
            _ => {}
        }
    }
    Ok(o)
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
    let values = [
        o.letter_working_days_before,
        o.steps_days_before,
        o.digest_working_days,
        o.service_standard_days,
    ];
    for (name, v) in OFFSET_NAMES.iter().zip(values) {
        let max = if *name == "service_standard_days" {
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
    conn.transaction(|conn| {
        diesel::delete(reminder_settings::table).execute(conn)?;
        for (name, v) in OFFSET_NAMES.iter().zip(values) {
            diesel::insert_into(reminder_settings::table)
                .values((
                    reminder_settings::name.eq(*name),
                    reminder_settings::value.eq(i32::try_from(v).unwrap_or(i32::MAX)),
                ))
                .execute(conn)?;
        }
        super::authorities::audit(conn, actor, "reminders.offsets", "settings", stamp(now))
    })
}
