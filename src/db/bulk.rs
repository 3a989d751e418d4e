//! Bulk storage for the synthetic caseload: ids handed out in advance so a batch of cases, their
//! complainants, their events and the issued notices of the decided ones (with the provisions
//! they decided) goes in as a few multi-row inserts, and the sequences and planner statistics
//! brought up to date afterwards.

use super::rows::{CaseSummary, NewEvent};
use super::schema::{case_events, cases, complainants, notice_provisions, notice_versions};
use super::{AnyConnection, is_postgres};
use crate::domain::notice::{Notice, NoticeState};
use crate::domain::regime::Regime;
use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// The next free id of each table a batch writes.
#[derive(Debug, Clone, Copy)]
pub struct NextIds {
    /// The next case id.
    pub case: i64,
    /// The next complainant id.
    pub complainant: i64,
    /// The next event id.
    pub event: i64,
    /// The next notice version id.
    pub notice_version: i64,
}

/// Reads the next free ids (one past the largest stored).
///
/// # Errors
/// Database failures.
pub fn next_ids(conn: &mut AnyConnection) -> Result<NextIds, DbError> {
    let case: Option<i64> = cases::table
        .select(diesel::dsl::max(cases::id))
        .first(conn)?;
    let complainant: Option<i64> = complainants::table
        .select(diesel::dsl::max(complainants::id))
        .first(conn)?;
    let event: Option<i64> = case_events::table
        .select(diesel::dsl::max(case_events::id))
        .first(conn)?;
    let notice_version: Option<i64> = notice_versions::table
        .select(diesel::dsl::max(notice_versions::id))
        .first(conn)?;
    Ok(NextIds {
        case: case.unwrap_or(0) + 1,
        complainant: complainant.unwrap_or(0) + 1,
        event: event.unwrap_or(0) + 1,
        notice_version: notice_version.unwrap_or(0) + 1,
    })
}

/// One generated case with its complainant, its summary and its events.
#[derive(Debug)]
pub struct BulkCase {
    /// The case id (from [`NextIds`]).
    pub id: i64,
    /// The case reference.
    pub reference: String,
    /// The regime.
    pub regime: Regime,
    /// The authority.
    pub authority_id: i64,
    /// The complainant id (from [`NextIds`]).
    pub complainant_id: i64,
    /// The complainant's (synthetic) name.
    pub complainant_name: String,
    /// The summary columns, from the aggregate.
    pub summary: CaseSummary,
    /// The events (their `case_id` is the case's id).
    pub events: Vec<NewEvent>,
    /// A decided case's issued notice (with the provisions it decided).
    pub notice: Option<Notice>,
}

/// Inserts a batch of generated cases; event ids are taken from `next.event` onwards and notice
/// version ids from `next.notice_version`. Returns how many events were written. Call inside a
/// transaction.
///
/// # Errors
/// Database failures.
pub fn insert_cases(
    conn: &mut AnyConnection,
    batch: &[BulkCase],
    next: &mut NextIds,
    at: NaiveDateTime,
) -> Result<u64, DbError> {
    insert_complainants(conn, batch, at)?;
    insert_case_rows(conn, batch, at)?;
    let written = insert_events(conn, batch, &mut next.event)?;
    insert_notices(conn, batch, &mut next.notice_version, at)?;
    Ok(written)
}

fn insert_complainants(
    conn: &mut AnyConnection,
    batch: &[BulkCase],
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let complainant_rows: Vec<_> = batch
        .iter()
        .map(|c| {
            (
                complainants::id.eq(c.complainant_id),
                complainants::name.eq(&c.complainant_name),
                complainants::postal_address.eq(""),
                complainants::created_at.eq(at),
            )
        })
        .collect();
    for chunk in complainant_rows.chunks(500) {
        crate::on_backend!(&mut *conn, c => diesel::insert_into(complainants::table).values(chunk).execute(c))?;
    }
    Ok(())
}

fn insert_case_rows(
    conn: &mut AnyConnection,
    batch: &[BulkCase],
    at: NaiveDateTime,
) -> Result<(), DbError> {
    // diesel's tuples stop at 16 columns, hence three groups per case.
    let case_rows: Vec<_> = batch
        .iter()
        .map(|c| {
            let s = &c.summary;
            (
                (
                    cases::id.eq(c.id),
                    cases::reference.eq(c.reference.clone()),
                    cases::regime.eq(c.regime.slug()),
                    cases::authority_id.eq(c.authority_id),
                    cases::complainant_id.eq(c.complainant_id),
                    cases::officer_id.eq(s.officer_id),
                    cases::status.eq(s.status.clone()),
                    cases::rejection_reason.eq(s.rejection_reason.clone()),
                    cases::created_at.eq(at),
                    cases::updated_at.eq(at),
                ),
                (
                    cases::request_received.eq(s.request_received),
                    cases::response_due.eq(s.response_due),
                    cases::response_sent.eq(s.response_sent),
                    cases::response_status.eq(s.response_status.clone()),
                    cases::response_working_days_late.eq(s.response_working_days_late),
                    cases::extension_claimed.eq(s.extension_claimed),
                    cases::final_response_due.eq(s.final_response_due),
                    cases::review_requested.eq(s.review_requested),
                    cases::review_completed.eq(s.review_completed),
                    cases::review_working_days.eq(s.review_working_days),
                ),
                (
                    cases::complaint_received.eq(s.complaint_received),
                    cases::allocated_on.eq(s.allocated_on),
                    cases::decided_on.eq(s.decided_on),
                    cases::closed_on.eq(s.closed_on),
                    cases::next_deadline.eq(s.next_deadline),
                    cases::next_deadline_name.eq(s.next_deadline_name.clone()),
                    cases::version.eq(1),
                    cases::response_working_days.eq(s.response_working_days),
                    cases::steps_due.eq(s.steps_due),
                    cases::steps_complied.eq(s.steps_complied),
                ),
            )
        })
        .collect();
    for chunk in case_rows.chunks(200) {
        crate::on_backend!(&mut *conn, c => diesel::insert_into(cases::table).values(chunk).execute(c))?;
    }
    Ok(())
}

fn insert_events(
    conn: &mut AnyConnection,
    batch: &[BulkCase],
    next_event: &mut i64,
) -> Result<u64, DbError> {
    let mut written = 0u64;
    let events: Vec<(i64, &NewEvent)> = batch
        .iter()
        .flat_map(|c| c.events.iter())
        .map(|e| {
            let id = *next_event;
            *next_event += 1;
            (id, e)
        })
        .collect();
    for chunk in events.chunks(500) {
        let values: Vec<_> = chunk
            .iter()
            .map(|(id, e)| {
                (
                    case_events::id.eq(*id),
                    case_events::case_id.eq(e.case_id),
                    case_events::kind.eq(&e.kind),
                    case_events::event_date.eq(e.event_date),
                    case_events::details.eq(&e.details),
                    case_events::retracted.eq(false),
                    case_events::recorded_at.eq(e.recorded_at),
                )
            })
            .collect();
        crate::on_backend!(&mut *conn, c => diesel::insert_into(case_events::table).values(&values).execute(c))?;
        written += chunk.len() as u64;
    }
    Ok(written)
}

/// The issued notices of a batch's decided cases and the provisions each decided.
fn insert_notices(
    conn: &mut AnyConnection,
    batch: &[BulkCase],
    next_version: &mut i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let mut versions = Vec::new();
    let mut provisions = Vec::new();
    for c in batch {
        let Some(notice) = &c.notice else { continue };
        let id = *next_version;
        *next_version += 1;
        let body =
            serde_json::to_string(notice).map_err(|e| DbError::SerializationError(Box::new(e)))?;
        versions.push((
            notice_versions::id.eq(id),
            notice_versions::case_id.eq(c.id),
            notice_versions::version.eq(1),
            notice_versions::body.eq(body),
            notice_versions::state.eq(NoticeState::Issued.slug()),
            notice_versions::created_at.eq(at),
        ));
        for p in &notice.provisions {
            provisions.push((
                notice_provisions::case_id.eq(c.id),
                notice_provisions::notice_version_id.eq(id),
                notice_provisions::provision.eq(p.provision.as_str().to_owned()),
                notice_provisions::outcome.eq(p.outcome.slug()),
            ));
        }
    }
    for chunk in versions.chunks(500) {
        crate::on_backend!(&mut *conn, c => diesel::insert_into(notice_versions::table).values(chunk).execute(c))?;
    }
    for chunk in provisions.chunks(500) {
        crate::on_backend!(&mut *conn, c => diesel::insert_into(notice_provisions::table).values(chunk).execute(c))?;
    }
    Ok(())
}

/// After a bulk load: moves PostgreSQL's sequences past the explicit ids, and refreshes the
/// planner's statistics on both backends.
///
/// # Errors
/// Database failures.
pub fn after_bulk_load(conn: &mut AnyConnection) -> Result<(), DbError> {
    if is_postgres(conn) {
        conn.batch_execute(
            "SELECT setval(pg_get_serial_sequence('cases', 'id'), (SELECT MAX(id) FROM cases));
             SELECT setval(pg_get_serial_sequence('complainants', 'id'), (SELECT MAX(id) FROM complainants));
             SELECT setval(pg_get_serial_sequence('case_events', 'id'), (SELECT MAX(id) FROM case_events));
             SELECT setval(pg_get_serial_sequence('notice_versions', 'id'), (SELECT MAX(id) FROM notice_versions));
             ANALYZE;",
        )
    } else {
        conn.batch_execute("ANALYZE;")
    }
}
