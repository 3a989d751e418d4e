//! Pure rules of information-rights casework: calendars, regimes, clocks and deadlines.
//!
//! Only std, chrono (with chrono-tz for the UK's legal day), serde and thiserror are used here:
//! no web, database, template, mail or typesetting crate (checked by `tests/architecture.rs`).

pub mod appeal;
pub mod authority;
pub mod calendar;
pub mod case;
pub mod dates;
pub mod deadline;
pub mod eligibility;
pub mod ical;
pub mod input;
pub mod labelled;
pub mod lifecycle;
pub mod london;
pub mod natural;
pub mod notice;
pub mod outbox;
pub mod paragraphs;
pub mod parties;
pub mod regime;
pub mod register;
pub mod reminders;
pub mod settings;
pub mod staff;
pub mod stats;
pub mod timeline;
pub mod tribunal;
pub mod urgency;
