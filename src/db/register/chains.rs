//! The appeal chain of each published notice (`published_appeal_chains`: JSON, lowest court
//! first), read beside the notices and rewritten whenever it changes.

use super::super::AnyConnection;
use super::super::unreadable;
use crate::db::schema::published_appeal_chains;
use crate::domain::register::appeal::Proceeding;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// The chains of several entries, by entry id (entries not appealed have none).
pub(super) fn load(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<Proceeding>>, DbError> {
    let rows: Vec<(i64, String)> = published_appeal_chains::table
        .filter(published_appeal_chains::published_id.eq_any(ids))
        .select((
            published_appeal_chains::published_id,
            published_appeal_chains::chain,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(id, json)| {
            serde_json::from_str(&json)
                .map(|chain| (id, chain))
                .map_err(|_| unreadable("published_appeal_chains", "chain", &json))
        })
        .collect()
}

/// Replaces an entry's chain (none kept when it is empty).
pub(super) fn write(
    conn: &mut AnyConnection,
    id: i64,
    chain: &[Proceeding],
) -> Result<(), DbError> {
    diesel::delete(
        published_appeal_chains::table.filter(published_appeal_chains::published_id.eq(id)),
    )
    .execute(conn)?;
    if chain.is_empty() {
        return Ok(());
    }
    let json =
        serde_json::to_string(chain).map_err(|e| DbError::SerializationError(Box::new(e)))?;
    diesel::insert_into(published_appeal_chains::table)
        .values((
            published_appeal_chains::published_id.eq(id),
            published_appeal_chains::chain.eq(json),
        ))
        .execute(conn)?;
    Ok(())
}
