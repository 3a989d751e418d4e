//! The team's open caseload for managers: per officer (and unallocated), how many open cases,
//! how many overdue or due soon, and how old they are (aggregated in `db::stats`).

use super::{Actor, ServiceError};
use crate::db::AnyConnection;
use crate::db::team as db;
use crate::domain::calendar::Calendars;
use crate::domain::urgency::due_soon_last_day;
use chrono::NaiveDate;

pub use crate::db::team::TeamRow;

/// The team's open caseload by officer, most overdue first (then by name, in natural order),
/// with the totals of every officer (named "All officers"). Every active officer and manager
/// is listed, with zeros when they have none open, so that spare capacity shows; an admin only
/// when cases are allocated to them. Due soon and the age bands are the domain's definitions.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn caseload(
    conn: &mut AnyConnection,
    actor: &Actor,
    calendars: &Calendars,
    today: NaiveDate,
) -> Result<(Vec<TeamRow>, TeamRow), ServiceError> {
    actor.require_manager("see the team's caseload")?;
    let mut rows = db::team_caseload(conn, today, due_soon_last_day(calendars, today))?;
    for (id, name, role) in crate::db::cases::allocatable_staff(conn)? {
        // An admin who is not a caseworker has no caseload to show spare capacity of: listed
        // only when cases are allocated to them (the query's rows), never as a zero row.
        if role != crate::domain::parties::Role::Admin
            && !rows.iter().any(|r| r.officer_id == Some(id))
        {
            rows.push(TeamRow {
                officer_id: Some(id),
                officer: name,
                ..TeamRow::default()
            });
        }
    }
    rows.sort_by(|a, b| {
        b.overdue
            .cmp(&a.overdue)
            .then(b.open.cmp(&a.open))
            .then_with(|| crate::domain::natural::cmp(&a.officer, &b.officer))
    });
    let mut totals = TeamRow {
        officer: "All officers".to_owned(),
        ..TeamRow::default()
    };
    for r in &rows {
        totals.open += r.open;
        totals.overdue += r.overdue;
        totals.due_soon += r.due_soon;
        totals.age_under_30 += r.age_under_30;
        totals.age_30_to_89 += r.age_30_to_89;
        totals.age_90_to_179 += r.age_90_to_179;
        totals.age_180_to_364 += r.age_180_to_364;
        totals.age_365_plus += r.age_365_plus;
    }
    Ok((rows, totals))
}
