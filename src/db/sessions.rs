//! Storage of browser sessions and failed sign-ins: every query on `sessions` and
//! `sign_in_failures`.

use super::AnyConnection;
use super::rows::UserRow;
use super::schema::{sessions, sign_in_failures, users};
use super::users::{StaffMember, parse};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// Failed sign-ins for an address after `since`.
///
/// # Errors
/// Database failures.
pub fn failures_since(
    conn: &mut AnyConnection,
    email: &str,
    since: NaiveDateTime,
) -> Result<i64, DbError> {
    sign_in_failures::table
        .filter(sign_in_failures::email.eq(email))
        .filter(sign_in_failures::failed_at.gt(since))
        .count()
        .get_result(conn)
}

/// Reserves one sign-in attempt for an address before its password is checked: records it as
/// a failure at `at` and returns how many failures the address now has after `since`, this one
/// included, in one transaction that other attempts on the address wait for (an advisory lock
/// on PostgreSQL; the write lock, taken by the insert itself, on SQLite). Counting and checking
/// separately let 40 parallel guesses all see fewer than five failures. When the count is
/// over the limit the reservation is taken back, so waiting out a lockout is enough.
///
/// # Errors
/// Database failures.
pub fn reserve_attempt(
    conn: &mut AnyConnection,
    email: &str,
    at: NaiveDateTime,
    since: NaiveDateTime,
    limit: i64,
) -> Result<i64, DbError> {
    super::write_transaction(conn, |conn| {
        if super::is_postgres(conn) {
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtext($1)::bigint)")
                .bind::<diesel::sql_types::Text, _>(format!("sign-in:{email}"))
                .execute(conn)?;
        }
        let id: i64 = diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::email.eq(email),
                sign_in_failures::failed_at.eq(at),
            ))
            .returning(sign_in_failures::id)
            .get_result(conn)?;
        let n = failures_since(conn, email, since)?;
        if n > limit {
            diesel::delete(sign_in_failures::table.filter(sign_in_failures::id.eq(id)))
                .execute(conn)?;
        }
        Ok(n)
    })
}

/// Forgets an address's failed sign-ins.
///
/// # Errors
/// Database failures.
pub fn clear_failures(conn: &mut AnyConnection, email: &str) -> Result<(), DbError> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::email.eq(email)))
        .execute(conn)?;
    Ok(())
}

/// A session to store: only the hash of the cookie's secret.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    /// SHA-256 of the cookie's secret.
    pub token_hash: &'a str,
    /// Whose.
    pub user_id: i64,
    /// Its CSRF token.
    pub csrf_token: &'a str,
    /// Opened at.
    pub created_at: NaiveDateTime,
    /// Closes at.
    pub expires_at: NaiveDateTime,
}

/// Removes sessions that expired before `at` (of anyone: the table stays small) and stores a
/// new one.
///
/// # Errors
/// Database failures.
pub fn open(
    conn: &mut AnyConnection,
    at: NaiveDateTime,
    session: &NewSession<'_>,
) -> Result<(), DbError> {
    diesel::delete(sessions::table.filter(sessions::expires_at.lt(at))).execute(conn)?;
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(session.token_hash),
            sessions::user_id.eq(session.user_id),
            sessions::csrf_token.eq(session.csrf_token),
            sessions::created_at.eq(session.created_at),
            sessions::expires_at.eq(session.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The active member of staff of a session open at `at`, and the session's CSRF token.
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn find(
    conn: &mut AnyConnection,
    token_hash: &str,
    at: NaiveDateTime,
) -> Result<Option<(StaffMember, String)>, DbError> {
    let found: Option<(UserRow, String)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(token_hash))
        .filter(sessions::expires_at.gt(at))
        .filter(users::active.eq(true))
        .select((UserRow::as_select(), sessions::csrf_token))
        .first(conn)
        .optional()?;
    found.map(|(u, csrf)| Ok((parse(u)?, csrf))).transpose()
}

/// Closes a session.
///
/// # Errors
/// Database failures.
pub fn close(conn: &mut AnyConnection, token_hash: &str) -> Result<(), DbError> {
    diesel::delete(sessions::table.filter(sessions::token_hash.eq(token_hash))).execute(conn)?;
    Ok(())
}
