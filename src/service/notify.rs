//! Emails caused by a change to a case, queued in the same transaction as the change: a
//! complaint received (to the authority and the complainant), a case allocated (to the
//! complainant), a decision notice issued (to both, with the steps' date and the last day to
//! appeal).

use super::ServiceError;
use super::cases::Context;
use super::outbox::{self, NewMessage};
use crate::db::AnyConnection;
use crate::db::rows::CaseRow;
use crate::domain::deadline::{DeadlineName, Evaluation};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use crate::domain::outbox::RecipientRole;
use crate::domain::timeline::EventKind;
use crate::mail::{self, EmailKind, MailSettings};
use chrono::NaiveDate;
use serde_json::{Value, json};

/// The values every email has: the reference, whom to contact, the regulator's names.
#[must_use]
pub fn base_context(mail: &MailSettings, reference: &str, officer: Option<&str>) -> Value {
    json!({
        "reference": reference,
        "regulator": "the Commissioner",
        "regulator_cap": "The Commissioner",
        "regulator_name": "Information Commissioner's Office",
        "contact": mail.contact,
        "officer": officer.unwrap_or(""),
        "opt_out_url": "",
    })
}

/// Adds the values of one email to the base.
#[must_use]
pub fn with(mut base: Value, extra: Value) -> Value {
    if let (Some(b), Value::Object(e)) = (base.as_object_mut(), extra) {
        b.extend(e);
    }
    base
}

/// A date as emails say it: "Monday 16 October 2023".
#[must_use]
pub fn spoken(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

fn render(kind: EmailKind, context: &Value) -> Result<mail::Rendered, ServiceError> {
    mail::render(kind, context).map_err(|e| ServiceError::Unexpected(anyhow::anyhow!(e)))
}

/// Queues the emails caused by events just recorded on a case.
///
/// # Errors
/// Database failures, or a template error (a programming error): the change is then refused
/// as a whole, never half-written.
pub(crate) fn after_events(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    new_events: &[(CaseEventKind, NaiveDate)],
    officer_id: Option<i64>,
    evaluation: &Evaluation,
) -> Result<(), ServiceError> {
    let interesting = new_events.iter().any(|(k, _)| {
        matches!(
            k,
            CaseEventKind::Clock(EventKind::ComplaintReceived | EventKind::DecisionNoticeIssued)
                | CaseEventKind::Workflow(WorkflowKind::Allocated)
        )
    });
    if !interesting {
        return Ok(());
    }
    let authority = crate::db::authorities::find(conn, case.authority_id)?
        .ok_or_else(|| ServiceError::NotFound("the case's authority".to_owned()))?;
    let complainant = crate::db::authorities::complainant(conn, case.complainant_id)?;
    let (complainant_name, complainant_email) = (complainant.name, complainant.email);
    let officer = super::users::officer_name(conn, officer_id)?;
    let base = base_context(ctx.mail, &case.reference, officer.as_deref());
    let mut queue =
        |kind: EmailKind, to: &str, role: RecipientRole, date: NaiveDate, extra: Value| {
            let rendered = render(kind, &with(base.clone(), extra))?;
            outbox::enqueue(
                conn,
                ctx.now,
                &NewMessage {
                    dedup_key: NewMessage::key(&case.reference, kind.slug(), &date.to_string(), to),
                    case_id: Some(case.id),
                    kind,
                    recipient: to.to_owned(),
                    recipient_role: role,
                    deadline: None,
                    rendered,
                },
            )
            .map(|_| ())
        };
    let date_of = |name: DeadlineName| {
        evaluation
            .get(name)
            .and_then(|d| d.date)
            .map(spoken)
            .unwrap_or_default()
    };
    for (kind, date) in new_events {
        match kind {
            CaseEventKind::Clock(EventKind::ComplaintReceived) => {
                let extra =
                    json!({"authority": authority.formal_name, "recipient_name": complainant_name});
                if let Some(to) = &authority.foi_email {
                    queue(
                        EmailKind::ComplaintReceivedAuthority,
                        to,
                        RecipientRole::Authority,
                        *date,
                        extra.clone(),
                    )?;
                }
                if let Some(to) = &complainant_email {
                    queue(
                        EmailKind::ComplaintReceivedComplainant,
                        to,
                        RecipientRole::Complainant,
                        *date,
                        extra,
                    )?;
                }
            }
            CaseEventKind::Workflow(WorkflowKind::Allocated) => {
                if let Some(to) = &complainant_email {
                    let extra = json!({"authority": authority.formal_name, "recipient_name": complainant_name});
                    queue(
                        EmailKind::CaseAllocated,
                        to,
                        RecipientRole::Complainant,
                        *date,
                        extra,
                    )?;
                }
            }
            CaseEventKind::Clock(EventKind::DecisionNoticeIssued) => {
                let steps = evaluation.get(DeadlineName::StepsDue);
                let extra = json!({
                    "authority": authority.formal_name,
                    "recipient_name": complainant_name,
                    "issued": spoken(*date),
                    "steps_due": steps.and_then(|d| d.date).map(spoken).unwrap_or_default(),
                    "appeal_last_day": date_of(DeadlineName::AppealLastDay),
                });
                if let Some(to) = &authority.foi_email {
                    queue(
                        EmailKind::NoticeIssuedAuthority,
                        to,
                        RecipientRole::Authority,
                        *date,
                        extra.clone(),
                    )?;
                }
                if let Some(to) = &complainant_email {
                    queue(
                        EmailKind::NoticeIssuedComplainant,
                        to,
                        RecipientRole::Complainant,
                        *date,
                        extra,
                    )?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}
