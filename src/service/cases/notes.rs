//! Internal notes on a case: dated by the officer (today or earlier), kept with who wrote them
//! and when, shown on the case page newest first. Never in emails, notices, exports or the
//! register.

use super::{CaseRecord, Context, detail, load_for_change};
use crate::db::AnyConnection;
use crate::db::case_record as store;
use crate::domain::case::RecordCommand;
use crate::domain::case::record::check_note_date;
use crate::domain::input;
use crate::domain::parties::CaseReference;
use crate::service::authorities::audit;
use crate::service::{ServiceError, stamp};
use chrono::NaiveDate;

/// Adds a note dated `date` (whoever may change the case).
///
/// # Errors
/// An empty or over-long note, a date after today (`note_text`, `note_date`), forbidden, not
/// found; nothing is written then.
pub fn add_note(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    date: NaiveDate,
    text: &str,
) -> Result<CaseRecord, ServiceError> {
    let text = input::CASE_NOTE.required(text).map_err(|m| {
        ServiceError::invalid("note_text", crate::domain::notice::draft::capitalised(&m))
    })?;
    check_note_date(date, ctx.today).map_err(|m| ServiceError::invalid("note_date", m))?;
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        case.authorize_record(ctx.actor, RecordCommand::AddNote)?;
        let at = stamp(ctx.now);
        store::add_note(conn, row.id, date, &text, ctx.actor.user_id, at)?;
        audit(
            conn,
            ctx.actor,
            RecordCommand::AddNote.audit_action(),
            &row.reference,
            at,
        )
    })?;
    detail(conn, ctx, reference)
}
