//! The appeals list: a page of appeals by next deadline, with their cases' references,
//! officers and authorities.

use super::super::AnyConnection;
use super::super::schema::{appeals, authorities, cases};
use super::{AppealFilter, AppealRow};
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// One appeal of the list: the row, its case's reference, officer and authority.
#[derive(Debug, Clone)]
pub struct ListedAppeal {
    /// The appeal.
    pub row: AppealRow,
    /// The case's reference.
    pub case_reference: String,
    /// The case's officer.
    pub officer_id: Option<i64>,
    /// The authority's short name.
    pub authority: String,
}

/// A page of appeals, next deadline first (those with none last), and the total matching.
/// The appeals table is read alone (the case's filters as subqueries), in two parts that each
/// follow an index and stop after a page, as the caseload does; the page's cases and
/// authorities are then looked up by id.
///
/// # Errors
/// Database failures.
pub fn list(
    conn: &mut AnyConnection,
    f: &AppealFilter,
) -> Result<(Vec<ListedAppeal>, i64), DbError> {
    let per_page = f.per_page.clamp(1, 100);
    let page = f.page.max(1);
    let total: i64 = filtered(f).count().get_result(conn)?;
    let found = page_of(conn, f, (page - 1) * per_page, per_page)?;
    Ok((with_their_cases(conn, found)?, total))
}

/// The appeals table with the filter's conditions (a fresh query each time it is needed).
fn filtered(
    f: &AppealFilter,
) -> appeals::BoxedQuery<'static, <AnyConnection as Connection>::Backend> {
    let mut q = appeals::table.into_boxed();
    if let Some(s) = f.stage {
        q = q.filter(appeals::stage.eq(s.slug()));
    }
    if let Some(s) = f.status {
        q = q.filter(appeals::status.eq(s.slug()));
    }
    if let Some(o) = f.officer_id {
        q = q.filter(
            appeals::case_id.eq_any(
                cases::table
                    .filter(cases::officer_id.eq(o))
                    .select(cases::id),
            ),
        );
    }
    if let Some(a) = f.authority_id {
        q = q.filter(
            appeals::case_id.eq_any(
                cases::table
                    .filter(cases::authority_id.eq(a))
                    .select(cases::id),
            ),
        );
    }
    if let Some(d) = f.due_before {
        q = q.filter(appeals::next_deadline.le(d));
    }
    if let Some(n) = f.next_deadline_name {
        q = q.filter(appeals::next_deadline_name.eq(n.slug()));
    }
    q
}

/// One page, next deadline first, appeals without one last: each part follows an index and
/// stops after the page.
fn page_of(
    conn: &mut AnyConnection,
    f: &AppealFilter,
    offset: i64,
    per_page: i64,
) -> Result<Vec<AppealRow>, DbError> {
    let dated: i64 = filtered(f)
        .filter(appeals::next_deadline.is_not_null())
        .count()
        .get_result(conn)?;
    let mut found: Vec<AppealRow> = Vec::new();
    if offset < dated {
        found = filtered(f)
            .filter(appeals::next_deadline.is_not_null())
            .order((appeals::next_deadline.asc(), appeals::id.asc()))
            .limit(per_page)
            .offset(offset)
            .select(AppealRow::as_select())
            .load(conn)?;
    }
    let missing = per_page - i64::try_from(found.len()).unwrap_or(per_page);
    if missing > 0 {
        found.extend(
            filtered(f)
                .filter(appeals::next_deadline.is_null())
                .order(appeals::id.asc())
                .limit(missing)
                .offset((offset - dated).max(0))
                .select(AppealRow::as_select())
                .load::<AppealRow>(conn)?,
        );
    }
    Ok(found)
}

/// The page's appeals with their case's reference, officer and authority (one query).
fn with_their_cases(
    conn: &mut AnyConnection,
    found: Vec<AppealRow>,
) -> Result<Vec<ListedAppeal>, DbError> {
    let ids: Vec<i64> = found.iter().map(|r| r.case_id).collect();
    let of_case: std::collections::HashMap<i64, (String, Option<i64>, String)> = cases::table
        .inner_join(authorities::table)
        .filter(cases::id.eq_any(ids))
        .select((
            cases::id,
            cases::reference,
            cases::officer_id,
            authorities::short_name,
        ))
        .load::<(i64, String, Option<i64>, String)>(conn)?
        .into_iter()
        .map(|(id, r, o, a)| (id, (r, o, a)))
        .collect();
    Ok(found
        .into_iter()
        .map(|row| {
            let (case_reference, officer_id, authority) =
                of_case.get(&row.case_id).cloned().unwrap_or_default();
            ListedAppeal {
                row,
                case_reference,
                officer_id,
                authority,
            }
        })
        .collect())
}
