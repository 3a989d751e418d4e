//! Storage of officers' private calendar feed links (only hashes of their secrets) and the
//! open cases a feed lists.

use super::AnyConnection;
use super::rows::{CaseRow, UserRow};
use super::schema::{calendar_feeds, cases, users};
use super::users::{StaffMember, parse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// Revokes a member of staff's live feed links.
///
/// # Errors
/// Database failures.
pub fn revoke(conn: &mut AnyConnection, user_id: i64, at: NaiveDateTime) -> Result<(), DbError> {
    diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::user_id.eq(user_id))
            .filter(calendar_feeds::revoked_at.is_null()),
    )
    .set(calendar_feeds::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

/// Stores a new feed link by the hash of its secret.
///
/// # Errors
/// Database failures.
pub fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(calendar_feeds::table)
        .values((
            calendar_feeds::user_id.eq(user_id),
            calendar_feeds::token_hash.eq(token_hash),
            calendar_feeds::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Whether a member of staff has a live feed link.
///
/// # Errors
/// Database failures.
pub fn has_live(conn: &mut AnyConnection, user_id: i64) -> Result<bool, DbError> {
    let n: i64 = calendar_feeds::table
        .filter(calendar_feeds::user_id.eq(user_id))
        .filter(calendar_feeds::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The active member of staff whose live feed link has this hash.
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn owner(conn: &mut AnyConnection, token_hash: &str) -> Result<Option<StaffMember>, DbError> {
    calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(token_hash))
        .filter(calendar_feeds::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// The open cases allocated to an officer.
///
/// # Errors
/// Database failures.
pub fn open_cases_of(conn: &mut AnyConnection, officer_id: i64) -> Result<Vec<CaseRow>, DbError> {
    cases::table
        .filter(cases::officer_id.eq(officer_id))
        .filter(cases::closed_on.is_null())
        .select(CaseRow::as_select())
        .load(conn)
}
