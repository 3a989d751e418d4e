//! Storage of the paragraph library: managers' edits (every edit a new version of its key) and
//! the record of which entries issued notices used.

use super::AnyConnection;
use super::schema::{library_entries, library_usage};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// One stored version of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Queryable)]
pub struct Edit {
    /// "s31:not_upheld".
    pub key: String,
    /// 1, 2 … for each edit.
    pub version: i32,
    /// The sub-heading it goes under.
    pub heading: String,
    /// The text with `{placeholders}`.
    pub body: String,
}

/// Every stored edit, by key and then version (so the last of a key is its latest).
///
/// # Errors
/// Database failures.
pub fn edits(conn: &mut AnyConnection) -> Result<Vec<Edit>, DbError> {
    library_entries::table
        .order((
            library_entries::entry_key.asc(),
            library_entries::version.asc(),
        ))
        .select((
            library_entries::entry_key,
            library_entries::version,
            library_entries::heading,
            library_entries::body,
        ))
        .load(conn)
}

/// How many times each entry was used in issued notices.
///
/// # Errors
/// Database failures.
pub fn usage(conn: &mut AnyConnection) -> Result<HashMap<String, i64>, DbError> {
    let rows: Vec<(String, i64)> = library_usage::table
        .group_by(library_usage::entry_key)
        .select((library_usage::entry_key, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Stores the next version of an entry; returns its number.
///
/// # Errors
/// Database failures.
pub fn insert_edit(
    conn: &mut AnyConnection,
    key: &str,
    heading: &str,
    body: &str,
    created_by: i64,
    at: NaiveDateTime,
) -> Result<i32, DbError> {
    let latest: Option<i32> = library_entries::table
        .filter(library_entries::entry_key.eq(key))
        .select(diesel::dsl::max(library_entries::version))
        .first(conn)?;
    let version = latest.unwrap_or(0) + 1;
    diesel::insert_into(library_entries::table)
        .values((
            library_entries::entry_key.eq(key),
            library_entries::version.eq(version),
            library_entries::heading.eq(heading),
            library_entries::body.eq(body),
            library_entries::created_by.eq(Some(created_by)),
            library_entries::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(version)
}

/// Records that an issued notice used an entry.
///
/// # Errors
/// Database failures.
pub fn record_usage(
    conn: &mut AnyConnection,
    key: &str,
    case_id: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(library_usage::table)
        .values((
            library_usage::entry_key.eq(key),
            library_usage::case_id.eq(case_id),
            library_usage::used_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}
