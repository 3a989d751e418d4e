//! Similar decisions: the published notices that decided the same provisions with the same
//! outcomes as a notice being drafted (the officers' "similar decisions" panel).

use super::super::AnyConnection;
use super::{EntryRow, StoredEntry, with_provisions};
use crate::db::schema::published_notices;
use crate::domain::paragraphs::Outcome;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// Published notices that decided any of `provisions` with the same outcome, the most shared
/// first, then the latest; `except` (the case being drafted) left out.
///
/// # Errors
/// Database failures.
pub fn similar(
    conn: &mut AnyConnection,
    provisions: &[(String, Outcome)],
    except: &str,
    limit: i64,
) -> Result<Vec<(StoredEntry, i64)>, DbError> {
    if provisions.is_empty() {
        return Ok(Vec::new());
    }
    let pg = super::super::is_postgres(conn);
    let pairs = vec!["(pp.provision = ? AND pp.outcome = ?)"; provisions.len()].join(" OR ");
    let sql = format!(
        "SELECT pp.published_id AS value, COUNT(*) AS n
         FROM published_provisions pp JOIN published_notices p ON p.id = pp.published_id
         WHERE p.status = 'published' AND p.reference <> ? AND ({pairs})
         GROUP BY pp.published_id, p.issued_on
         ORDER BY COUNT(*) DESC, p.issued_on DESC, pp.published_id DESC
         LIMIT ?"
    );
    let mut q = diesel::sql_query(super::super::dialect::placeholders(&sql, pg))
        .into_boxed()
        .bind::<diesel::sql_types::Text, _>(except.to_owned());
    for (p, o) in provisions {
        q = q
            .bind::<diesel::sql_types::Text, _>(p.clone())
            .bind::<diesel::sql_types::Text, _>(o.slug());
    }
    let hits: Vec<super::super::stats::ValueCount> =
        q.bind::<diesel::sql_types::BigInt, _>(limit).load(conn)?;
    let ids: Vec<i64> = hits.iter().map(|h| h.value).collect();
    let rows: Vec<EntryRow> = published_notices::table
        .filter(published_notices::id.eq_any(&ids))
        .select(EntryRow::as_select())
        .load(conn)?;
    let mut by_id: HashMap<i64, StoredEntry> = with_provisions(conn, rows)?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    Ok(hits
        .into_iter()
        .filter_map(|h| by_id.remove(&h.value).map(|e| (e, h.n)))
        .collect())
}
