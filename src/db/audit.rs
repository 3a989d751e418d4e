//! The audit log: who did what, when (never personal data: subjects are ids and references).

use super::AnyConnection;
use super::rows::NewAudit;
use super::schema::audit_log;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// Appends an entry.
///
/// # Errors
/// Database failures.
pub fn record(
    conn: &mut AnyConnection,
    actor_id: Option<i64>,
    action: &str,
    subject: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(audit_log::table)
        .values(&NewAudit {
            actor_id,
            action,
            subject,
            recorded_at: at,
        })
        .execute(conn)?;
    Ok(())
}
