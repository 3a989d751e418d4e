//! The scheduler's pass: which time-based emails are due today, queued in the outbox with keys
//! that make a second pass (or a second instance) queue nothing new. Authority reminders come
//! from re-evaluating only the open cases whose next deadline or steps date is near (found by
//! the summary columns' indexes); staff reminders of the Commissioner's response to a notice
//! of appeal from the open appeals near their date (`appeal_reminders`); officers' digests and managers' weekly summaries are SQL
//! aggregates. The queries are `db::reminders`.

use super::ServiceError;
use super::notify::{base_context, spoken, with};
use super::outbox::{self, NewMessage};
use crate::db::AnyConnection;
use crate::db::reminders as db;
use crate::db::rows::CaseRow;
use crate::domain::calendar::Calendars;
use crate::domain::case::{Case, CaseState, Rules};
use crate::domain::deadline::DeadlineName;
use crate::domain::outbox::RecipientRole;
use crate::domain::parties::Role;
use crate::domain::reminders::{ReminderOffsets, due_for_authority, iso_week};
use crate::domain::settings::ClockSettings;
use crate::domain::urgency::within_working_days;
use crate::mail::{self, EmailKind, MailSettings};
use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;

/// What a pass needs.
#[derive(Clone, Copy)]
pub struct Pass<'a> {
    /// "Today" in Europe/London.
    pub today: NaiveDate,
    /// Now, for stamps.
    pub now: DateTime<Utc>,
    /// Deadline settings.
    pub settings: &'a ClockSettings,
    /// Calendars built from them.
    pub calendars: &'a Calendars,
    /// Email settings.
    pub mail: &'a MailSettings,
}

/// What a pass found and queued.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PassSummary {
    /// Open cases re-evaluated for authority reminders.
    pub cases_checked: usize,
    /// Messages due today.
    pub due: usize,
    /// Newly queued (the rest were queued by an earlier pass).
    pub queued: usize,
    /// The messages due (subject and recipient role), for `--dry-run`.
    pub messages: Vec<(String, String)>,
}

fn render(kind: EmailKind, context: &serde_json::Value) -> Result<mail::Rendered, ServiceError> {
    mail::render(kind, context).map_err(|e| ServiceError::Unexpected(anyhow::anyhow!(e)))
}

/// Evaluates the deadlines of some cases as of a day, loading their events in batches.
///
/// # Errors
/// Database failures or a case that no longer replays.
pub fn evaluate_cases(
    conn: &mut AnyConnection,
    rows: Vec<CaseRow>,
    settings: &ClockSettings,
    calendars: &Calendars,
    today: NaiveDate,
) -> Result<Vec<(CaseRow, CaseState)>, ServiceError> {
    let rules = Rules {
        settings,
        calendars,
        today,
    };
    let mut out = Vec::with_capacity(rows.len());
    for chunk in rows.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|c| c.id).collect();
        let mut by_case = crate::db::cases::logs(conn, &ids)?;
        for case in chunk {
            let log = by_case.remove(&case.id).unwrap_or_default();
            let replayed = Case::replay(crate::db::cases::header(case)?, log, &rules)?;
            out.push((case.clone(), replayed.state().clone()));
        }
    }
    Ok(out)
}

/// Works out today's time-based emails and queues them (unless `dry_run`).
///
/// # Errors
/// Database failures.
pub fn run(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    offsets: &ReminderOffsets,
    dry_run: bool,
) -> Result<PassSummary, ServiceError> {
    let mut due: Vec<NewMessage> = Vec::new();
    let checked = authority_reminders(conn, pass, offsets, dry_run, &mut due)?;
    super::appeal_reminders::staff_reminders(conn, pass, offsets, &mut due)?;
    officer_digests(conn, pass, offsets, &mut due)?;
    manager_summaries(conn, pass, offsets, &mut due)?;
    let mut summary = PassSummary {
        cases_checked: checked,
        due: due.len(),
        queued: 0,
        messages: due
            .iter()
            .map(|m| {
                (
                    m.rendered.subject.clone(),
                    m.recipient_role.slug().to_owned(),
                )
            })
            .collect(),
    };
    if !dry_run {
        crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
            for m in &due {
                if outbox::enqueue(conn, pass.now, m)? {
                    summary.queued += 1;
                }
            }
            Ok(())
        })?;
    }
    Ok(summary)
}

fn authority_reminders(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    offsets: &ReminderOffsets,
    dry_run: bool,
    due: &mut Vec<NewMessage>,
) -> Result<usize, ServiceError> {
    let today = pass.today;
    // A deadline is near when its first reminder may be due (the offset ahead, generously in
    // calendar days) or its "missed" reminder may still be (up to a fortnight after).
    let ahead = u64::from(
        offsets
            .letter_working_days_before
            .max(offsets.steps_days_before),
    ) * 2
        + 7;
    let from = today.checked_sub_days(Days::new(14)).unwrap_or(today);
    let to = today.checked_add_days(Days::new(ahead)).unwrap_or(today);
    let candidates = db::open_cases_near(conn, from, to)?;
    let checked = candidates.len();
    if candidates.is_empty() {
        return Ok(0);
    }
    let authority_ids: Vec<i64> = candidates.iter().map(|c| c.authority_id).collect();
    let contacts = crate::db::authorities::by_ids(conn, &authority_ids)?;
    let officers = crate::db::users::names(conn)?;
    for (case, state) in evaluate_cases(conn, candidates, pass.settings, pass.calendars, today)? {
        let Some(authority) = contacts.get(&case.authority_id) else {
            continue;
        };
        let Some(email) = &authority.foi_email else {
            continue;
        };
        let calendar = pass.calendars.get(state.evaluation.regime.calendar());
        for r in due_for_authority(&state.evaluation.deadlines, calendar, offsets, today) {
            let kind = if r.deadline == DeadlineName::StepsDue {
                EmailKind::StepsReminder
            } else {
                EmailKind::LetterReminder
            };
            // A dry run writes nothing, not even an address's opt-out secret.
            let token = if dry_run {
                "(made when queued)".to_owned()
            } else {
                outbox::opt_out_token(conn, email)?
            };
            let officer = state
                .officer_id
                .and_then(|id| officers.get(&id))
                .map(String::as_str);
            let context = with(
                base_context(pass.mail, &case.reference, officer),
                json!({
                    "authority": authority.formal_name,
                    "deadline": spoken(r.date),
                    "deadline_label": r.deadline.label(),
                    "moment": r.moment.slug(),
                    "opt_out_url": format!("{}/opt-out/{token}", pass.mail.public_url),
                }),
            );
            due.push(NewMessage {
                dedup_key: NewMessage::key(
                    &case.reference,
                    &format!("{}:{}:{}", kind.slug(), r.deadline.slug(), r.moment.slug()),
                    &r.date.to_string(),
                    email,
                ),
                case_id: Some(case.id),
                kind,
                recipient: email.clone(),
                recipient_role: RecipientRole::Authority,
                deadline: Some((r.deadline.slug().to_owned(), r.date)),
                rendered: render(kind, &context)?,
            });
        }
    }
    Ok(checked)
}

/// Cases listed in one digest at most; the rest are counted.
const DIGEST_LIMIT: i64 = 50;

fn officer_digests(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    offsets: &ReminderOffsets,
    due: &mut Vec<NewMessage>,
) -> Result<(), ServiceError> {
    let today = pass.today;
    // "In the next N working days" is the case list's "due soon" with the digest's own N.
    let soon = within_working_days(pass.calendars, today, offsets.digest_working_days);
    for (officer, total) in db::due_by_officer(conn, soon)? {
        let Some(member) = crate::db::users::by_id(conn, officer)? else {
            continue;
        };
        if !member.active {
            continue;
        }
        let (name, email) = (member.name, member.email);
        let rows = db::officer_cases_due(conn, officer, soon, DIGEST_LIMIT)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.authority_id).collect();
        let names = crate::db::authorities::short_names(conn, &ids)?;
        let overdue = db::officer_overdue(conn, officer, today)?;
        let listed: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                json!({
                    "reference": r.reference,
                    "authority": names.get(&r.authority_id).cloned().unwrap_or_default(),
                    "deadline": spoken(r.date),
                    "deadline_label": r.name.map_or("Deadline", DeadlineName::label),
                    "overdue": r.date < today,
                    "url": format!("{}/cases/{}", pass.mail.public_url, r.reference),
                })
            })
            .collect();
        let context = with(
            base_context(pass.mail, "your cases", None),
            json!({
                "recipient_name": name,
                "today": spoken(today),
                "days": offsets.digest_working_days,
                "overdue": overdue,
                "due_soon": total - overdue,
                "cases": listed,
                "more": (total - DIGEST_LIMIT).max(0),
                "list_url": format!("{}/cases", pass.mail.public_url),
            }),
        );
        due.push(NewMessage {
            dedup_key: NewMessage::key("-", "officer_digest", &today.to_string(), &email),
            case_id: None,
            kind: EmailKind::OfficerDigest,
            recipient: email,
            recipient_role: RecipientRole::Officer,
            deadline: None,
            rendered: render(EmailKind::OfficerDigest, &context)?,
        });
    }
    Ok(())
}

fn manager_summaries(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    offsets: &ReminderOffsets,
    due: &mut Vec<NewMessage>,
) -> Result<(), ServiceError> {
    let today = pass.today;
    let week = iso_week(today);
    let managers: Vec<(String, String)> =
        crate::db::users::active_with_roles(conn, &[Role::Manager, Role::Admin])?
            .into_iter()
            .map(|m| (m.name, m.email))
            .collect();
    if managers.is_empty() {
        return Ok(());
    }
    let by_stage = db::overdue_by_stage(conn, today)?;
    let standard = today
        .checked_sub_days(Days::new(u64::from(offsets.service_standard_days)))
        .unwrap_or(today);
    let past_standard = db::open_received_before(conn, standard)?;
    let mut stages: Vec<serde_json::Value> = by_stage
        .iter()
        .map(|(name, count)| {
            json!({
                "label": name.map_or("Other", DeadlineName::label),
                "count": count,
            })
        })
        .collect();
    stages.sort_by_key(|s| std::cmp::Reverse(s["count"].as_i64().unwrap_or(0)));
    let overdue_total: i64 = by_stage.iter().map(|(_, c)| c).sum();
    for (name, email) in managers {
        let context = with(
            base_context(pass.mail, "the caseload", None),
            json!({
                "recipient_name": name,
                "today": spoken(today),
                "week": week,
                "overdue_by_stage": stages,
                "overdue_total": overdue_total,
                "past_standard": past_standard,
                "standard_days": offsets.service_standard_days,
                "team_url": format!("{}/team", pass.mail.public_url),
            }),
        );
        due.push(NewMessage {
            dedup_key: NewMessage::key("-", "manager_summary", &week, &email),
            case_id: None,
            kind: EmailKind::ManagerSummary,
            recipient: email,
            recipient_role: RecipientRole::Manager,
            deadline: None,
            rendered: render(EmailKind::ManagerSummary, &context)?,
        });
    }
    Ok(())
}
