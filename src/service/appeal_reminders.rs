//! The scheduler's staff reminders of the Commissioner's response to a notice of appeal (GRC
//! rule 23): some working days before, on the day, and the working day after if missed, to the
//! case's officer (or, with none allocated or the officer no longer active, to the managers).
//! Candidates are the open appeals whose stored next deadline is near; each case is evaluated
//! again so that only a response still awaited is reminded. Each message names its deadline,
//! so the worker cancels one whose date moved or whose response was sent before it went.

use super::ServiceError;
use super::notify::{base_context, render, spoken, with};
use super::outbox::NewMessage;
use super::reminders::{Pass, evaluate_cases};
use crate::db::AnyConnection;
use crate::db::reminders as db;
use crate::domain::outbox::RecipientRole;
use crate::domain::parties::Role;
use crate::domain::reminders::{ReminderOffsets, due_for_staff};
use crate::mail::EmailKind;
use chrono::Days;
use serde_json::json;
use std::collections::HashMap;

/// Queues (into `due`) today's reminders of the Commissioner's responses.
///
/// # Errors
/// Database failures or a case that no longer replays.
pub fn staff_reminders(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    offsets: &ReminderOffsets,
    due: &mut Vec<NewMessage>,
) -> Result<(), ServiceError> {
    let today = pass.today;
    // The first reminder may be due when the date is the offset in working days ahead: twice
    // that in calendar days, and a week for holidays, is generous; "missed" may still be due up
    // to a fortnight after.
    let ahead = u64::from(offsets.appeal_response_working_days_before) * 2 + 7;
    let from = today.checked_sub_days(Days::new(14)).unwrap_or(today);
    let to = today.checked_add_days(Days::new(ahead)).unwrap_or(today);
    let candidates = db::open_appeals_near(conn, from, to)?;
    if candidates.is_empty() {
        return Ok(());
    }
    let tribunal: HashMap<i64, (i64, String)> = candidates
        .iter()
        .map(|(case, id, reference)| (case.id, (*id, reference.clone())))
        .collect();
    let mut rows: Vec<_> = candidates.into_iter().map(|(case, ..)| case).collect();
    rows.sort_by_key(|c| c.id);
    rows.dedup_by_key(|c| c.id);
    let authority_ids: Vec<i64> = rows.iter().map(|c| c.authority_id).collect();
    let authorities = crate::db::authorities::by_ids(conn, &authority_ids)?;
    let managers: Vec<(String, String)> =
        crate::db::users::active_with_roles(conn, &[Role::Manager, Role::Admin])?
            .into_iter()
            .map(|m| (m.name, m.email))
            .collect();
    let url = pass.mail.public_url.trim_end_matches('/').to_owned();
    for (case, state) in evaluate_cases(conn, rows, pass.settings, pass.calendars, today)? {
        let deadlines = &state.evaluation.deadlines;
        let reminders = due_for_staff(deadlines, pass.calendars, offsets, today);
        if reminders.is_empty() {
            continue;
        }
        let Some((appeal_id, tribunal_reference)) = tribunal.get(&case.id) else {
            continue;
        };
        let who = Whom {
            appeal_id: *appeal_id,
            tribunal_reference,
            authority: authorities
                .get(&case.authority_id)
                .map_or("", |a| a.formal_name.as_str()),
            managers: &managers,
            url: &url,
        };
        case_messages(conn, pass, &case, &state, &who, reminders, due)?;
    }
    Ok(())
}

/// What a case's reminders need beyond the case: its appeal, authority and the fallbacks.
struct Whom<'a> {
    appeal_id: i64,
    tribunal_reference: &'a str,
    authority: &'a str,
    managers: &'a [(String, String)],
    url: &'a str,
}

/// The messages of one case's due reminders: to its active officer, or to the managers.
fn case_messages(
    conn: &mut AnyConnection,
    pass: &Pass<'_>,
    case: &crate::db::rows::CaseRow,
    state: &crate::domain::case::CaseState,
    who: &Whom<'_>,
    reminders: Vec<crate::domain::reminders::DueReminder>,
    due: &mut Vec<NewMessage>,
) -> Result<(), ServiceError> {
    let deadlines = &state.evaluation.deadlines;
    let (appeal_id, tribunal_reference, authority, url) = (
        who.appeal_id,
        who.tribunal_reference,
        who.authority,
        who.url,
    );
    let officer = match state.officer_id {
        Some(id) => crate::db::users::by_id(conn, id)?.filter(|m| m.active),
        None => None,
    };
    let recipients: Vec<(String, String)> = match &officer {
        Some(m) => vec![(m.name.clone(), m.email.clone())],
        None => who.managers.to_vec(),
    };
    for r in reminders {
        let rule = deadlines
            .iter()
            .find(|d| d.name == r.deadline)
            .map_or("", |d| d.rule.as_str());
        for (name, email) in &recipients {
            let context = with(
                base_context(
                    pass.mail,
                    &case.reference,
                    officer.as_ref().map(|m| m.name.as_str()),
                ),
                json!({
                    "recipient_name": name,
                    "authority": authority,
                    "tribunal_reference": tribunal_reference,
                    "deadline": spoken(r.date),
                    "moment": r.moment.slug(),
                    "rule": rule,
                    "appeal_url": format!("{url}/appeals/{appeal_id}"),
                }),
            );
            let kind = EmailKind::AppealResponseReminder;
            due.push(NewMessage {
                dedup_key: NewMessage::key(
                    &case.reference,
                    &format!("{}:{}", kind.slug(), r.moment.slug()),
                    &format!("{tribunal_reference}:{}", r.date),
                    email,
                ),
                case_id: Some(case.id),
                kind,
                recipient: email.clone(),
                recipient_role: if officer.is_some() {
                    RecipientRole::Officer
                } else {
                    RecipientRole::Manager
                },
                deadline: Some((r.deadline.slug().to_owned(), r.date)),
                rendered: render(kind, &context)?,
            });
        }
    }
    Ok(())
}
