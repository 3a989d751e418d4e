//! Demonstration data: a small realistic set including the seed case (the Metropolitan Police
//! notice of 8 Feb 2024), and a fast synthetic generator of N cases with realistic delays for
//! load and statistics work (`section50 demo --cases 200000`).

use super::ServiceError;
use crate::domain::case::{EventDetails, EventInput};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use crate::domain::parties::RequiredText;
use crate::domain::timeline::EventKind;
use chrono::NaiveDate;

mod seed_notice;
mod small;
mod story;
mod synthetic;

pub use small::small;
pub use synthetic::synthetic;

pub(super) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

pub(super) fn clock(kind: EventKind, on: NaiveDate) -> EventInput {
    EventInput {
        kind: CaseEventKind::Clock(kind),
        date: on,
        timestamp: None,
        details: EventDetails::default(),
    }
}

pub(super) fn workflow(kind: WorkflowKind, on: NaiveDate, details: EventDetails) -> EventInput {
    EventInput {
        kind: CaseEventKind::Workflow(kind),
        date: on,
        timestamp: None,
        details,
    }
}

pub(super) fn text(field: &'static str, value: &str) -> Result<RequiredText, ServiceError> {
    RequiredText::parse(field, value, 300).map_err(|m| ServiceError::invalid("demo", m))
}
