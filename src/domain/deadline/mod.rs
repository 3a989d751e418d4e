//! Every statutory deadline of a timeline, its status on a given day, how late each party was,
//! and why each date is what it is (the non-working days skipped on the way).
//!
//! The rules, with their sources, are written out in `docs/deadline-rules.md`; each computation
//! cites its source. The entry point is [`evaluate`]. One module per stage of a case:
//!
//! - [`types`]: the public values (a [`Deadline`], its name, kind and status, an [`Evaluation`])
//!   and how a deadline is judged on a day;
//! - `request`: the response to a FOIA, EIR or FOISA request (clarification, fees, extensions);
//! - `review`: internal review, reconsideration and the Scottish requirement for review;
//! - `subject_access`: UK GDPR subject access requests;
//! - `notice`: the complaint window, the Commissioner's letters, the decision notice, its steps
//!   and the appeal;
//! - `logged`: one row of an authority's request log (the `lateness` command).

mod logged;
mod notice;
mod request;
mod review;
mod subject_access;
mod tribunal;
pub mod types;

pub use logged::{LoggedRequest, logged_request};
pub use notice::investigation_response;
pub use types::{Counting, Deadline, DeadlineKind, DeadlineMove, DeadlineName, Evaluation, Status};

use crate::domain::calendar::{CalendarKind, Calendars, OutOfRange, SkippedDay, WorkingCalendar};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::{Event, EventKind, Timeline, TimelineError, human_date};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::sync::LazyLock;
use types::judge;

static DEFAULT_CALENDARS: LazyLock<Calendars> =
    LazyLock::new(|| Calendars::build(&ClockSettings::default().calendar_options()));

/// The calendars for the given settings: shared for the defaults, built (a few ms) otherwise.
#[must_use]
pub fn calendars_for(settings: &ClockSettings) -> Cow<'static, Calendars> {
    let options = settings.calendar_options();
    if &options == DEFAULT_CALENDARS.options() {
        Cow::Borrowed(&DEFAULT_CALENDARS)
    } else {
        Cow::Owned(Calendars::build(&options))
    }
}

/// The calendars built with the default options.
#[must_use]
pub fn default_calendars() -> &'static Calendars {
    &DEFAULT_CALENDARS
}

fn out_of_range(e: OutOfRange) -> TimelineError {
    TimelineError {
        event: None,
        rule: "date_out_of_range",
        message: format!("{e}"),
    }
}

/// Evaluates every deadline of a timeline on the day `as_of`.
///
/// # Errors
/// A [`TimelineError`] when a setting is out of its bounds, an event is dated after `as_of`, an
/// appeal was lodged out of time with no extension, or a date leaves the years the calendars
/// cover.
pub fn evaluate(
    timeline: &Timeline,
    settings: &ClockSettings,
    as_of: NaiveDate,
) -> Result<Evaluation, TimelineError> {
    let calendars = calendars_for(settings);
    evaluate_with(timeline, settings, &calendars, as_of)
}

/// [`evaluate`] with calendars the caller built once (bulk work).
///
/// # Errors
/// As [`evaluate`].
pub fn evaluate_with(
    timeline: &Timeline,
    settings: &ClockSettings,
    calendars: &Calendars,
    as_of: NaiveDate,
) -> Result<Evaluation, TimelineError> {
    // Settings can come from a public request: refuse a value no law could mean before it can
    // overflow the date arithmetic.
    settings.validate()?;
    if let Some(e) = timeline.events.iter().find(|e| e.date > as_of) {
        return Err(TimelineError {
            event: Some(format!("{} on {}", e.kind, e.date)),
            rule: "event_in_future",
            message: format!(
                "{} is dated {}, after the day of evaluation ({})",
                e.kind.label(),
                human_date(e.date),
                human_date(as_of)
            ),
        });
    }
    let mut ev = Evaluator {
        timeline,
        settings,
        calendars,
        as_of,
        deadlines: Vec::new(),
        warnings: Vec::new(),
        date_of_receipt: None,
    };
    ev.run().map_err(out_of_range)?;
    ev.check_appeal_in_time()?;
    Ok(Evaluation {
        regime: timeline.regime,
        as_of,
        date_of_receipt: ev.date_of_receipt,
        deadlines: ev.deadlines,
        warnings: ev.warnings,
    })
}

struct Evaluator<'a> {
    timeline: &'a Timeline,
    settings: &'a ClockSettings,
    calendars: &'a Calendars,
    as_of: NaiveDate,
    deadlines: Vec<Deadline>,
    warnings: Vec<String>,
    date_of_receipt: Option<NaiveDate>,
}

/// The fields of a deadline that vary; [`Evaluator::push`] derives the rest.
struct Spec {
    name: DeadlineName,
    kind: DeadlineKind,
    date: NaiveDate,
    basis: String,
    rule: String,
    met_on: Option<NaiveDate>,
    calendar: CalendarKind,
    skipped: Vec<SkippedDay>,
    note: Option<String>,
}

impl Evaluator<'_> {
    fn cal(&self) -> &WorkingCalendar {
        self.calendars.get(self.timeline.regime.calendar())
    }

    fn push(&mut self, spec: Spec) -> Result<(), OutOfRange> {
        let cal = self.calendars.get(spec.calendar);
        let (status, working_days_late, calendar_days_late) =
            judge(spec.kind, spec.date, spec.met_on, self.as_of, cal)?;
        self.deadlines.push(Deadline {
            name: spec.name,
            kind: spec.kind,
            date: Some(spec.date),
            basis: spec.basis,
            rule: spec.rule,
            status,
            working_days_late,
            calendar_days_late,
            met_on: spec.met_on,
            calendar: spec.calendar,
            skipped: spec.skipped,
            note: spec.note,
            by_time: None,
            minutes_late: None,
        });
        Ok(())
    }

    fn push_undated(&mut self, name: DeadlineName, status: Status, basis: String, note: String) {
        self.deadlines.push(Deadline {
            name,
            kind: DeadlineKind::Duty,
            date: None,
            basis,
            rule: String::new(),
            status,
            working_days_late: 0,
            calendar_days_late: 0,
            met_on: None,
            calendar: self.timeline.regime.calendar(),
            skipped: Vec::new(),
            note: Some(note),
            by_time: None,
            minutes_late: None,
        });
    }

    /// The clarification request still awaiting an answer, if any (FOIA s1(3)).
    fn open_clarification(&self) -> Option<&Event> {
        let mut open = None;
        for e in &self.timeline.events {
            match e.kind {
                EventKind::ClarificationRequested => open = Some(e),
                EventKind::ClarificationReceived => open = None,
                _ => {}
            }
        }
        open
    }

    fn run(&mut self) -> Result<(), OutOfRange> {
        if let Some(request) = self.timeline.first(EventKind::RequestReceived).cloned() {
            if self.timeline.regime == Regime::UkGdprSar {
                self.subject_access(&request)?;
            } else {
                self.request_stage(&request)?;
            }
        }
        self.chase_letter()?;
        self.decision_notice()?;
        Ok(())
    }
}
