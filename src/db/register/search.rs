//! The register's search: the published notices a [`Filter`] matches, ordered (by relevance
//! when the words match few enough to rank, otherwise and without words the latest first), a
//! page of them with highlighted snippets, and the facets' counts over everything matched.
//! The database finds the words (FTS5 on SQLite, tsvector on PostgreSQL: only the fragments in
//! [`dialect::text_search`] differ) and ranks; the other conditions, the counts and the date
//! order come from the facet index ([`super::index`]) in one pass.

use super::super::dialect::{placeholders, text_search};
use super::super::schema::published_notices;
use super::super::{AnyConnection, is_postgres};
use super::index::{self, Facets, Index};
use super::{EntryRow, StoredEntry, with_provisions};
use crate::domain::register::{Filter, SnippetPart, snippet_parts};
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Double, Text};
use std::collections::HashMap;
use std::sync::Arc;

/// The most matches of a search's words that are ranked by relevance; more are listed latest
/// first. Ranking reads each match's text (FTS5's bm25, PostgreSQL's `ts_rank`): about 2 µs
/// and 4 µs a notice, so 2,000 stay within the search's budget of 50 ms, and a word in nearly
/// every notice ("information") ranks nothing usefully anyway.
pub const RANKED_AT_MOST: usize = 2_000;

/// The most ids bound in one statement (SQLite's limit is 32,766 placeholders).
const IDS_AT_ONCE: usize = 500;

/// Binds `ids` to a boxed statement, after a text when given.
macro_rules! with_ids {
    ($sql:expr, $text:expr, $ids:expr) => {{
        let mut q = diesel::sql_query($sql).into_boxed();
        if let Some(t) = $text {
            q = q.bind::<Text, _>(t);
        }
        for id in $ids {
            q = q.bind::<BigInt, _>(*id);
        }
        q
    }};
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = BigInt)]
    value: i64,
}

#[derive(QueryableByName)]
struct ScoreRow {
    #[diesel(sql_type = BigInt)]
    value: i64,
    #[diesel(sql_type = Double)]
    score: f64,
}

#[derive(QueryableByName)]
struct SnippetRow {
    #[diesel(sql_type = BigInt)]
    value: i64,
    #[diesel(sql_type = Text)]
    text: String,
}

/// A notice found, with the words found highlighted in a snippet of its text.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The entry (its body left empty).
    pub stored: StoredEntry,
    /// The snippet; empty when nothing was searched for.
    pub snippet: Vec<SnippetPart>,
}

/// One page of a search.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// How many notices match.
    pub total: i64,
    /// This page of them.
    pub hits: Vec<Hit>,
    /// Facet name → (stored value, notices) among all the matches, most first (empty unless
    /// asked for).
    pub facets: Facets,
    /// Whether the matches are in order of relevance (words that match at most
    /// [`RANKED_AT_MOST`]); otherwise the latest first.
    pub ranked: bool,
}

/// The page of `filter`'s matches after `offset`, `limit` long, with the facets' counts over
/// all of them when `with_facets`.
///
/// # Errors
/// Database failures; a stored value that does not parse.
pub fn search(
    conn: &mut AnyConnection,
    filter: &Filter,
    limit: i64,
    offset: i64,
    with_facets: bool,
) -> Result<Found, DbError> {
    let index = index::current(conn)?;
    let matched = if filter.words.is_empty() {
        None
    } else {
        Some(word_matches(conn, filter, &index)?)
    };
    let places = index.select(filter, matched.as_deref());
    let ranked = matched.is_some() && places.len() <= RANKED_AT_MOST;
    let order = if ranked {
        by_relevance(conn, filter, &index, &places)?
    } else {
        places.iter().map(|&p| index.id(p)).collect()
    };
    let skip = usize::try_from(offset).unwrap_or(0);
    let take = usize::try_from(limit).unwrap_or(0);
    let shown: Vec<i64> = order.into_iter().skip(skip).take(take).collect();
    let stored = entries(conn, &shown)?;
    let mut snippets = snippets(conn, filter, &stored)?;
    let hits = stored
        .into_iter()
        .map(|s| Hit {
            snippet: snippets.remove(&s.id).unwrap_or_default(),
            stored: s,
        })
        .collect();
    Ok(Found {
        total: i64::try_from(places.len()).unwrap_or(i64::MAX),
        hits,
        facets: if with_facets {
            index.facets(&places)
        } else {
            Facets::new()
        },
        ranked,
    })
}

/// The ids of the published or withheld notices whose text holds every word, as remembered
/// at the index's generation or else found (and then remembered).
fn word_matches(
    conn: &mut AnyConnection,
    filter: &Filter,
    index: &Index,
) -> Result<Arc<[i64]>, DbError> {
    let pg = is_postgres(conn);
    let query = text_search::query(&filter.words, pg);
    if let Some(ids) = index.matches.get(&query) {
        return Ok(ids);
    }
    let sql = placeholders(text_search::matches(pg), pg);
    let rows: Vec<IdRow> = with_ids!(sql, Some(query.clone()), &[] as &[i64]).load(conn)?;
    let ids: Arc<[i64]> = rows.into_iter().map(|r| r.value).collect();
    index.matches.keep(query, Arc::clone(&ids));
    Ok(ids)
}

/// The ids at `places` (date order) by relevance to the words, the latest first among equals.
fn by_relevance(
    conn: &mut AnyConnection,
    filter: &Filter,
    index: &Index,
    places: &[usize],
) -> Result<Vec<i64>, DbError> {
    let pg = is_postgres(conn);
    let query = text_search::query(&filter.words, pg);
    let ids: Vec<i64> = places.iter().map(|&p| index.id(p)).collect();
    let mut scores: HashMap<i64, f64> = HashMap::new();
    // One statement for them all (each reads the words' matches once).
    for chunk in ids.chunks(RANKED_AT_MOST) {
        let sql = placeholders(&text_search::ranks(pg, chunk.len()), pg);
        let rows: Vec<ScoreRow> = with_ids!(sql, Some(query.clone()), chunk).load(conn)?;
        scores.extend(rows.into_iter().map(|r| (r.value, r.score)));
    }
    let mut ranked: Vec<(usize, i64)> = ids.into_iter().enumerate().collect();
    let score = |id: &i64| scores.get(id).copied().unwrap_or(0.0);
    // Best first (the fragments' scores are lower for better), then the date order.
    ranked.sort_by(|a, b| score(&a.1).total_cmp(&score(&b.1)).then(a.0.cmp(&b.0)));
    Ok(ranked.into_iter().map(|(_, id)| id).collect())
}

/// The entries of `ids` (their text left empty), in that order.
fn entries(conn: &mut AnyConnection, ids: &[i64]) -> Result<Vec<StoredEntry>, DbError> {
    let mut rows: Vec<EntryRow> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_AT_ONCE) {
        rows.extend(
            published_notices::table
                .filter(published_notices::id.eq_any(chunk))
                .select(EntryRow::as_select())
                .load::<EntryRow>(conn)?,
        );
    }
    let mut by_id: HashMap<i64, StoredEntry> = HashMap::with_capacity(rows.len());
    for chunk in rows.chunks(IDS_AT_ONCE) {
        by_id.extend(
            with_provisions(conn, chunk.to_vec())?
                .into_iter()
                .map(|s| (s.id, s)),
        );
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

fn snippets(
    conn: &mut AnyConnection,
    filter: &Filter,
    stored: &[StoredEntry],
) -> Result<HashMap<i64, Vec<SnippetPart>>, DbError> {
    if filter.words.is_empty() || stored.is_empty() {
        return Ok(HashMap::new());
    }
    let pg = is_postgres(conn);
    let mut out = HashMap::new();
    for chunk in stored.chunks(IDS_AT_ONCE) {
        let sql = placeholders(&text_search::snippets(pg, chunk.len()), pg);
        let mut q = diesel::sql_query(sql)
            .into_boxed()
            .bind::<Text, _>(text_search::query(&filter.words, pg));
        if pg {
            q = q.bind::<Text, _>(text_search::near(&filter.words));
        }
        for s in chunk {
            q = q.bind::<BigInt, _>(s.id);
        }
        let rows: Vec<SnippetRow> = q.load(conn)?;
        out.extend(rows.into_iter().map(|r| (r.value, snippet_parts(&r.text))));
    }
    Ok(out)
}

/// Every published entry the filter matches (at most `cap`), in the search's order: the
/// exports.
///
/// # Errors
/// Database failures.
pub fn all(
    conn: &mut AnyConnection,
    filter: &Filter,
    cap: i64,
) -> Result<Vec<StoredEntry>, DbError> {
    let found = search(conn, filter, cap, 0, false)?;
    Ok(found.hits.into_iter().map(|h| h.stored).collect())
}
