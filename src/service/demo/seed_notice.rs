//! The seed case's decision notice, taken through the notice workflow as people would take it
//! through the web (the same service functions): the officer drafts it and puts in the text of
//! the real notice (assets/demo/seed-notice.json, the Metropolitan Police decision of
//! 8 February 2024) with the provisions it decided, submits it; the manager approves it; the
//! officer issues it dated 8 February 2024, which publishes it on the register. The appeal
//! window then closes unused and the case is closed, as they did.

use super::super::cases::{self as case_service, Context};
use super::super::{ServiceError, notices};
use super::{date, workflow};
use crate::db::AnyConnection;
use crate::domain::case::EventDetails;
use crate::domain::lifecycle::WorkflowKind;
use crate::domain::notice::draft::RegulatorDetails;
use crate::domain::notice::{Notice, NoticeAction, Provision, ProvisionDecided};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::CaseReference;

/// The seed notice's text as published (its references and date are set when it is issued).
const SEED_NOTICE: &str = include_str!("../../../assets/demo/seed-notice.json");

/// The notice of the seed case, with its provision decided: section 31 (law enforcement),
/// complaint not upheld. The Commissioner found section 31 engaged (31(1) for the invoices
/// the MPS held, 31(3) for neither confirming nor denying the rest) and did not go on to the
/// other exemptions cited (paragraphs 47 and 68), so no other provision is recorded.
fn seed_notice(reference: &str) -> Result<Notice, ServiceError> {
    let mut notice: Notice = serde_json::from_str(SEED_NOTICE).map_err(|e| {
        ServiceError::Unexpected(anyhow::anyhow!("assets/demo/seed-notice.json: {e}"))
    })?;
    notice.references = vec![reference.to_owned()];
    notice.date = None;
    notice.provisions = ["s31"]
        .into_iter()
        .map(|p| {
            Ok(ProvisionDecided {
                provision: Provision::parse(p).map_err(|m| ServiceError::invalid("demo", m.0))?,
                outcome: Outcome::NotUpheld,
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    Ok(notice)
}

/// Drafts, submits (the officer), approves (the manager) and issues (the officer) the seed
/// case's notice dated 8 February 2024, then records the appeal window closing unused and the
/// case closed on 8 March 2024 (the window's last day was 7 March 2024: GRC Rules 2009
/// r22(1)(b), 28 days after the notice was sent).
///
/// # Errors
/// Whatever the workflow refuses (a check the notice fails, a step out of order).
pub(super) fn issue(
    conn: &mut AnyConnection,
    officer: &Context<'_>,
    manager: &Context<'_>,
    reference: &str,
) -> Result<(), ServiceError> {
    let case = CaseReference::parse(reference).map_err(|m| ServiceError::invalid("demo", m))?;
    let regulator = RegulatorDetails::default();
    notices::generate(conn, officer, &case, &regulator, None, false)?;
    notices::save(conn, officer, &case, seed_notice(reference)?)?;
    let step = notices::Step::of;
    notices::act(conn, officer, &case, &regulator, step(NoticeAction::Submit))?;
    notices::act(
        conn,
        manager,
        &case,
        &regulator,
        step(NoticeAction::Approve),
    )?;
    notices::act(
        conn,
        officer,
        &case,
        &regulator,
        notices::Step {
            date: Some(date(2024, 2, 8)),
            ..step(NoticeAction::Issue)
        },
    )?;
    for kind in [WorkflowKind::AppealWindowClosed, WorkflowKind::CaseClosed] {
        let event = workflow(kind, date(2024, 3, 8), EventDetails::default());
        case_service::record_event(conn, manager, &case, &event)?;
    }
    Ok(())
}
