//! The case page's timeline: each event in words, with what it corrects or withdraws, who
//! recorded it and when, and the details a case officer reads (issue 14: labels start with a
//! capital, a rejection's reason is shown as words, an officer by name).

use crate::domain::labelled::labelled;
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::notice::draft::capitalised;
use crate::web::api::cases::EventView;
use crate::web::pages::forms::{DateParts, long_date};
use serde::Serialize;
use std::collections::HashMap;

/// One event of the timeline.
#[derive(Serialize)]
pub(super) struct EventRow {
    pub(super) id: i64,
    /// "Internal review completed".
    pub(super) label: String,
    pub(super) kind: String,
    pub(super) date: String,
    pub(super) note: String,
    pub(super) effective: bool,
    pub(super) correctable: bool,
    pub(super) date_parts: DateParts,
}

/// What an event corrects or withdraws, in words: "Withdraws the internal review completed
/// dated Tuesday 19 September 2023: recorded twice".
fn correction_note(e: &EventView, all: &[EventView]) -> Option<String> {
    let original = e.supersedes.and_then(|s| all.iter().find(|o| o.id == s));
    let described = original.map_or_else(
        || "an earlier event".to_owned(),
        |o| format!("the {} dated {}", o.label, long_date(o.date)),
    );
    let why = e.details.correction_reason.as_deref().unwrap_or_default();
    if e.retracted {
        Some(labelled(&format!("Withdraws {described}"), why))
    } else if e.supersedes.is_some() {
        Some(labelled(&format!("Corrects {described}"), why))
    } else {
        None
    }
}

/// The row of one event; `names` are the staff the log mentions.
pub(super) fn event_row(
    e: &EventView,
    all: &[EventView],
    names: &HashMap<i64, String>,
    correctable: bool,
) -> EventRow {
    let kind = CaseEventKind::from_slug(&e.kind).ok();
    let mut note: Vec<String> = correction_note(e, all).into_iter().collect();
    if !e.effective && !e.retracted {
        note.push("Corrected since".to_owned());
    }
    if let Some(r) = e.details.reason {
        note.push(r.label().to_owned());
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
    EventRow {
        id: e.id,
        label: capitalised(kind.map_or("Unknown event", CaseEventKind::label)),
        kind: e.kind.clone(),
        date: long_date(e.date),
        note: note.join("; "),
        effective: e.effective,
        correctable,
        date_parts: DateParts::of(e.date),
    }
}
