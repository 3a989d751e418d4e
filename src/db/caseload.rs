//! The caseload query: cases filtered, searched and paged, next deadline first, each with its
//! authority's name.

use super::AnyConnection;
use super::rows::CaseRow;
use super::schema::{authorities, cases, complainants};
use crate::domain::lifecycle::CaseStatus;
use crate::domain::regime::Regime;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// Filters for the caseload.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Lifecycle status.
    pub status: Option<CaseStatus>,
    /// Public authority.
    pub authority_id: Option<i64>,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// Regime.
    pub regime: Option<Regime>,
    /// Only cases whose next deadline has passed.
    pub overdue: bool,
    /// Only cases with a next deadline on or before this date.
    pub due_before: Option<NaiveDate>,
    /// Words found in the reference, the authority's name or the complainant's name.
    pub search: Option<String>,
    /// 1-based page.
    pub page: i64,
    /// Page size (1–100).
    pub per_page: i64,
}

/// One page of the caseload: the rows with their authority's short name, and the total.
#[derive(Debug, Clone)]
pub struct Found {
    /// The cases of the page, with the authority's short name.
    pub rows: Vec<(CaseRow, String)>,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Cases matching the filters.
    pub total: i64,
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on SQLite and PostgreSQL (case-insensitive search on both).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Escapes LIKE's wildcards in text searched for literally.
#[must_use]
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The caseload, sorted by next deadline, filtered and paged. `visible_to` limits it to an
/// officer's own cases (allocated to them, or unallocated and opened by them: the same rule as
/// `domain::case::may_change`).
///
/// Long because one filtered query, built by the `build` closure, is read four times (the
/// total, the dated total, the dated part of the page, the undated rest): its type is the
/// backend's boxed query, which the database layer does not name, so the reads stay with it.
///
/// # Errors
/// Database failures.
pub fn list(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
    visible_to: Option<i64>,
    today: NaiveDate,
) -> Result<Found, DbError> {
    let per_page = filter.per_page.clamp(1, 100);
    let page = filter.page.max(1);
    let (search, authority_matches) = search_terms(conn, filter)?;
    let build = || {
        let mut q = cases::table.into_boxed();
        if let Some(me) = visible_to {
            q = q.filter(
                cases::officer_id
                    .eq(me)
                    .or(cases::officer_id.is_null().and(cases::created_by.eq(me))),
            );
        }
        if let Some(s) = filter.status {
            q = q.filter(cases::status.eq(s.slug()));
        }
        if let Some(a) = filter.authority_id {
            q = q.filter(cases::authority_id.eq(a));
        }
        if let Some(o) = filter.officer_id {
            q = q.filter(cases::officer_id.eq(o));
        }
        if let Some(r) = filter.regime {
            q = q.filter(cases::regime.eq(r.slug()));
        }
        if filter.overdue {
            q = q.filter(cases::next_deadline.lt(today));
        }
        if let Some(d) = filter.due_before {
            q = q.filter(cases::next_deadline.le(d));
        }
        if let Some(pattern) = &search {
            q = q.filter(
                lower(cases::reference)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(cases::authority_id.eq_any(authority_matches.clone()))
                    .or(cases::complainant_id.eq_any(
                        complainants::table
                            .filter(lower(complainants::name).like(pattern.clone()).escape('\\'))
                            .select(complainants::id),
                    )),
            );
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    // Next deadline first, cases without one last. The two parts are read separately so that
    // each follows an index and stops after a page, instead of sorting the whole caseload.
    let dated: i64 = build()
        .filter(cases::next_deadline.is_not_null())
        .count()
        .get_result(conn)?;
    let offset = (page - 1) * per_page;
    let mut found: Vec<CaseRow> = Vec::new();
    if offset < dated {
        found = build()
            .filter(cases::next_deadline.is_not_null())
            .order((cases::next_deadline.asc(), cases::id.asc()))
            .limit(per_page)
            .offset(offset)
            .select(CaseRow::as_select())
            .load(conn)?;
    }
    let missing = per_page - i64::try_from(found.len()).unwrap_or(per_page);
    if missing > 0 {
        let undated: Vec<CaseRow> = build()
            .filter(cases::next_deadline.is_null())
            .order(cases::id.asc())
            .limit(missing)
            .offset((offset - dated).max(0))
            .select(CaseRow::as_select())
            .load(conn)?;
        found.extend(undated);
    }
    let rows = with_authority_names(conn, found)?;
    Ok(Found {
        rows,
        page,
        per_page,
        total,
    })
}

/// The search as a `LIKE` pattern (lower case, escaped), and the authorities whose names match
/// it. A search matches the reference, or an authority's names (a small table, looked up
/// first), or a complainant's name (a subquery): the cases table is never joined for it.
fn search_terms(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
) -> Result<(Option<String>, Vec<i64>), DbError> {
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|text| format!("%{}%", escape_like(&text.to_lowercase())));
    let authority_matches: Vec<i64> = match &search {
        Some(pattern) => authorities::table
            .filter(
                lower(authorities::short_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(authorities::formal_name)
                        .like(pattern.clone())
                        .escape('\\')),
            )
            .select(authorities::id)
            .load(conn)?,
        None => Vec::new(),
    };
    Ok((search, authority_matches))
}

/// The page's cases, each with its authority's short name (looked up by id, one query).
fn with_authority_names(
    conn: &mut AnyConnection,
    found: Vec<CaseRow>,
) -> Result<Vec<(CaseRow, String)>, DbError> {
    let ids: Vec<i64> = found.iter().map(|c| c.authority_id).collect();
    let names: HashMap<i64, String> = authorities::table
        .filter(authorities::id.eq_any(ids))
        .select((authorities::id, authorities::short_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(found
        .into_iter()
        .map(|c| {
            let name = names.get(&c.authority_id).cloned().unwrap_or_default();
            (c, name)
        })
        .collect())
}
