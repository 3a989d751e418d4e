//! Saved filters of the case list, per member of staff.

use super::AnyConnection;
use super::schema::saved_filters;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// A saved filter: its id, name and the list's query string.
pub type SavedFilter = (i64, String, String);

/// One person's saved filters, by name.
///
/// # Errors
/// Database failures.
pub fn of_user(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<SavedFilter>, DbError> {
    saved_filters::table
        .filter(saved_filters::user_id.eq(user_id))
        .order(saved_filters::name.asc())
        .select((saved_filters::id, saved_filters::name, saved_filters::query))
        .load(conn)
}

/// Whether the person already has a filter of this name.
///
/// # Errors
/// Database failures.
pub fn name_taken(conn: &mut AnyConnection, user_id: i64, name: &str) -> Result<bool, DbError> {
    diesel::select(diesel::dsl::exists(
        saved_filters::table
            .filter(saved_filters::user_id.eq(user_id))
            .filter(saved_filters::name.eq(name)),
    ))
    .get_result(conn)
}

/// Saves a filter.
///
/// # Errors
/// Database failures.
pub fn insert(
    conn: &mut AnyConnection,
    user_id: i64,
    name: &str,
    query: &str,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(saved_filters::table)
        .values((
            saved_filters::user_id.eq(user_id),
            saved_filters::name.eq(name),
            saved_filters::query.eq(query),
            saved_filters::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One of the person's filters (another's is not found).
///
/// # Errors
/// Database failures.
pub fn find(
    conn: &mut AnyConnection,
    user_id: i64,
    id: i64,
) -> Result<Option<SavedFilter>, DbError> {
    saved_filters::table
        .filter(saved_filters::user_id.eq(user_id))
        .filter(saved_filters::id.eq(id))
        .select((saved_filters::id, saved_filters::name, saved_filters::query))
        .first(conn)
        .optional()
}

/// Deletes one of the person's filters; false when they have no such filter.
///
/// # Errors
/// Database failures.
pub fn delete(conn: &mut AnyConnection, user_id: i64, id: i64) -> Result<bool, DbError> {
    diesel::delete(
        saved_filters::table
            .filter(saved_filters::user_id.eq(user_id))
            .filter(saved_filters::id.eq(id)),
    )
    .execute(conn)
    .map(|n| n > 0)
}
