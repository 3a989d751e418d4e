//! The register's search: the published notices a [`Filter`] matches, ranked (full-text words
//! first by relevance, then the latest), a page of them with highlighted snippets, and the
//! facets' counts over everything matched. The same statements run on SQLite (FTS5) and
//! PostgreSQL (tsvector); only the fragments in [`dialect::text_search`] differ.

use super::super::dialect::{placeholders, text_search};
use super::super::{AnyConnection, is_postgres};
use super::{EntryRow, StoredEntry, with_provisions};
use crate::db::caseload::escape_like;
use crate::domain::register::{Filter, SnippetPart, Visibility, snippet_parts};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use std::collections::HashMap;

/// A value bound to a placeholder, in order.
#[derive(Debug, Clone)]
enum Param {
    Text(String),
    Date(NaiveDate),
    Int(i64),
}

/// A boxed raw statement with its parameters bound in order.
macro_rules! bound {
    ($sql:expr, $params:expr) => {{
        let mut q = diesel::sql_query($sql).into_boxed();
        for p in $params {
            q = match p {
                Param::Text(t) => q.bind::<Text, _>(t.clone()),
                Param::Date(d) => q.bind::<Date, _>(*d),
                Param::Int(i) => q.bind::<BigInt, _>(*i),
            };
        }
        q
    }};
}

/// The columns of an entry in a listing.
const LIST_COLUMNS: &str = "p.id, p.reference, p.source, p.status, p.issued_on, p.authority_id,
    p.authority_name, p.sector, p.regime, p.summary, p.request_received,
    p.response_sent, p.review_requested, p.review_completed, p.complaint_received,
    p.allocated_on, p.steps_period_days, p.steps_due, p.appeal_status, p.tribunal_reference,
    p.pdf_url, p.notice_version_id, p.published_at, p.updated_at";

/// `WITH hits AS (…)`: the ids and (when `ranked`) scores of the published notices the filter
/// matches, and its parameters.
fn hits(filter: &Filter, pg: bool, ranked: bool) -> (String, Vec<Param>) {
    let mut params = Vec::new();
    let mut wheres = vec![format!("p.status = '{}'", Visibility::Published.slug())];
    let (from, score) = if filter.words.is_empty() {
        ("published_notices p", "0")
    } else {
        let query = text_search::query(&filter.words, pg);
        let (from, matches, score, binds) = text_search::matching(pg);
        // The facets count the matches and need no rank (the costly part of a common word).
        if ranked && binds == 2 {
            params.push(Param::Text(query.clone()));
        }
        params.push(Param::Text(query));
        wheres.push(matches.to_owned());
        (from, if ranked { score } else { "0" })
    };
    if let Some(a) = filter
        .authority
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        wheres.push("lower(p.authority_name) LIKE ? ESCAPE '\\'".to_owned());
        params.push(Param::Text(format!("%{}%", escape_like(&a.to_lowercase()))));
    }
    if let Some(s) = filter.sector {
        wheres.push("p.sector = ?".to_owned());
        params.push(Param::Text(s.slug().to_owned()));
    }
    if let Some(r) = filter.regime {
        wheres.push("p.regime = ?".to_owned());
        params.push(Param::Text(r.slug().to_owned()));
    }
    match (&filter.provision, filter.outcome) {
        (Some(p), Some(o)) => {
            wheres.push("EXISTS (SELECT 1 FROM published_provisions pp WHERE pp.published_id = p.id AND pp.provision = ? AND pp.outcome = ?)".to_owned());
            params.push(Param::Text(p.clone()));
            params.push(Param::Text(o.slug().to_owned()));
        }
        (Some(p), None) => {
            wheres.push("EXISTS (SELECT 1 FROM published_provisions pp WHERE pp.published_id = p.id AND pp.provision = ?)".to_owned());
            params.push(Param::Text(p.clone()));
        }
        (None, Some(o)) => {
            wheres.push("EXISTS (SELECT 1 FROM published_provisions pp WHERE pp.published_id = p.id AND pp.outcome = ?)".to_owned());
            params.push(Param::Text(o.slug().to_owned()));
        }
        (None, None) => {}
    }
    if let Some(d) = filter.from {
        wheres.push("p.issued_on >= ?".to_owned());
        params.push(Param::Date(d));
    }
    if let Some(d) = filter.to {
        wheres.push("p.issued_on <= ?".to_owned());
        params.push(Param::Date(d));
    }
    match filter.steps {
        Some(true) => {
            wheres.push("(p.steps_period_days IS NOT NULL OR p.steps_due IS NOT NULL)".to_owned())
        }
        Some(false) => {
            wheres.push("(p.steps_period_days IS NULL AND p.steps_due IS NULL)".to_owned())
        }
        None => {}
    }
    match filter.appealed {
        Some(true) => wheres.push("p.appeal_status <> 'none'".to_owned()),
        Some(false) => wheres.push("p.appeal_status = 'none'".to_owned()),
        None => {}
    }
    // What the page's order and the facets need is carried in the CTE, so they read the
    // matches alone and only the page's rows are joined back.
    let cte = format!(
        "WITH hits AS MATERIALIZED (SELECT p.id AS id, CAST({score} AS DOUBLE PRECISION) AS score,
            p.issued_on AS issued_on, p.sector AS sector, p.regime AS regime,
            p.authority_name AS authority_name,
            CASE WHEN p.steps_period_days IS NOT NULL OR p.steps_due IS NOT NULL THEN 'yes' ELSE 'no' END AS steps,
            CASE WHEN p.appeal_status = 'none' THEN 'no' ELSE 'yes' END AS appealed
         FROM {from} WHERE {})",
        wheres.join(" AND ")
    );
    (cte, params)
}

#[derive(QueryableByName)]
struct PageRow {
    #[diesel(embed)]
    entry: EntryRow,
    #[diesel(sql_type = BigInt)]
    total: i64,
}

#[derive(QueryableByName)]
struct FacetRow {
    #[diesel(sql_type = Text)]
    facet: String,
    #[diesel(sql_type = Text)]
    value: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
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
    /// Facet name → (stored value, notices) among all the matches, most first.
    pub facets: HashMap<String, Vec<(String, i64)>>,
}

/// The page of `filter`'s matches after `offset`, `limit` long.
///
/// # Errors
/// Database failures; a stored value that does not parse.
pub fn page(
    conn: &mut AnyConnection,
    filter: &Filter,
    limit: i64,
    offset: i64,
) -> Result<(i64, Vec<Hit>), DbError> {
    let pg = is_postgres(conn);
    let (cte, mut params) = hits(filter, pg, true);
    let sql = format!(
        "{cte}, top AS (SELECT id, score, issued_on, COUNT(*) OVER () AS total FROM hits
                        ORDER BY score, issued_on DESC, id DESC LIMIT ? OFFSET ?)
         SELECT {LIST_COLUMNS}, top.total AS total
         FROM top JOIN published_notices p ON p.id = top.id
         ORDER BY top.score, top.issued_on DESC, top.id DESC"
    );
    let count_params = params.clone();
    params.push(Param::Int(limit));
    params.push(Param::Int(offset));
    let rows: Vec<PageRow> = bound!(placeholders(&sql, pg), &params).load(conn)?;
    let total = match rows.first() {
        Some(r) => r.total,
        None if offset > 0 => {
            let sql = format!("{cte} SELECT CAST(0 AS BIGINT) AS value, COUNT(*) AS n FROM hits");
            let counted: crate::db::stats::ValueCount =
                bound!(placeholders(&sql, pg), &count_params).get_result(conn)?;
            counted.n
        }
        None => 0,
    };
    let stored = with_provisions(conn, rows.into_iter().map(|r| r.entry).collect())?;
    let mut snippets = snippets(conn, filter, &stored)?;
    let hits = stored
        .into_iter()
        .map(|s| Hit {
            snippet: snippets.remove(&s.id).unwrap_or_default(),
            stored: s,
        })
        .collect();
    Ok((total, hits))
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
    let mut params = vec![Param::Text(text_search::query(&filter.words, pg))];
    if pg {
        params.push(Param::Text(text_search::headline_options()));
    }
    params.extend(stored.iter().map(|s| Param::Int(s.id)));
    let sql = text_search::snippets(pg, stored.len());
    let rows: Vec<SnippetRow> = bound!(placeholders(&sql, pg), &params).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.value, snippet_parts(&r.text)))
        .collect())
}

/// The facets of everything `filter` matches: authority (the 15 with most notices), sector,
/// regime, provision (the 25 most decided), outcome, steps ordered, appealed, and year.
///
/// # Errors
/// Database failures.
pub fn facets(
    conn: &mut AnyConnection,
    filter: &Filter,
) -> Result<HashMap<String, Vec<(String, i64)>>, DbError> {
    let pg = is_postgres(conn);
    let (cte, params) = hits(filter, pg, false);
    let year = text_search::year("h.issued_on", pg);
    let each_provision = "FROM hits h JOIN published_provisions pp ON pp.published_id = h.id";
    let sql = format!(
        "{cte}
        SELECT CAST('sector' AS TEXT) AS facet, h.sector AS value, COUNT(*) AS n FROM hits h GROUP BY h.sector
        UNION ALL SELECT 'regime', h.regime, COUNT(*) FROM hits h GROUP BY h.regime
        UNION ALL SELECT * FROM (SELECT 'authority' AS facet, h.authority_name AS value, COUNT(*) AS n FROM hits h
                                 GROUP BY h.authority_name ORDER BY n DESC, value LIMIT 15) a
        UNION ALL SELECT * FROM (SELECT 'provision' AS facet, pp.provision AS value, COUNT(DISTINCT pp.published_id) AS n
                                 {each_provision} GROUP BY pp.provision ORDER BY n DESC, value LIMIT 25) b
        UNION ALL SELECT 'outcome', pp.outcome, COUNT(DISTINCT pp.published_id) {each_provision} GROUP BY pp.outcome
        UNION ALL SELECT 'steps', h.steps, COUNT(*) FROM hits h GROUP BY h.steps
        UNION ALL SELECT 'appealed', h.appealed, COUNT(*) FROM hits h GROUP BY h.appealed
        UNION ALL SELECT 'year', {year}, COUNT(*) FROM hits h GROUP BY 2"
    );
    let rows: Vec<FacetRow> = bound!(placeholders(&sql, pg), &params).load(conn)?;
    let mut out: HashMap<String, Vec<(String, i64)>> = HashMap::new();
    for r in rows {
        out.entry(r.facet).or_default().push((r.value, r.n));
    }
    for values in out.values_mut() {
        values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    }
    if let Some(years) = out.get_mut("year") {
        years.sort_by(|a, b| b.0.cmp(&a.0));
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
    let (_, hits) = page(conn, filter, cap, 0)?;
    Ok(hits.into_iter().map(|h| h.stored).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::register::search_words;

    #[test]
    fn every_filter_adds_its_condition_and_parameters_in_order() {
        let filter = Filter {
            words: search_words("invoices police"),
            provision: Some("s31".to_owned()),
            outcome: Some(crate::domain::paragraphs::Outcome::NotUpheld),
            steps: Some(true),
            ..Filter::default()
        };
        let (sqlite, p) = hits(&filter, false, true);
        assert!(
            sqlite.contains("MATCH ?") && sqlite.contains("pp.outcome = ?"),
            "{sqlite}"
        );
        assert_eq!(p.len(), 3);
        let (pg, p) = hits(&filter, true, true);
        assert!(pg.contains("plainto_tsquery"), "{pg}");
        assert_eq!(p.len(), 4, "the query is bound for the rank and the match");
        assert!(placeholders(&pg, true).contains("$4"));
        let (_, p) = hits(&filter, true, false);
        assert_eq!(p.len(), 3, "the facets bind the query for the match only");
    }
}
