//! The structure of notices published before it was stored (migration
//! `2026-12-10-000101_register_structured_text`): each notice issued here whose published
//! entry has no structure is given the one it would have had, from the issued version it was
//! published from (the same resolution the PDF was typeset from). Run after the migrations,
//! in one transaction; once every such notice has its structure it finds nothing to do.
//! Imported notices have no issued version and keep the plain-text structure their page
//! makes.

use super::super::schema::{published_notices, published_structures};
use super::super::{AnyConnection, notices, write_transaction};
use crate::domain::register::text::of_notice;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// Gives each notice issued here and published without a structure its structure; returns
/// how many were given one.
///
/// # Errors
/// Database failures; an issued version that does not parse.
pub fn structures(conn: &mut AnyConnection) -> Result<usize, DbError> {
    // Every start runs this: only a read unless a notice lacks its structure.
    if missing(conn)?.is_empty() {
        return Ok(0);
    }
    write_transaction(conn, |conn| {
        let mut given = 0;
        for (id, version_id) in missing(conn)? {
            let Some(version_id) = version_id else {
                continue;
            };
            let Some(version) = notices::by_id(conn, version_id)? else {
                continue;
            };
            super::write_structure(conn, id, &of_notice(&version.notice))?;
            given += 1;
        }
        Ok(given)
    })
}

/// The published notices issued here without a structure, with their issued version.
fn missing(conn: &mut AnyConnection) -> Result<Vec<(i64, Option<i64>)>, DbError> {
    published_notices::table
        .left_join(published_structures::table)
        .filter(published_structures::published_id.is_null())
        .filter(published_notices::notice_version_id.is_not_null())
        .select((published_notices::id, published_notices::notice_version_id))
        .load(conn)
}
