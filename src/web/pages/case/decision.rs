//! The decision on the case page: where the notice stands, what it decided in the register's
//! words ("FOI 31: Complaint not upheld") with the overall outcome, the date it was issued and
//! the last day to appeal to the tribunal.

use super::super::forms::long_date;
use crate::db::AnyConnection;
use crate::domain::deadline::DeadlineName;
use crate::domain::notice::{NoticeState, outcome_label, outcome_words};
use crate::domain::parties::CaseReference;
use crate::service::ServiceError;
use crate::service::cases::{CaseRecord, Context};
use crate::service::notices;
use serde::Serialize;

/// The notice's part of the case page.
#[derive(Serialize, Debug)]
pub(super) struct DecisionView {
    /// Where the notice stands: "Draft", "Issued", ….
    pub state: &'static str,
    pub issued: bool,
    /// "Thursday 8 February 2024", once issued.
    pub issued_on: String,
    /// "Complaint not upheld" (set by the officer, or derived from the provisions).
    pub overall: String,
    /// Each provision decided, in the register's words.
    pub provisions: Vec<String>,
    /// "Thursday 7 March 2024", once the appeal window is open.
    pub appeal_last_day: String,
}

/// The decision on a case the actor may read; `None` before a notice is drafted.
///
/// # Errors
/// Database failures.
pub(super) fn of(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    record: &CaseRecord,
) -> Result<Option<DecisionView>, ServiceError> {
    let stored = match notices::get(conn, ctx, reference) {
        Ok(r) => r.stored,
        Err(ServiceError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let notice = &stored.notice;
    let issued = stored.state == NoticeState::Issued;
    let appeal = record
        .case
        .state()
        .evaluation
        .get(DeadlineName::AppealLastDay)
        .and_then(|d| d.date);
    Ok(Some(DecisionView {
        state: super::super::notice::state_label(stored.state),
        issued,
        issued_on: notice
            .date
            .filter(|_| issued)
            .map(long_date)
            .unwrap_or_default(),
        overall: notice.outcome().map(outcome_words).unwrap_or("").to_owned(),
        provisions: notice.provisions.iter().map(outcome_label).collect(),
        appeal_last_day: appeal.map(long_date).unwrap_or_default(),
    }))
}
