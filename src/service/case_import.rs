//! Bringing an existing caseload in: one row of the import file (reference, regime, authority,
//! complainant, the date of each stage already reached, the officer by email, the case record)
//! opened as a case with its history through the privileged seeding path (`cases::seed`), in
//! its own transaction. The engine still refuses an impossible timeline; a reference already here is
//! left as it is (importing a file twice changes nothing).

use super::ServiceError;
use super::cases::{self, ComplainantInput, Context, NewCaseInput};
use crate::db::AnyConnection;
use crate::domain::case::{EventDetails, EventInput};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use crate::domain::parties::{CaseReference, EmailAddress};
use crate::domain::regime::Regime;
use crate::domain::timeline::EventKind;
use crate::service::cases::RecordInput;
use chrono::NaiveDate;

/// The stages a row may date, in their order in a case (a column each, named by the event's
/// identifier). Stages that need more than a date (a decision notice's outcome and steps, a
/// rejection's reason, a letter's reply date) are recorded in the service after the import.
pub const STAGES: [CaseEventKind; 11] = [
    CaseEventKind::Clock(EventKind::RequestReceived),
    CaseEventKind::Clock(EventKind::ClarificationRequested),
    CaseEventKind::Clock(EventKind::ClarificationReceived),
    CaseEventKind::Clock(EventKind::ResponseSent),
    CaseEventKind::Clock(EventKind::InternalReviewRequested),
    CaseEventKind::Clock(EventKind::InternalReviewCompleted),
    CaseEventKind::Clock(EventKind::ComplaintReceived),
    CaseEventKind::Workflow(WorkflowKind::ComplaintAccepted),
    CaseEventKind::Workflow(WorkflowKind::Allocated),
    CaseEventKind::Workflow(WorkflowKind::InformallyResolved),
    CaseEventKind::Workflow(WorkflowKind::CaseClosed),
];

/// The columns every row needs.
pub const REQUIRED: [&str; 4] = ["reference", "regime", "authority", "complainant_name"];
/// The other columns besides the stages: the complainant's contact details, the officer, and
/// the case record as the new-case form takes it (the request's wording, the exemptions or
/// exceptions cited, read by the one `Provision` parser as "s40(2), reg12(4)(a)", and the
/// authority's own reference).
pub const OPTIONAL: [&str; 6] = [
    "complainant_email",
    "complainant_address",
    "officer_email",
    "request_wording",
    "exemptions_cited",
    "authority_reference",
];

/// What importing a row did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// A new case was opened.
    Added,
    /// A case with this reference is here already; nothing was changed.
    AlreadyThere,
}

/// Imports one row: `get` gives the value of a column (empty when absent).
///
/// # Errors
/// `Ok(Err(reasons))` when the row is refused (nothing of it is written); `Err` for database
/// failures.
pub fn import_row(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    get: &dyn Fn(&str) -> String,
) -> Result<Result<Imported, String>, ServiceError> {
    let reference = match CaseReference::parse(&get("reference")) {
        Ok(r) => r,
        Err(m) => return Ok(Err(format!("reference: {m}"))),
    };
    if crate::db::cases::reference_taken(conn, reference.as_str())? {
        return Ok(Ok(Imported::AlreadyThere));
    }
    let input = match parse_row(conn, reference, get)? {
        Ok(i) => i,
        Err(reasons) => return Ok(Err(reasons.join("; "))),
    };
    match cases::seed(conn, ctx, &input) {
        Ok(_) => Ok(Ok(Imported::Added)),
        Err(ServiceError::Invalid { message, .. } | ServiceError::Conflict(message)) => {
            Ok(Err(message))
        }
        Err(other) => Err(other),
    }
}

/// Reads the row's fields into a new case; every problem is named with its column.
fn parse_row(
    conn: &mut AnyConnection,
    reference: CaseReference,
    get: &dyn Fn(&str) -> String,
) -> Result<Result<NewCaseInput, Vec<String>>, ServiceError> {
    let mut problems = Vec::new();
    let regime = Regime::from_slug(get("regime").trim())
        .map_err(|m| problems.push(format!("regime: {m}")))
        .ok();
    let authority = get("authority");
    let found = crate::db::authorities::by_formal_name(conn, &authority)?;
    let authority_id = match found.as_slice() {
        [one] => Some(one.id),
        [] => {
            problems.push(format!(
                "authority: there is no public authority whose formal name is \u{201c}{}\u{201d}",
                authority.trim()
            ));
            None
        }
        _ => {
            problems.push(format!(
                "authority: more than one public authority is called \u{201c}{}\u{201d}",
                authority.trim()
            ));
            None
        }
    };
    let complainant = ComplainantInput::parse(
        &get("complainant_name"),
        &get("complainant_email"),
        &get("complainant_address"),
    )
    .map_err(|refused| {
        for e in refused {
            problems.push(crate::domain::labelled::labelled(e.field, &e.message));
        }
    })
    .ok();
    let record = RecordInput::parse(
        &get("request_wording"),
        &get("exemptions_cited"),
        &get("authority_reference"),
    )
    .map_err(|refused| {
        for e in refused {
            problems.push(crate::domain::labelled::labelled(e.field, &e.message));
        }
    })
    .ok();
    let officer_id = officer(conn, &get("officer_email"), &mut problems)?;
    let events = stages(get, officer_id, &mut problems);
    Ok(
        match (
            regime,
            authority_id,
            complainant,
            record,
            problems.is_empty(),
        ) {
            (Some(regime), Some(authority_id), Some(complainant), Some(record), true) => {
                Ok(NewCaseInput {
                    reference: Some(reference),
                    regime,
                    authority_id,
                    complainant,
                    events,
                    record,
                })
            }
            _ => Err(problems),
        },
    )
}

/// The officer named by email: an active member of staff.
fn officer(
    conn: &mut AnyConnection,
    email: &str,
    problems: &mut Vec<String>,
) -> Result<Option<i64>, ServiceError> {
    if email.trim().is_empty() {
        return Ok(None);
    }
    let key = match EmailAddress::parse(email) {
        Ok(e) => e.account_key(),
        Err(m) => {
            problems.push(format!("officer_email: {m}"));
            return Ok(None);
        }
    };
    match crate::db::users::by_email(conn, &key)? {
        Some(u) if u.active => Ok(Some(u.id)),
        _ => {
            problems.push(format!(
                "officer_email: there is no active member of staff with the email {key}"
            ));
            Ok(None)
        }
    }
}

/// The dated stages, in the order of [`STAGES`] (the engine sorts and checks them).
fn stages(
    get: &dyn Fn(&str) -> String,
    officer_id: Option<i64>,
    problems: &mut Vec<String>,
) -> Vec<EventInput> {
    let allocated = CaseEventKind::Workflow(WorkflowKind::Allocated);
    let mut events = Vec::new();
    for kind in STAGES {
        let text = get(kind.slug());
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") else {
            problems.push(format!(
                "{}: \u{201c}{text}\u{201d} is not a date in the form YYYY-MM-DD",
                kind.slug()
            ));
            continue;
        };
        let mut details = EventDetails::default();
        if kind == allocated {
            if officer_id.is_none() {
                problems.push(
                    "allocated: give the officer_email of the officer it was allocated to"
                        .to_owned(),
                );
            }
            details.officer_id = officer_id;
        }
        events.push(EventInput {
            kind,
            date,
            timestamp: None,
            details,
        });
    }
    if officer_id.is_some() && !events.iter().any(|e| e.kind == allocated) {
        problems.push("officer_email: give the allocated date as well".to_owned());
    }
    events
}
