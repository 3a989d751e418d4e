//! Emails caused by a change to a case, queued in the same transaction as the change: a
//! complaint received (to the authority and the complainant), a case allocated (to the
//! complainant), a decision notice issued (to both, with the steps' date, the last day to
//! appeal, their PDF copy attached and a link to download it), and the notice's workflow (a
//! notice submitted, to the managers; returned or approved, to the people who wrote it).

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

/// A date as emails say it: "Monday 16 October 2023" (the one format, after its weekday).
#[must_use]
pub fn spoken(date: NaiveDate) -> String {
    crate::domain::dates::uk_date_with_weekday(date)
}

pub(crate) fn render(kind: EmailKind, context: &Value) -> Result<mail::Rendered, ServiceError> {
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
    _evaluation: &Evaluation,
) -> Result<(), ServiceError> {
    let interesting = new_events.iter().any(|(k, _)| {
        matches!(
            k,
            CaseEventKind::Clock(EventKind::ComplaintReceived)
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
    // The complaint's receipt goes to both parties, the allocation to the complainant.
    let extra = json!({"authority": authority.formal_name, "recipient_name": complainant_name});
    for (kind, date) in new_events {
        let sends = match kind {
            CaseEventKind::Clock(EventKind::ComplaintReceived) => vec![
                (
                    EmailKind::ComplaintReceivedAuthority,
                    authority.foi_email.as_deref(),
                    RecipientRole::Authority,
                ),
                (
                    EmailKind::ComplaintReceivedComplainant,
                    complainant_email.as_deref(),
                    RecipientRole::Complainant,
                ),
            ],
            CaseEventKind::Workflow(WorkflowKind::Allocated) => vec![(
                EmailKind::CaseAllocated,
                complainant_email.as_deref(),
                RecipientRole::Complainant,
            )],
            _ => Vec::new(),
        };
        for (email, to, role) in sends {
            if let Some(to) = to {
                queue(email, to, role, *date, extra.clone())?;
            }
        }
    }
    Ok(())
}

/// One party's copy of an issued notice: the PDF to attach and the link to download it.
pub(crate) struct PartyCopy {
    /// The PDF.
    pub pdf: mail::Attachment,
    /// The download link.
    pub url: String,
}

/// Queues the issued decision to both parties, each with their copy attached (the
/// authority's is the published notice, without the complainant's details) and a link to
/// download it. Decision notices are statutory (FOIA s50(3)(b)): they go to a party who
/// opted out of reminders.
///
/// # Errors
/// Database failures, or a template error.
pub(crate) fn notice_issued(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    officer_id: Option<i64>,
    evaluation: &Evaluation,
    issued: NaiveDate,
    copies: (PartyCopy, PartyCopy),
) -> Result<(), ServiceError> {
    let authority = crate::db::authorities::find(conn, case.authority_id)?
        .ok_or_else(|| ServiceError::NotFound("the case's authority".to_owned()))?;
    let complainant = crate::db::authorities::complainant(conn, case.complainant_id)?;
    let officer = super::users::officer_name(conn, officer_id)?;
    let base = base_context(ctx.mail, &case.reference, officer.as_deref());
    let date_of = |name: DeadlineName| {
        evaluation
            .get(name)
            .and_then(|d| d.date)
            .map(spoken)
            .unwrap_or_default()
    };
    let extra = json!({
        "authority": authority.formal_name,
        "recipient_name": complainant.name,
        "issued": spoken(issued),
        "steps_due": date_of(DeadlineName::StepsDue),
        "appeal_last_day": date_of(DeadlineName::AppealLastDay),
    });
    let (authority_copy, party_copy) = copies;
    let sends = [
        (
            EmailKind::NoticeIssuedAuthority,
            authority.foi_email.as_deref(),
            RecipientRole::Authority,
            authority_copy,
        ),
        (
            EmailKind::NoticeIssuedComplainant,
            complainant.email.as_deref(),
            RecipientRole::Complainant,
            party_copy,
        ),
    ];
    for (kind, to, role, copy) in sends {
        let Some(to) = to else { continue };
        let context = with(
            with(base.clone(), extra.clone()),
            json!({ "download_url": copy.url }),
        );
        let key = NewMessage::key(&case.reference, kind.slug(), &issued.to_string(), to);
        outbox::enqueue(
            conn,
            ctx.now,
            &NewMessage {
                dedup_key: key.clone(),
                case_id: Some(case.id),
                kind,
                recipient: to.to_owned(),
                recipient_role: role,
                deadline: None,
                rendered: render(kind, &context)?,
            },
        )?;
        outbox::attach(conn, &key, &copy.pdf)?;
    }
    Ok(())
}

/// Who is told of a step in a notice's workflow.
pub(crate) struct StepMail<'a> {
    /// Which email.
    pub kind: EmailKind,
    /// The version the step made.
    pub version: i32,
    /// Who took the step.
    pub actor_name: &'a str,
    /// The manager's comment (a return).
    pub comment: Option<&'a str>,
    /// The recipients: member of staff and whom they are for.
    pub recipients: Vec<(crate::db::users::StaffMember, RecipientRole)>,
}

/// Queues the emails of a step in a notice's workflow: submitted (to the managers), returned
/// or approved (to whoever wrote the notice). Nobody is told of their own step.
///
/// # Errors
/// Database failures, or a template error.
pub(crate) fn notice_step(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    authority: &str,
    step: &StepMail<'_>,
) -> Result<(), ServiceError> {
    let base = base_context(ctx.mail, &case.reference, None);
    let url = ctx.mail.public_url.trim_end_matches('/');
    for (member, role) in &step.recipients {
        if member.id == ctx.actor.user_id {
            continue;
        }
        let context = with(
            base.clone(),
            json!({
                "recipient_name": member.name,
                "actor": step.actor_name,
                "authority": authority,
                "version": step.version,
                "comment": step.comment.unwrap_or(""),
                "notice_url": format!("{url}/cases/{}/notice", case.reference),
                "queue_url": format!("{url}/approvals"),
            }),
        );
        outbox::enqueue(
            conn,
            ctx.now,
            &NewMessage {
                dedup_key: NewMessage::key(
                    &case.reference,
                    step.kind.slug(),
                    &format!("v{}", step.version),
                    &member.email,
                ),
                case_id: Some(case.id),
                kind: step.kind,
                recipient: member.email.clone(),
                recipient_role: *role,
                deadline: None,
                rendered: render(step.kind, &context)?,
            },
        )?;
    }
    Ok(())
}

/// Queues one email of an appeal: kind, recipient, whom it is for, the template's own fields.
type Queue<'q> = dyn FnMut(EmailKind, &str, RecipientRole, Value) -> Result<(), ServiceError> + 'q;

/// The outcome, to each party with an address: (email, whom it is for, name).
fn outcome_mails(
    queue: &mut Queue<'_>,
    parties: &[(Option<&str>, RecipientRole, &str)],
    event: &crate::domain::case::EventInput,
    evaluation: &Evaluation,
) -> Result<(), ServiceError> {
    let steps = evaluation.get(DeadlineName::StepsDue);
    for (to, role, name) in parties {
        let Some(to) = to else { continue };
        queue(
            EmailKind::AppealOutcome,
            to,
            *role,
            json!({
                "recipient_name": name,
                "decided": spoken(event.date),
                "outcome": event.details.tribunal.outcome.map_or("decided", |o| o.label()),
                "steps_due": steps.and_then(|d| d.date).map(spoken).unwrap_or_default(),
                "steps_note": steps.and_then(|d| d.note.clone()).unwrap_or_default(),
            }),
        )?;
    }
    Ok(())
}

/// The Commissioner's response date (GRC r23), to the case's officer.
fn response_due_mail(
    queue: &mut Queue<'_>,
    officer: Option<crate::db::users::StaffMember>,
    event: &crate::domain::case::EventInput,
    evaluation: &Evaluation,
    appeal_url: String,
) -> Result<(), ServiceError> {
    let (Some(staff), Some(due)) = (
        officer,
        evaluation.get(DeadlineName::CommissionerResponseDue),
    ) else {
        return Ok(());
    };
    queue(
        EmailKind::AppealResponseDue,
        &staff.email,
        RecipientRole::Officer,
        json!({
            "recipient_name": staff.name,
            "sent": spoken(event.date),
            "deadline": due.date.map(spoken).unwrap_or_default(),
            "rule": due.rule,
            "appeal_url": appeal_url,
        }),
    )
}

/// The fields every appeal email has: the case, its officer, the authority, the tribunal.
fn appeal_context(
    mail: &MailSettings,
    case: &CaseRow,
    appeal: &crate::domain::appeal::Appeal,
    authority: &str,
    officer: Option<String>,
) -> Value {
    with(
        base_context(mail, &case.reference, officer.as_deref()),
        json!({
            "authority": authority,
            "tribunal_reference": appeal.reference.as_str(),
            "court": appeal.stage.label(),
        }),
    )
}

/// Queues the emails an appeal's event causes, in the same transaction: the complainant is told
/// when the authority appeals (and how to ask to be joined, GRC rule 9); the case's officer is
/// told the Commissioner's response date when the tribunal sends the notice of appeal; both
/// parties get the outcome.
///
/// # Errors
/// Database failures, or a template error: the change is then refused as a whole.
pub(crate) fn after_appeal(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    appeal: &crate::domain::appeal::Appeal,
    event: &crate::domain::case::EventInput,
    state: &crate::domain::case::Case,
) -> Result<(), ServiceError> {
    use crate::domain::tribunal::Appellant;
    let CaseEventKind::Clock(kind) = event.kind else {
        return Ok(());
    };
    let authority = crate::db::authorities::find(conn, case.authority_id)?
        .ok_or_else(|| ServiceError::NotFound("the case's authority".to_owned()))?;
    let complainant = crate::db::authorities::complainant(conn, case.complainant_id)?;
    let officer = super::users::officer_name(conn, case.officer_id)?;
    let base = appeal_context(ctx.mail, case, appeal, &authority.formal_name, officer);
    let key = format!("{}:{}", appeal.reference.as_str(), event.date);
    let staff = match (kind, case.officer_id) {
        (EventKind::NoticeOfAppealSent, Some(id)) => crate::db::users::by_id(conn, id)?,
        _ => None,
    };
    let mut queue = |kind: EmailKind, to: &str, role: RecipientRole, extra: Value| {
        let rendered = render(kind, &with(base.clone(), extra))?;
        outbox::enqueue(
            conn,
            ctx.now,
            &NewMessage {
                dedup_key: NewMessage::key(&case.reference, kind.slug(), &key, to),
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
    let evaluation = &state.state().evaluation;
    match kind {
        EventKind::AppealLodged if appeal.appellant == Appellant::PublicAuthority => {
            if let Some(to) = &complainant.email {
                queue(
                    EmailKind::AppealLodgedComplainant,
                    to,
                    RecipientRole::Complainant,
                    json!({"recipient_name": complainant.name, "received": spoken(event.date)}),
                )?;
            }
            Ok(())
        }
        EventKind::NoticeOfAppealSent => {
            let url = format!(
                "{}/appeals/{}",
                ctx.mail.public_url.trim_end_matches('/'),
                appeal.id
            );
            response_due_mail(&mut queue, staff, event, evaluation, url)
        }
        k if k.is_decision() => {
            let parties = [
                (
                    authority.foi_email.as_deref(),
                    RecipientRole::Authority,
                    authority.formal_name.as_str(),
                ),
                (
                    complainant.email.as_deref(),
                    RecipientRole::Complainant,
                    complainant.name.as_str(),
                ),
            ];
            outcome_mails(&mut queue, &parties, event, evaluation)
        }
        _ => Ok(()),
    }
}
