//! The caseload as officers list it: a page of cases, next deadline first, and the same page
//! as the API renders it, remembered until the caseload changes.

use super::{Context, ServiceError};
use crate::db::AnyConnection;
use crate::db::caseload::{self, CaseFilter};
use crate::domain::deadline::DeadlineName;
use crate::domain::input;
use crate::domain::lifecycle::CaseStatus;
use crate::domain::regime::Regime;
use chrono::NaiveDate;
use std::sync::Arc;

/// A case in a list.
#[derive(Debug, Clone)]
pub struct CaseListItem {
    /// Reference.
    pub reference: String,
    /// Regime.
    pub regime: Regime,
    /// Status.
    pub status: CaseStatus,
    /// Public authority id.
    pub authority_id: i64,
    /// Public authority, by its full (formal) name.
    pub authority: String,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// The next open deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<DeadlineName>,
    /// Whether it has passed.
    pub overdue: bool,
}

/// A page of the caseload.
#[derive(Debug, Clone)]
pub struct CaseListing {
    /// The cases.
    pub items: Vec<CaseListItem>,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Cases matching the filters.
    pub total: i64,
}

/// Whose cases the list holds (`Some(officer)` for an officer, who sees their own: the rule of
/// `domain::case::may_change`), once the search's words are accepted.
fn viewer_of(ctx: &Context<'_>, filter: &CaseFilter) -> Result<Option<i64>, ServiceError> {
    if let Some(words) = &filter.search {
        input::SEARCH
            .check(words)
            .map_err(|m| ServiceError::invalid("search_refused", m))?;
    }
    Ok((!ctx.actor.sees_every_case()).then_some(ctx.actor.user_id))
}

/// The caseload, sorted by next deadline, filtered and paged; officers see their own cases.
///
/// # Errors
/// Unexpected database failures; a stored value that does not parse.
pub fn list(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    filter: &CaseFilter,
) -> Result<CaseListing, ServiceError> {
    let visible_to = viewer_of(ctx, filter)?;
    let found = caseload::list(conn, filter, visible_to, ctx.today)?;
    let items = found
        .rows
        .iter()
        .map(|(c, authority)| {
            let next_deadline_name = match &c.next_deadline_name {
                Some(name) => Some(DeadlineName::from_slug(name).ok_or_else(|| {
                    ServiceError::Unexpected(anyhow::anyhow!(
                        "case {}: stored deadline name \"{name}\" is not known",
                        c.reference
                    ))
                })?),
                None => None,
            };
            let unreadable = |what: &str, value: &str| {
                ServiceError::Unexpected(anyhow::anyhow!(
                    "case {}: stored {what} \"{value}\" is not known",
                    c.reference
                ))
            };
            Ok(CaseListItem {
                status: CaseStatus::from_slug(&c.status)
                    .map_err(|_| unreadable("status", &c.status))?,
                regime: Regime::from_slug(&c.regime)
                    .map_err(|_| unreadable("regime", &c.regime))?,
                overdue: c.next_deadline.is_some_and(|d| d < ctx.today),
                reference: c.reference.clone(),
                authority_id: c.authority_id,
                authority: authority.clone(),
                officer_id: c.officer_id,
                next_deadline: c.next_deadline,
                next_deadline_name,
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok(CaseListing {
        items,
        page: found.page,
        per_page: found.per_page,
        total: found.total,
    })
}

/// A page of the caseload as `render` makes it (the API's JSON body), remembered until the
/// caseload changes (`caseload::remembered_view`): a list asked for again is answered without
/// rebuilding it. The search is checked first, every time.
///
/// # Errors
/// As [`list`]; whatever `render` returns.
pub fn list_rendered<T: Send + Sync + 'static>(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    filter: &CaseFilter,
    render: impl FnOnce(CaseListing) -> Result<T, ServiceError>,
) -> Result<Arc<T>, ServiceError> {
    let visible_to = viewer_of(ctx, filter)?;
    caseload::remembered_view(conn, filter, visible_to, ctx.today, |conn| {
        render(list(conn, ctx, filter)?)
    })
}
