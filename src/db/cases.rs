//! Storage of cases: the case row with its summary columns, its complainant, and its
//! append-only event log. Every query on those tables lives here; stored strings are parsed
//! into their domain enums once, here, and a value that does not parse is an error.

use super::AnyConnection;
use super::rows::{
    AuthorityRow, CaseRow, CaseSummary, ComplainantRow, EventRow, NewCase, NewComplainant, NewEvent,
};
use super::schema::{authorities, case_events, cases, complainants, users};
use crate::domain::case::{CaseHeader, EventDetails, LoggedEvent, NewEntry, Summary};
use crate::domain::lifecycle::{CaseEventKind, CaseStatus};
use crate::domain::regime::Regime;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// A stored value the code cannot read back: a database error naming where it was found.
fn unreadable(what: &str, value: &str) -> DbError {
    DbError::DeserializationError(format!("cases: stored {what} \"{value}\" is not known").into())
}

/// The case's header in domain terms.
///
/// # Errors
/// A stored regime that does not parse.
pub fn header(row: &CaseRow) -> Result<CaseHeader, DbError> {
    Ok(CaseHeader {
        reference: row.reference.clone(),
        regime: Regime::from_slug(&row.regime).map_err(|_| unreadable("regime", &row.regime))?,
        officer_id: row.officer_id,
        created_by: row.created_by,
    })
}

/// The stored status of a case row.
///
/// # Errors
/// A stored status that does not parse.
pub fn status(row: &CaseRow) -> Result<CaseStatus, DbError> {
    CaseStatus::from_slug(&row.status).map_err(|_| unreadable("status", &row.status))
}

/// One log entry in domain terms.
///
/// # Errors
/// A stored kind or details that do not parse.
pub fn logged(row: EventRow) -> Result<LoggedEvent, DbError> {
    let kind =
        CaseEventKind::from_slug(&row.kind).map_err(|_| unreadable("event kind", &row.kind))?;
    let details: EventDetails = serde_json::from_str(&row.details).map_err(|e| {
        DbError::DeserializationError(format!("cases: event {} details: {e}", row.id).into())
    })?;
    Ok(LoggedEvent {
        id: row.id,
        kind,
        date: row.event_date,
        timestamp: row.event_timestamp,
        details,
        supersedes: row.supersedes,
        retracted: row.retracted,
        recorded_by: row.recorded_by,
        recorded_at: row.recorded_at,
    })
}

/// The case row of a reference.
///
/// # Errors
/// Database failures.
pub fn find(conn: &mut AnyConnection, reference: &str) -> Result<Option<CaseRow>, DbError> {
    cases::table
        .filter(cases::reference.eq(reference))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// The case row by id.
///
/// # Errors
/// Database failures; not found.
pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<CaseRow, DbError> {
    cases::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
}

/// The case with its authority and complainant, in one query (the busiest read there is).
///
/// # Errors
/// Database failures.
pub fn with_parties(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<(CaseRow, AuthorityRow, ComplainantRow)>, DbError> {
    cases::table
        .inner_join(authorities::table)
        .inner_join(complainants::table)
        .filter(cases::reference.eq(reference))
        .select((
            CaseRow::as_select(),
            AuthorityRow::as_select(),
            ComplainantRow::as_select(),
        ))
        .first(conn)
        .optional()
}

/// The case's whole log, in the order recorded.
///
/// # Errors
/// Database failures; an entry that does not parse.
pub fn log(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<LoggedEvent>, DbError> {
    case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?
        .into_iter()
        .map(logged)
        .collect()
}

/// Appends entries to a case's log.
///
/// # Errors
/// Database failures.
pub fn append(
    conn: &mut AnyConnection,
    case_id: i64,
    entries: &[NewEntry],
    recorded_by: Option<i64>,
    recorded_at: NaiveDateTime,
) -> Result<(), DbError> {
    for entry in entries {
        let details = serde_json::to_string(&entry.event.details)
            .map_err(|e| DbError::SerializationError(e.into()))?;
        diesel::insert_into(case_events::table)
            .values(&NewEvent {
                case_id,
                kind: entry.event.kind.slug().to_owned(),
                event_date: entry.event.date,
                event_timestamp: entry.event.timestamp,
                details,
                supersedes: entry.supersedes,
                retracted: entry.retracted,
                recorded_by,
                recorded_at,
            })
            .execute(conn)?;
    }
    Ok(())
}

/// The summary columns as stored.
#[must_use]
pub fn summary_row(s: &Summary) -> CaseSummary {
    CaseSummary {
        status: s.status.slug().to_owned(),
        rejection_reason: s.rejection_reason.map(|r| r.slug().to_owned()),
        officer_id: s.officer_id,
        request_received: s.request_received,
        response_due: s.response_due,
        response_sent: s.response_sent,
        response_status: s.response_status.map(|r| r.slug().to_owned()),
        response_working_days_late: s.response_working_days_late,
        extension_claimed: s.extension_claimed,
        final_response_due: s.final_response_due,
        review_requested: s.review_requested,
        review_completed: s.review_completed,
        review_working_days: s.review_working_days,
        complaint_received: s.complaint_received,
        allocated_on: s.allocated_on,
        decided_on: s.decided_on,
        closed_on: s.closed_on,
        next_deadline: s.next_deadline,
        next_deadline_name: s.next_deadline_name.map(|n| n.slug().to_owned()),
        response_working_days: s.response_working_days,
        steps_due: s.steps_due,
        steps_complied: s.steps_complied,
    }
}

/// Writes the recomputed summary and, when `version` is given, the case's new version.
///
/// # Errors
/// Database failures.
pub fn store_summary(
    conn: &mut AnyConnection,
    case_id: i64,
    summary: &Summary,
    changed: Option<(NaiveDateTime, i32)>,
) -> Result<(), DbError> {
    let row = summary_row(summary);
    match changed {
        Some((at, version)) => diesel::update(cases::table.find(case_id))
            .set((&row, cases::updated_at.eq(at), cases::version.eq(version)))
            .execute(conn)?,
        None => diesel::update(cases::table.find(case_id))
            .set(&row)
            .execute(conn)?,
    };
    Ok(())
}

/// Whether a public authority exists.
///
/// # Errors
/// Database failures.
pub fn authority_exists(conn: &mut AnyConnection, id: i64) -> Result<bool, DbError> {
    let n: i64 = authorities::table
        .filter(authorities::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether a reference is taken.
///
/// # Errors
/// Database failures.
pub fn reference_taken(conn: &mut AnyConnection, reference: &str) -> Result<bool, DbError> {
    let n: i64 = cases::table
        .filter(cases::reference.eq(reference))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Whether a member of staff exists and is active (may be allocated cases).
///
/// # Errors
/// Database failures.
pub fn is_active_staff(conn: &mut AnyConnection, user_id: i64) -> Result<bool, DbError> {
    let active: Option<bool> = users::table
        .find(user_id)
        .select(users::active)
        .first(conn)
        .optional()?;
    Ok(active == Some(true))
}

/// Stores a complainant; returns the id.
///
/// # Errors
/// Database failures.
pub fn insert_complainant(
    conn: &mut AnyConnection,
    complainant: &NewComplainant<'_>,
) -> Result<i64, DbError> {
    diesel::insert_into(complainants::table)
        .values(complainant)
        .returning(complainants::id)
        .get_result(conn)
}

/// Stores a new case row; returns it.
///
/// # Errors
/// Database failures.
pub fn insert(conn: &mut AnyConnection, case: &NewCase<'_>) -> Result<CaseRow, DbError> {
    let id: i64 = diesel::insert_into(cases::table)
        .values(case)
        .returning(cases::id)
        .get_result(conn)?;
    by_id(conn, id)
}

/// Every case not closed (for recomputing dates after the calendar changes).
///
/// # Errors
/// Database failures.
pub fn open(conn: &mut AnyConnection) -> Result<Vec<CaseRow>, DbError> {
    cases::table
        .filter(cases::closed_on.is_null())
        .select(CaseRow::as_select())
        .load(conn)
}

/// The stored dates a changed calendar may move.
#[must_use]
pub fn stored_dates(row: &CaseRow) -> [(&'static str, Option<NaiveDate>); 3] {
    [
        ("response due date", row.response_due),
        ("extended response date", row.final_response_due),
        ("next deadline", row.next_deadline),
    ]
}

/// The active members of staff who can be allocated cases, by name: (id, name, role).
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn allocatable_staff(
    conn: &mut AnyConnection,
) -> Result<Vec<(i64, String, crate::domain::parties::Role)>, DbError> {
    users::table
        .filter(users::active.eq(true))
        .order(users::name.asc())
        .select((users::id, users::name, users::role))
        .load::<(i64, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, role)| {
            crate::domain::parties::Role::from_slug(&role)
                .map(|r| (id, name, r))
                .map_err(|_| {
                    DbError::DeserializationError(
                        format!("users: stored role \"{role}\" is not known").into(),
                    )
                })
        })
        .collect()
}

/// The logs of many cases at once (in the order recorded), by case id.
///
/// # Errors
/// Database failures; an entry that does not parse.
pub fn logs(
    conn: &mut AnyConnection,
    case_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Vec<LoggedEvent>>, DbError> {
    let rows: Vec<EventRow> = case_events::table
        .filter(case_events::case_id.eq_any(case_ids))
        .order(case_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?;
    let mut by_case: std::collections::HashMap<i64, Vec<LoggedEvent>> =
        std::collections::HashMap::new();
    for row in rows {
        let case_id = row.case_id;
        by_case.entry(case_id).or_default().push(logged(row)?);
    }
    Ok(by_case)
}

/// The case row by id, if there is one.
///
/// # Errors
/// Database failures.
pub fn find_by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<CaseRow>, DbError> {
    by_id(conn, id).optional()
}

/// The names of the members of staff with these ids (who recorded a case's entries, whom it
/// was allocated to).
///
/// # Errors
/// Database failures.
pub fn staff_names(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbError> {
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}
