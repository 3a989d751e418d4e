//! Storage of the outbox and of parties' opt-outs: every query on `outbox` and
//! `email_recipients`, and the one place their stored status and recipient role are parsed.

use super::schema::{email_recipients, outbox, outbox_attachments};
use super::{AnyConnection, is_postgres, unreadable};
use crate::domain::outbox::{OutboxStatus, RecipientRole};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DbError;
use serde::Serialize;

/// A stored message, its status and recipient role parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutboxMessage {
    /// Identifier.
    pub id: i64,
    /// De-duplication key.
    pub dedup_key: String,
    /// The case.
    pub case_id: Option<i64>,
    /// Kind (an email kind's slug).
    pub kind: String,
    /// Recipient address.
    pub recipient: String,
    /// Whom it is for.
    pub recipient_role: RecipientRole,
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
    /// Where it is.
    pub status: OutboxStatus,
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

#[derive(Queryable, Selectable)]
#[diesel(table_name = outbox)]
struct Row {
    id: i64,
    dedup_key: String,
    case_id: Option<i64>,
    kind: String,
    recipient: String,
    recipient_role: String,
    deadline_name: Option<String>,
    deadline_date: Option<NaiveDate>,
    statutory: bool,
    subject: String,
    body_text: String,
    body_html: String,
    status: String,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    claimed_by: Option<String>,
    claimed_until: Option<NaiveDateTime>,
    last_error: Option<String>,
    created_at: NaiveDateTime,
    sent_at: Option<NaiveDateTime>,
}

fn status(value: &str) -> Result<OutboxStatus, DbError> {
    OutboxStatus::from_slug(value).map_err(|_| unreadable("outbox", "status", value))
}

fn parse(r: Row) -> Result<OutboxMessage, DbError> {
    Ok(OutboxMessage {
        status: status(&r.status)?,
        recipient_role: RecipientRole::from_slug(&r.recipient_role)
            .map_err(|_| unreadable("outbox", "recipient_role", &r.recipient_role))?,
        id: r.id,
        dedup_key: r.dedup_key,
        case_id: r.case_id,
        kind: r.kind,
        recipient: r.recipient,
        deadline_name: r.deadline_name,
        deadline_date: r.deadline_date,
        statutory: r.statutory,
        subject: r.subject,
        body_text: r.body_text,
        body_html: r.body_html,
        attempts: r.attempts,
        next_attempt_at: r.next_attempt_at,
        claimed_by: r.claimed_by,
        claimed_until: r.claimed_until,
        last_error: r.last_error,
        created_at: r.created_at,
        sent_at: r.sent_at,
    })
}

fn parse_all(rows: Vec<Row>) -> Result<Vec<OutboxMessage>, DbError> {
    rows.into_iter().map(parse).collect()
}

/// A message to store, as text already rendered.
#[derive(Debug, Clone, Copy)]
pub struct NewOutboxMessage<'a> {
    /// Unique: the same key is never queued twice.
    pub dedup_key: &'a str,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// The email kind's slug.
    pub kind: &'a str,
    /// To whom.
    pub recipient: &'a str,
    /// Whom it is for.
    pub recipient_role: RecipientRole,
    /// The deadline it reminds of (its slug) and its date.
    pub deadline: Option<(&'a str, NaiveDate)>,
    /// Whether the law requires it.
    pub statutory: bool,
    /// Subject.
    pub subject: &'a str,
    /// Text part.
    pub body_text: &'a str,
    /// HTML part.
    pub body_html: &'a str,
}

/// Stores a message, queued and due at `at`, unless one with its key exists; returns whether
/// it was stored.
///
/// # Errors
/// Database failures.
pub fn insert(
    conn: &mut AnyConnection,
    at: NaiveDateTime,
    m: &NewOutboxMessage<'_>,
) -> Result<bool, DbError> {
    let values = (
        outbox::dedup_key.eq(m.dedup_key),
        outbox::case_id.eq(m.case_id),
        outbox::kind.eq(m.kind),
        outbox::recipient.eq(m.recipient),
        outbox::recipient_role.eq(m.recipient_role.slug()),
        outbox::deadline_name.eq(m.deadline.map(|(n, _)| n)),
        outbox::deadline_date.eq(m.deadline.map(|(_, d)| d)),
        outbox::statutory.eq(m.statutory),
        outbox::subject.eq(m.subject),
        outbox::body_text.eq(m.body_text),
        outbox::body_html.eq(m.body_html),
        outbox::status.eq(OutboxStatus::Queued.slug()),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(at),
        outbox::created_at.eq(at),
    );
    let inserted = crate::on_backend!(conn, c => diesel::insert_into(outbox::table)
        .values(values)
        .on_conflict(outbox::dedup_key)
        .do_nothing()
        .execute(c))?;
    Ok(inserted == 1)
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredAttachment {
    /// The file's name, as the recipient sees it.
    pub filename: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its bytes.
    pub content: Vec<u8>,
}

/// The message with this de-duplication key, if one was queued.
///
/// # Errors
/// Database failures.
pub fn id_by_key(conn: &mut AnyConnection, dedup_key: &str) -> Result<Option<i64>, DbError> {
    outbox::table
        .filter(outbox::dedup_key.eq(dedup_key))
        .select(outbox::id)
        .first(conn)
        .optional()
}

/// Attaches a file to a queued message (in the transaction that queued it).
///
/// # Errors
/// Database failures.
pub fn attach(
    conn: &mut AnyConnection,
    outbox_id: i64,
    file: &StoredAttachment,
) -> Result<(), DbError> {
    diesel::insert_into(outbox_attachments::table)
        .values((
            outbox_attachments::outbox_id.eq(outbox_id),
            outbox_attachments::filename.eq(&file.filename),
            outbox_attachments::content_type.eq(&file.content_type),
            outbox_attachments::content.eq(&file.content),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The files attached to a message, in the order attached.
///
/// # Errors
/// Database failures.
pub fn attachments(
    conn: &mut AnyConnection,
    outbox_id: i64,
) -> Result<Vec<StoredAttachment>, DbError> {
    let rows: Vec<(String, String, Vec<u8>)> = outbox_attachments::table
        .filter(outbox_attachments::outbox_id.eq(outbox_id))
        .order(outbox_attachments::id)
        .select((
            outbox_attachments::filename,
            outbox_attachments::content_type,
            outbox_attachments::content,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(filename, content_type, content)| StoredAttachment {
            filename,
            content_type,
            content,
        })
        .collect())
}

/// Records an address with a new opt-out secret unless it is known already (its secret is
/// kept: links already sent keep working).
///
/// # Errors
/// Database failures.
pub fn add_recipient(
    conn: &mut AnyConnection,
    email: &str,
    new_token: &str,
) -> Result<(), DbError> {
    let email = email.to_lowercase();
    crate::on_backend!(conn, c => diesel::insert_into(email_recipients::table)
        .values((
            email_recipients::email.eq(&email),
            email_recipients::opt_out_token.eq(new_token),
        ))
        .on_conflict(email_recipients::email)
        .do_nothing()
        .execute(c))?;
    Ok(())
}

/// An address's opt-out secret.
///
/// # Errors
/// Not found for an unknown address; database failures.
pub fn opt_out_token(conn: &mut AnyConnection, email: &str) -> Result<String, DbError> {
    email_recipients::table
        .find(email.to_lowercase())
        .select(email_recipients::opt_out_token)
        .first(conn)
}

/// Whether an address opted out of courtesy reminders.
///
/// # Errors
/// Database failures.
pub fn opted_out(conn: &mut AnyConnection, email: &str) -> Result<bool, DbError> {
    let at: Option<Option<NaiveDateTime>> = email_recipients::table
        .find(email.to_lowercase())
        .select(email_recipients::opted_out_at)
        .first(conn)
        .optional()?;
    Ok(at.flatten().is_some())
}

/// Stamps the opt-out of the address whose secret this is; returns whether the secret was known.
///
/// # Errors
/// Database failures.
pub fn opt_out(conn: &mut AnyConnection, at: NaiveDateTime, token: &str) -> Result<bool, DbError> {
    let changed =
        diesel::update(email_recipients::table.filter(email_recipients::opt_out_token.eq(token)))
            .set(email_recipients::opted_out_at.eq(Some(at)))
            .execute(conn)?;
    Ok(changed == 1)
}

/// Claims up to `limit` messages due at `at` (and any whose claim expired) for `worker` until
/// `until`, and returns the worker's claimed messages. Each message is claimed by one worker
/// only: `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite, whose writers are serialised, the
/// one `UPDATE` claims them.
///
/// # Errors
/// Database failures, or a stored value that does not parse.
pub fn claim(
    conn: &mut AnyConnection,
    at: NaiveDateTime,
    until: NaiveDateTime,
    worker: &str,
    limit: i64,
) -> Result<Vec<OutboxMessage>, DbError> {
    let pg = is_postgres(conn);
    let sql = format!(
        "UPDATE outbox SET status = '{sending}', claimed_by = {p1}, claimed_until = {p2}
         WHERE id IN (SELECT id FROM outbox
                      WHERE (status = '{queued}' AND next_attempt_at <= {p3})
                         OR (status = '{sending}' AND claimed_until < {p4})
                      ORDER BY id LIMIT {limit}{lock})",
        sending = OutboxStatus::Sending.slug(),
        queued = OutboxStatus::Queued.slug(),
        p1 = if pg { "$1" } else { "?" },
        p2 = if pg { "$2" } else { "?" },
        p3 = if pg { "$3" } else { "?" },
        p4 = if pg { "$4" } else { "?" },
        lock = if pg { " FOR UPDATE SKIP LOCKED" } else { "" },
    );
    let rows = super::write_transaction(conn, |conn| {
        diesel::sql_query(sql)
            .bind::<diesel::sql_types::Text, _>(worker)
            .bind::<diesel::sql_types::Timestamp, _>(until)
            .bind::<diesel::sql_types::Timestamp, _>(at)
            .bind::<diesel::sql_types::Timestamp, _>(at)
            .execute(conn)?;
        outbox::table
            .filter(outbox::status.eq(OutboxStatus::Sending.slug()))
            .filter(outbox::claimed_by.eq(worker))
            .order(outbox::id.asc())
            .select(Row::as_select())
            .load(conn)
    })?;
    parse_all(rows)
}

/// Stamps a message sent (if `worker` still holds it).
///
/// # Errors
/// Database failures.
pub fn mark_sent(
    conn: &mut AnyConnection,
    at: NaiveDateTime,
    id: i64,
    worker: &str,
) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id).filter(outbox::claimed_by.eq(worker)))
        .set((
            outbox::status.eq(OutboxStatus::Sent.slug()),
            outbox::sent_at.eq(Some(at)),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// Cancels a message, saying why.
///
/// # Errors
/// Database failures.
pub fn cancel(conn: &mut AnyConnection, id: i64, why: &str) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Cancelled.slug()),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(why)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Records a failed attempt: the message's new status (queued again or failed), its attempts,
/// when it may be tried next, and the error.
///
/// # Errors
/// Database failures.
pub fn record_failure(
    conn: &mut AnyConnection,
    id: i64,
    status: OutboxStatus,
    attempts: i32,
    next_attempt_at: NaiveDateTime,
    error: &str,
) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(status.slug()),
            outbox::attempts.eq(attempts),
            outbox::next_attempt_at.eq(next_attempt_at),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
            outbox::last_error.eq(Some(error)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Puts a message back in the queue, due at `at`, with its attempts reset.
///
/// # Errors
/// Database failures.
pub fn requeue(conn: &mut AnyConnection, id: i64, at: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::status.eq(OutboxStatus::Queued.slug()),
            outbox::attempts.eq(0),
            outbox::next_attempt_at.eq(at),
            outbox::last_error.eq(None::<String>),
        ))
        .execute(conn)?;
    Ok(())
}

/// The newest `limit` messages, of one status or all.
///
/// # Errors
/// Database failures, or a stored value that does not parse.
pub fn list(
    conn: &mut AnyConnection,
    status: Option<OutboxStatus>,
    limit: i64,
) -> Result<Vec<OutboxMessage>, DbError> {
    let mut q = outbox::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s.slug()));
    }
    parse_all(
        q.order(outbox::id.desc())
            .limit(limit)
            .select(Row::as_select())
            .load(conn)?,
    )
}

/// How many messages have each status (statuses with none are absent).
///
/// # Errors
/// Database failures, or a stored status that does not parse.
pub fn counts(conn: &mut AnyConnection) -> Result<Vec<(OutboxStatus, i64)>, DbError> {
    let rows: Vec<(String, i64)> = outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .order(outbox::status.asc())
        .load(conn)?;
    rows.into_iter()
        .map(|(s, n)| Ok((status(&s)?, n)))
        .collect()
}

/// One message.
///
/// # Errors
/// Database failures, or a stored value that does not parse.
pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<OutboxMessage>, DbError> {
    outbox::table
        .find(id)
        .select(Row::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}
