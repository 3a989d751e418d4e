//! The case's timeline as the case page shows it: each entry of the log in words, with what
//! it corrects or withdraws and why, who recorded it and when, and whether it may be corrected
//! here.

use crate::domain::case::Door;
use crate::domain::lifecycle::CaseEventKind;
use crate::web::api::cases::EventView;
use crate::web::pages::forms::{DateParts, long_date};
use crate::web::pages::session::Staff;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
pub(super) struct EventRow {
    id: i64,
    label: &'static str,
    kind: String,
    date: String,
    note: String,
    effective: bool,
    correctable: bool,
    date_parts: DateParts,
}

/// Every entry of the log as a row of the timeline.
pub(super) fn event_rows(
    events: &[EventView],
    names: &HashMap<i64, String>,
    can_change: bool,
    staff: &Staff,
) -> Vec<EventRow> {
    let corrected: Vec<i64> = events.iter().filter_map(|e| e.supersedes).collect();
    events
        .iter()
        .map(|e| {
            let kind = CaseEventKind::from_slug(&e.kind).ok();
            let note = note_of(e, events, names);
            EventRow {
                id: e.id,
                label: kind.map_or("Unknown event", CaseEventKind::label),
                kind: e.kind.clone(),
                date: long_date(e.date),
                note,
                effective: e.effective,
                correctable: can_change
                    && e.effective
                    && !e.retracted
                    && !corrected.contains(&e.id)
                    && kind.is_some_and(|k| match Door::of(k) {
                        // An appeal's stages are corrected through the appeal, not here.
                        Door::NoticeWorkflow | Door::Appeals => false,
                        Door::Allocation => staff.actor.sees_every_case(),
                        Door::Facts | Door::Eligibility => true,
                    }),
                date_parts: DateParts::of(e.date),
            }
        })
        .collect()
}

/// What the timeline says beside an entry: what it corrects and why, when it was sent, the
/// steps' period, the reply date, to whom it was allocated, and who recorded it when.
fn note_of(e: &EventView, events: &[EventView], names: &HashMap<i64, String>) -> String {
    let mut note = Vec::new();
    // The entry corrected, in words: its kind and the date it had.
    let original = e.supersedes.and_then(|s| events.iter().find(|o| o.id == s));
    let described = original.map_or_else(String::new, |o| {
        format!("the {} dated {}", o.label, long_date(o.date))
    });
    let why = e
        .details
        .correction_reason
        .as_deref()
        .map_or_else(String::new, |r| format!(": {r}"));
    if e.retracted {
        note.push(format!("Withdraws {described}{why}"));
    } else if e.supersedes.is_some() {
        note.push(format!("Corrects {described}{why}"));
    }
    if !e.effective && !e.retracted {
        note.push("Corrected since".to_owned());
    }
    if let Some(sent) = e.details.sent {
        note.push(format!("Sent {}", long_date(sent)));
    }
    if let Some(p) = e.details.steps_period_days {
        note.push(format!("Steps within {p} calendar days"));
    }
    if let Some(r) = e.details.respond_by {
        note.push(format!("Reply by {}", long_date(r)));
    }
    if let Some(o) = e.details.officer_id {
        let name = names
            .get(&o)
            .map_or("a member of staff no longer here", String::as_str);
        note.push(format!("To {name}"));
    }
    let by = e
        .recorded_by
        .and_then(|id| names.get(&id))
        .map_or("the service", String::as_str);
    note.push(format!(
        "Recorded by {by} on {}",
        crate::domain::london::format_instant(e.recorded_at)
    ));
    note.join("; ")
}
