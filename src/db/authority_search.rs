//! Searching public authorities by any part of a name, quickly over a hundred thousand of them
//! (issue 14: the new-case picker searches as the officer types).
//!
//! A search first *probes* for up to [`COUNT_CAP`] matching ids: through the trigram index
//! (SQLite's FTS5 table `authority_names`, PostgreSQL's pg_trgm index on the folded names) for
//! three characters or more, by reading names until as many are found for one or two. Fewer
//! than that ("sparse": a rare word, a number) and the probe's ids are the whole answer: the page
//! is read by id, the total is exact. As many ("dense": "council", "trust") and sorting every
//! match would cost tens of milliseconds, so the page is read by walking the short-name index
//! in order and keeping the names that contain the search, which stops at the page's end (at
//! least one name in a thousand matches); the total is then "at least [`COUNT_CAP`]". Each
//! answer is remembered until the authorities change (`db::generations`): the picker asks for
//! the same first letters for every officer. `scripts/bench-authorities` measures it.

use super::AnyConnection;
use super::authorities::parse;
use super::caseload::{escape_like, lower};
use super::generations::{self, Data};
use super::is_postgres;
use super::rows::AuthorityRow;
use super::schema::authorities;
use crate::domain::authority::Authority;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{Bool, Text};

/// The backend of [`AnyConnection`] (either database).
type Backend = <AnyConnection as Connection>::Backend;
/// A filtered query of the authorities table.
type Boxed = authorities::BoxedQuery<'static, Backend>;

/// The most matches a search counts: a total of this many means "at least this many" (refine
/// the search). It is also the probe's size, which tells a sparse search from a dense one.
pub const COUNT_CAP: i64 = 1_000;

/// A page of authorities by short name, optionally those whose short or formal name contains
/// `name` (case-insensitively, whole or in part), and how many match in all: exact for all
/// authorities and for searches with fewer than [`COUNT_CAP`] matches, else at least that many.
///
/// # Errors
/// Database failures; a stored sector or nation that does not parse.
pub fn list(
    conn: &mut AnyConnection,
    name: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Authority>, i64), DbError> {
    let Some(term) = name.map(str::trim).filter(|n| !n.is_empty()) else {
        let rows = in_order(conn, authorities::table.into_boxed(), limit, offset)?;
        let total = authorities::table.count().get_result(conn)?;
        return parsed(rows, total);
    };
    // The picker asks for the same few letters again and again, for every officer: an answer
    // is remembered until the authorities change.
    let key = format!("{limit} {offset} {term}");
    let answer = generations::remembered(conn, Data::Authorities, key, |c| {
        searched(c, term, limit, offset)
    })?;
    Ok((*answer).clone())
}

/// A search's page and total, read afresh (see the module's notes).
fn searched(
    conn: &mut AnyConnection,
    term: &str,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Authority>, i64), DbError> {
    let lowered = term.to_lowercase();
    let pattern = format!("%{}%", escape_like(&lowered));
    let ids = probe(conn, term, &lowered, &pattern)?;
    if len(&ids) < COUNT_CAP {
        let rows = if offset >= len(&ids) {
            Vec::new()
        } else {
            by_ids(conn, &ids, limit, offset)?
        };
        return parsed(rows, len(&ids));
    }
    let rows = walk(conn, &lowered, &pattern, limit, offset)?;
    // A page past the cap still says how far the answer goes at least.
    let total = len(&ids).max(offset + len(&rows));
    parsed(rows, total)
}

/// Up to [`COUNT_CAP`] ids of authorities matching `term`: through the trigram index when it
/// has trigrams (three characters or more), else by reading names until as many are found
/// (all of them for a rare pair of letters: the answer is then remembered, see [`list`]).
///
/// On PostgreSQL the trigram probe may not read the table in full (`enable_seqscan` off): for a
/// rare word the planner could otherwise guess a sequential scan, which reads every row. A
/// short term is tested by `strpos`, which no trigram index can answer: given `LIKE` of two
/// characters the planner could choose to read a whole trigram index (no trigrams to look up).
fn probe(
    conn: &mut AnyConnection,
    term: &str,
    lowered: &str,
    pattern: &str,
) -> Result<Vec<i64>, DbError> {
    let capped = |query: Boxed, c: &mut AnyConnection| {
        query.select(authorities::id).limit(COUNT_CAP).load(c)
    };
    let short = term.chars().count() < 3;
    match (is_postgres(conn), short) {
        (true, true) => capped(positioned(lowered), conn),
        (true, false) => steered(conn, &["enable_seqscan"], |c| capped(folded(pattern), c)),
        (false, true) => capped(containing(pattern), conn),
        (false, false) => {
            // FTS5's trigram tokenizer matches a phrase of three characters or more anywhere
            // in a name; the LIMIT inside stops it after COUNT_CAP rowids.
            let phrase = format!("\"{}\"", term.replace('"', "\"\""));
            authorities::table
                .filter(
                    diesel::dsl::sql::<Bool>(
                        "authorities.id IN (SELECT rowid FROM authority_names WHERE authority_names MATCH ",
                    )
                    .bind::<Text, _>(phrase)
                    .sql(" LIMIT ")
                    .sql(&COUNT_CAP.to_string())
                    .sql(")"),
                )
                .select(authorities::id)
                .load(conn)
        }
    }
}

/// A page of the authorities whose names contain `term`, read along the short-name index.
///
/// On PostgreSQL the test is `strpos`, which no trigram index can answer: given `LIKE` the
/// planner would often collect every match through those indexes and sort them all, and a
/// prepared `LIKE` of two characters could even be planned as a scan of a whole trigram index
/// (no trigrams to look up). With `strpos` its only choices are reading the table and sorting
/// it, or walking the short-name index until the page is full, which it takes.
fn walk(
    conn: &mut AnyConnection,
    term: &str,
    pattern: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuthorityRow>, DbError> {
    let query = if is_postgres(conn) {
        positioned(term)
    } else {
        containing(pattern)
    };
    in_order(conn, query, limit, offset)
}

/// A page of the authorities with these ids (fewer than [`COUNT_CAP`]), by short name.
///
/// On PostgreSQL the page may not walk an index in order (`enable_indexscan` off): the planner
/// would otherwise walk the short-name index looking for the ids, which reads most of it when
/// they are few or close together in the alphabet (a typed prefix); it reads them by id and sorts.
fn by_ids(
    conn: &mut AnyConnection,
    ids: &[i64],
    limit: i64,
    offset: i64,
) -> Result<Vec<AuthorityRow>, DbError> {
    let page = |c: &mut AnyConnection| {
        let by_id = authorities::table
            .filter(authorities::id.eq_any(ids.to_vec()))
            .into_boxed();
        in_order(c, by_id, limit, offset)
    };
    if is_postgres(conn) {
        steered(conn, &["enable_indexscan"], page)
    } else {
        page(conn)
    }
}

/// Runs `query` on PostgreSQL with the planner's `settings` off, in a transaction of its own
/// (`SET LOCAL`, which ends with it), so that no other statement is steered. The settings go
/// in one batch: a search's every round trip to the server counts.
fn steered<T>(
    conn: &mut AnyConnection,
    settings: &[&str],
    query: impl FnOnce(&mut AnyConnection) -> Result<T, DbError>,
) -> Result<T, DbError> {
    conn.transaction(|c| {
        let batch: String = settings
            .iter()
            .map(|setting| format!("SET LOCAL {setting} = off;"))
            .collect();
        c.batch_execute(&batch)?;
        query(c)
    })
}

/// The authorities whose short or formal name contains `pattern` (a `LIKE` pattern, lower case).
fn containing(pattern: &str) -> Boxed {
    authorities::table
        .filter(
            lower(authorities::short_name)
                .like(pattern.to_owned())
                .escape('\\')
                .or(lower(authorities::formal_name)
                    .like(pattern.to_owned())
                    .escape('\\')),
        )
        .into_boxed()
}

/// The authorities whose short or formal name contains `lowered` (lower case), by `strpos` on
/// the folded names: PostgreSQL only, the test no index answers (see [`walk`] and [`probe`]).
fn positioned(lowered: &str) -> Boxed {
    authorities::table
        .filter(
            diesel::dsl::sql::<Bool>("strpos(authorities.name_folded, ")
                .bind::<Text, _>(lowered.to_owned())
                .sql(") > 0"),
        )
        .into_boxed()
}

/// The authorities whose folded names match `pattern` (a `LIKE` pattern, lower case):
/// PostgreSQL only, answered by the trigram index on them (migration
/// `authority_names_folded`).
fn folded(pattern: &str) -> Boxed {
    authorities::table
        .filter(
            diesel::dsl::sql::<Bool>("authorities.name_folded LIKE ")
                .bind::<Text, _>(pattern.to_owned())
                .sql(" ESCAPE '\\'"),
        )
        .into_boxed()
}

/// A query's page of full rows by short name (then id, for a stable order).
fn in_order(
    conn: &mut AnyConnection,
    query: Boxed,
    limit: i64,
    offset: i64,
) -> Result<Vec<AuthorityRow>, DbError> {
    query
        .order((authorities::short_name.asc(), authorities::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(AuthorityRow::as_select())
        .load(conn)
}

/// How many items, as the API counts.
fn len<T>(items: &[T]) -> i64 {
    i64::try_from(items.len()).unwrap_or(i64::MAX)
}

/// Rows parsed into authorities, with the total.
fn parsed(rows: Vec<AuthorityRow>, total: i64) -> Result<(Vec<Authority>, i64), DbError> {
    Ok((
        rows.into_iter().map(parse).collect::<Result<_, _>>()?,
        total,
    ))
}
