//! The caseload query: cases filtered, searched and paged, next deadline first, each with its
//! authority's name. Every figure on the Team and Statistics pages can be expressed as a
//! [`CaseFilter`], so that the list behind a figure counts the same cases
//! (`db::team`, `db::stats`).

use super::AnyConnection;
use super::generations::{self, Data};
use super::schema::{authorities, cases, complainants};
use crate::domain::lifecycle::CaseStatus;
use crate::domain::regime::Regime;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;
use std::sync::Arc;

/// Whose cases: one officer's, or those allocated to nobody.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficerFilter {
    /// Allocated to this member of staff.
    Officer(i64),
    /// Not allocated to anyone.
    Unallocated,
}

/// The requests the authorities' timeliness figures count (`db::stats::requests::timeliness`,
/// whose conditions these repeat): every request with a response due, and of them those
/// answered in time (by the final deadline, extensions included), within 20 working days (by
/// the first deadline), or not answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFilter {
    /// Every request with a response due (the "Requests" figure).
    Counted,
    /// Answered by the final response deadline.
    InTime,
    /// Answered by the 20-working-day deadline.
    Within20,
    /// Not answered (so far).
    Unanswered,
}

impl ResponseFilter {
    /// From the case list's query value.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        Some(match s {
            "counted" => Self::Counted,
            "in_time" => Self::InTime,
            "within_20" => Self::Within20,
            "unanswered" => Self::Unanswered,
            _ => return None,
        })
    }

    /// The query value.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Self::Counted => "counted",
            Self::InTime => "in_time",
            Self::Within20 => "within_20",
            Self::Unanswered => "unanswered",
        }
    }

    /// In words, for the list's description of its filters.
    #[must_use]
    pub fn words(self) -> &'static str {
        match self {
            Self::Counted => "requests with a response due",
            Self::InTime => "requests answered in time",
            Self::Within20 => "requests answered within 20 working days",
            Self::Unanswered => "requests not answered",
        }
    }
}

/// What the list shows of a case: the columns it needs and no more (reading all thirty of a
/// case's columns for a page of fifty was most of the list's time).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = cases)]
pub struct ListedCase {
    /// Reference.
    pub reference: String,
    /// Regime, as stored.
    pub regime: String,
    /// Public authority.
    pub authority_id: i64,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// Lifecycle status, as stored.
    pub status: String,
    /// The next open deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name, as stored.
    pub next_deadline_name: Option<String>,
}

/// Filters for the caseload.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Lifecycle status.
    pub status: Option<CaseStatus>,
    /// Public authority.
    pub authority_id: Option<i64>,
    /// Allocated officer, or unallocated.
    pub officer: Option<OfficerFilter>,
    /// Regime.
    pub regime: Option<Regime>,
    /// Only open complaints: received and not closed (the Team page's "open").
    pub open: bool,
    /// Only cases whose next deadline has passed.
    pub overdue: bool,
    /// Only cases with a next deadline on or after this date.
    pub due_from: Option<NaiveDate>,
    /// Only cases with a next deadline on or before this date.
    pub due_before: Option<NaiveDate>,
    /// Only complaints received on or after this date.
    pub received_from: Option<NaiveDate>,
    /// Only complaints received on or before this date.
    pub received_to: Option<NaiveDate>,
    /// Only cases decided on or after this date.
    pub decided_from: Option<NaiveDate>,
    /// Only cases decided on or before this date.
    pub decided_to: Option<NaiveDate>,
    /// Only requests received on or after this date.
    pub request_from: Option<NaiveDate>,
    /// Only requests received on or before this date.
    pub request_to: Option<NaiveDate>,
    /// Only requests counted by a timeliness figure.
    pub response: Option<ResponseFilter>,
    /// Only cases about authorities of this sector.
    pub sector: Option<crate::domain::parties::Sector>,
    /// Words found in the reference, the authority's name or the complainant's name.
    pub search: Option<String>,
    /// 1-based page.
    pub page: i64,
    /// Page size (1–100).
    pub per_page: i64,
}

/// One page of the caseload: the rows with their authority's full (formal) name, and the total.
#[derive(Debug, Clone)]
pub struct Found {
    /// The cases of the page, with the authority's full (formal) name.
    pub rows: Vec<(ListedCase, String)>,
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

/// The backend of [`AnyConnection`] (either database).
type Backend = <AnyConnection as Connection>::Backend;
/// A filtered query of the cases table.
type Boxed = cases::BoxedQuery<'static, Backend>;

/// The search pattern (lower case, LIKE-escaped), when words were given.
fn search_pattern(filter: &CaseFilter) -> Option<String> {
    filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|text| format!("%{}%", escape_like(&text.to_lowercase())))
}

/// The authorities whose names match the search (a small table, looked up first so that the
/// cases table is never joined for it).
fn authorities_matching(
    conn: &mut AnyConnection,
    pattern: Option<&String>,
) -> Result<Vec<i64>, DbError> {
    let Some(pattern) = pattern else {
        return Ok(Vec::new());
    };
    authorities::table
        .filter(
            lower(authorities::short_name)
                .like(pattern.clone())
                .escape('\\')
                .or(lower(authorities::formal_name)
                    .like(pattern.clone())
                    .escape('\\')),
        )
        .select(authorities::id)
        .load(conn)
}

/// Who sees which cases and what they asked for, ready to build the query many times.
struct Criteria<'f> {
    filter: &'f CaseFilter,
    visible_to: Option<i64>,
    today: NaiveDate,
    pattern: Option<String>,
    authority_matches: Vec<i64>,
}

impl Criteria<'_> {
    /// The cases table with every filter applied (a fresh query each time it is needed).
    fn build(&self) -> Boxed {
        let f = self.filter;
        let mut q = cases::table.into_boxed();
        if let Some(me) = self.visible_to {
            q = q.filter(
                cases::officer_id
                    .eq(me)
                    .or(cases::officer_id.is_null().and(cases::created_by.eq(me))),
            );
        }
        if let Some(s) = f.status {
            q = q.filter(cases::status.eq(s.slug()));
        }
        if let Some(a) = f.authority_id {
            q = q.filter(cases::authority_id.eq(a));
        }
        q = match f.officer {
            Some(OfficerFilter::Officer(o)) => q.filter(cases::officer_id.eq(o)),
            Some(OfficerFilter::Unallocated) => q.filter(cases::officer_id.is_null()),
            None => q,
        };
        if let Some(r) = f.regime {
            q = q.filter(cases::regime.eq(r.slug()));
        }
        if f.open {
            // The one definition of an open complaint, shared with `db::team` and `db::stats`.
            q = q.filter(
                cases::closed_on
                    .is_null()
                    .and(cases::complaint_received.is_not_null()),
            );
        }
        if f.overdue {
            q = q.filter(cases::next_deadline.lt(self.today));
        }
        if let Some(sector) = f.sector {
            q = q.filter(
                cases::authority_id.eq_any(
                    authorities::table
                        .filter(authorities::sector.eq(sector.slug()))
                        .select(authorities::id),
                ),
            );
        }
        self.response(self.dates(q))
    }

    /// The timeliness figures' conditions (`db::stats::requests::timeliness`).
    fn response(&self, mut q: Boxed) -> Boxed {
        let f = self.filter;
        if let Some(d) = f.request_from {
            q = q.filter(cases::request_received.ge(d));
        }
        if let Some(d) = f.request_to {
            q = q.filter(cases::request_received.le(d));
        }
        let Some(response) = f.response else {
            return q;
        };
        q = q.filter(cases::response_due.is_not_null());
        match response {
            ResponseFilter::Counted => q,
            ResponseFilter::InTime => q.filter(
                cases::response_sent
                    .is_not_null()
                    .and(cases::response_sent.le(cases::final_response_due)),
            ),
            ResponseFilter::Within20 => q.filter(
                cases::response_sent
                    .is_not_null()
                    .and(cases::response_sent.le(cases::response_due)),
            ),
            ResponseFilter::Unanswered => q.filter(cases::response_sent.is_null()),
        }
    }

    /// The date ranges and the search.
    fn dates(&self, mut q: Boxed) -> Boxed {
        let f = self.filter;
        if let Some(d) = f.due_from {
            q = q.filter(cases::next_deadline.ge(d));
        }
        if let Some(d) = f.due_before {
            q = q.filter(cases::next_deadline.le(d));
        }
        if let Some(d) = f.received_from {
            q = q.filter(cases::complaint_received.ge(d));
        }
        if let Some(d) = f.received_to {
            q = q.filter(cases::complaint_received.le(d));
        }
        if let Some(d) = f.decided_from {
            q = q.filter(cases::decided_on.ge(d));
        }
        if let Some(d) = f.decided_to {
            q = q.filter(cases::decided_on.le(d));
        }
        if let Some(pattern) = &self.pattern {
            q = q.filter(
                lower(cases::reference)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(cases::authority_id.eq_any(self.authority_matches.clone()))
                    .or(cases::complainant_id.eq_any(
                        complainants::table
                            .filter(lower(complainants::name).like(pattern.clone()).escape('\\'))
                            .select(complainants::id),
                    )),
            );
        }
        q
    }
}

/// The caseload, sorted by next deadline, filtered and paged, remembered until the caseload
/// changes (`db::generations`: officers come back to the same lists far more often than the
/// caseload changes, and a page of fifty cost 0.5 ms to read). `visible_to` limits it to an
/// officer's own cases (allocated to them, or unallocated and opened by them: the same rule as
/// `domain::case::may_change`).
///
/// # Errors
/// Database failures.
pub fn list(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
    visible_to: Option<i64>,
    today: NaiveDate,
) -> Result<Arc<Found>, DbError> {
    let filter = CaseFilter {
        per_page: filter.per_page.clamp(1, 100),
        page: filter.page.max(1),
        ..filter.clone()
    };
    // Every filter, the page, the viewer and the day: all a page depends on beyond the caseload.
    let key = format!("{filter:?} {visible_to:?} {today}");
    generations::remembered(conn, Data::Caseload, key, |conn| {
        read(conn, &filter, visible_to, today)
    })
}

/// What a caller made of a page of the caseload (the API's JSON body, say), remembered like the
/// page itself until the caseload changes: `make` is called only when nothing made of this
/// filter, viewer and day is remembered at the current generation. The case list's budget
/// (issue 14: a quarter of `/healthz`) leaves no room for rebuilding and serialising fifty cases
/// on every request.
///
/// # Errors
/// Database failures; whatever `make` returns.
pub fn remembered_view<T: Send + Sync + 'static, E: From<DbError>>(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
    visible_to: Option<i64>,
    today: NaiveDate,
    make: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<Arc<T>, E> {
    // The type in the key: each kind of view is remembered apart from the pages it is made of.
    let key = format!(
        "view {} {filter:?} {visible_to:?} {today}",
        std::any::type_name::<T>()
    );
    generations::remembered(conn, Data::Caseload, key, make)
}

/// A page of the caseload and its total, read afresh (the total may be remembered: every page
/// of one filter has the same).
fn read(
    conn: &mut AnyConnection,
    filter: &CaseFilter,
    visible_to: Option<i64>,
    today: NaiveDate,
) -> Result<Found, DbError> {
    let (page, per_page) = (filter.page, filter.per_page);
    let pattern = search_pattern(filter);
    let criteria = Criteria {
        filter,
        visible_to,
        today,
        authority_matches: authorities_matching(conn, pattern.as_ref())?,
        pattern,
    };
    let key = format!(
        "total {:?} {visible_to:?} {today}",
        CaseFilter {
            page: 0,
            per_page: 0,
            ..filter.clone()
        }
    );
    let total = generations::counted(conn, Data::Caseload, key, |c| {
        criteria.build().count().get_result(c)
    })?;
    let found = page_of(conn, &criteria, (page - 1) * per_page, per_page)?;
    Ok(Found {
        rows: with_authority_names(conn, found)?,
        page,
        per_page,
        total,
    })
}

/// One page, next deadline first, cases without one last. The two parts are read separately
/// so that each follows an index and stops after a page, instead of sorting the whole caseload.
/// The dated cases are counted only when a page lies wholly past them: a page that holds some
/// says where they end (its offset and how many it holds), so a list never counts them twice.
fn page_of(
    conn: &mut AnyConnection,
    criteria: &Criteria<'_>,
    offset: i64,
    per_page: i64,
) -> Result<Vec<ListedCase>, DbError> {
    let mut found: Vec<ListedCase> = criteria
        .build()
        .filter(cases::next_deadline.is_not_null())
        .order((cases::next_deadline.asc(), cases::id.asc()))
        .limit(per_page)
        .offset(offset)
        .select(ListedCase::as_select())
        .load(conn)?;
    let held = i64::try_from(found.len()).unwrap_or(per_page);
    if held < per_page {
        let dated: i64 = if held > 0 || offset == 0 {
            offset + held
        } else {
            criteria
                .build()
                .filter(cases::next_deadline.is_not_null())
                .count()
                .get_result(conn)?
        };
        let undated: Vec<ListedCase> = criteria
            .build()
            .filter(cases::next_deadline.is_null())
            .order(cases::id.asc())
            .limit(per_page - held)
            .offset((offset - dated).max(0))
            .select(ListedCase::as_select())
            .load(conn)?;
        found.extend(undated);
    }
    Ok(found)
}

/// The rows with their authority's full (formal) name, as a list shows it (one query for the page).
fn with_authority_names(
    conn: &mut AnyConnection,
    found: Vec<ListedCase>,
) -> Result<Vec<(ListedCase, String)>, DbError> {
    let ids: Vec<i64> = found.iter().map(|c| c.authority_id).collect();
    let names: HashMap<i64, String> = authorities::table
        .filter(authorities::id.eq_any(ids))
        .select((authorities::id, authorities::formal_name))
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
