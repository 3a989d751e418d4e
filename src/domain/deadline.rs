//! Every statutory deadline of a timeline, its status on a given day, how late each party was,
//! and why each date is what it is (the non-working days skipped on the way).
//!
//! The rules are those of `shared/law/time-rules.md`; each computation cites its source.
//! The entry point is [`evaluate`].

use crate::domain::calendar::{CalendarKind, Calendars, OutOfRange, SkippedDay, WorkingCalendar};
use crate::domain::regime::Regime;
use crate::domain::settings::{ClockSettings, DayOneRule, SarExtension};
use crate::domain::timeline::{Event, EventKind, Timeline, TimelineError, human_date};
use chrono::{Duration, Months, NaiveDate};
use serde::Serialize;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The name of a deadline in the public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineName {
    /// The authority's response (FOIA s10(1), EIR reg 5(2), FOISA s10(1)).
    ResponseDue,
    /// The public-interest guideline (FOIA s10(3); ICO: 20 further working days).
    PitGuidelineDue,
    /// The EIR reg 7 extended limit (40 working days).
    EirExtendedDue,
    /// Last day to ask for an internal review (s45 Code; EIR reg 11(2)).
    InternalReviewRequestWindowEnd,
    /// FOIA internal review, normal limit (20 working days, s45 Code).
    InternalReviewDue,
    /// FOIA internal review, exceptional limit (40 working days, s45 Code).
    InternalReviewMax,
    /// EIR reconsideration (reg 11(4), 40 working days).
    ReconsiderationDue,
    /// FOISA s20(5) / EIR (Scotland) reg 16: last day to require a review.
    ReviewRequirementDeadline,
    /// FOISA s21(1) / EIR (Scotland) reg 16(4): the review response.
    ReviewResponseDue,
    /// Last day to complain to the Commissioner without undue delay.
    ComplaintWindowEnd,
    /// The authority's response to the regulator's chase letter (10 working days).
    ChaseResponseDue,
    /// Last day to appeal the decision notice.
    AppealLastDay,
    /// The steps ordered by the decision notice.
    StepsDue,
    /// A subject access response (UK GDPR art 12(3)).
    SarDue,
    /// An extended subject access response.
    SarExtendedDue,
    /// The authority's reply to an investigation letter (the date the letter set).
    InvestigationResponseDue,
}

impl DeadlineName {
    /// Every deadline.
    pub const ALL: [DeadlineName; 16] = [
        DeadlineName::ResponseDue,
        DeadlineName::PitGuidelineDue,
        DeadlineName::EirExtendedDue,
        DeadlineName::InternalReviewRequestWindowEnd,
        DeadlineName::InternalReviewDue,
        DeadlineName::InternalReviewMax,
        DeadlineName::ReconsiderationDue,
        DeadlineName::ReviewRequirementDeadline,
        DeadlineName::ReviewResponseDue,
        DeadlineName::ComplaintWindowEnd,
        DeadlineName::ChaseResponseDue,
        DeadlineName::AppealLastDay,
        DeadlineName::StepsDue,
        DeadlineName::SarDue,
        DeadlineName::SarExtendedDue,
        DeadlineName::InvestigationResponseDue,
    ];

    /// The deadline of an identifier, if there is one.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.slug() == slug)
    }

    /// The identifier in JSON.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            DeadlineName::ResponseDue => "response_due",
            DeadlineName::PitGuidelineDue => "pit_guideline_due",
            DeadlineName::EirExtendedDue => "eir_extended_due",
            DeadlineName::InternalReviewRequestWindowEnd => "internal_review_request_window_end",
            DeadlineName::InternalReviewDue => "internal_review_due",
            DeadlineName::InternalReviewMax => "internal_review_max",
            DeadlineName::ReconsiderationDue => "reconsideration_due",
            DeadlineName::ReviewRequirementDeadline => "review_requirement_deadline",
            DeadlineName::ReviewResponseDue => "review_response_due",
            DeadlineName::ComplaintWindowEnd => "complaint_window_end",
            DeadlineName::ChaseResponseDue => "chase_response_due",
            DeadlineName::AppealLastDay => "appeal_last_day",
            DeadlineName::StepsDue => "steps_due",
            DeadlineName::SarDue => "sar_due",
            DeadlineName::SarExtendedDue => "sar_extended_due",
            DeadlineName::InvestigationResponseDue => "investigation_response_due",
        }
    }

    /// How a case officer would say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            DeadlineName::ResponseDue => "Response due",
            DeadlineName::PitGuidelineDue => "Public interest guideline",
            DeadlineName::EirExtendedDue => "Extended EIR response due",
            DeadlineName::InternalReviewRequestWindowEnd => {
                "Last day to ask for an internal review"
            }
            DeadlineName::InternalReviewDue => "Internal review due",
            DeadlineName::InternalReviewMax => "Internal review, exceptional limit",
            DeadlineName::ReconsiderationDue => "Reconsideration due",
            DeadlineName::ReviewRequirementDeadline => "Last day to require a review",
            DeadlineName::ReviewResponseDue => "Review response due",
            DeadlineName::ComplaintWindowEnd => "Last day to complain to the Commissioner",
            DeadlineName::ChaseResponseDue => "Response to the Commissioner's letter due",
            DeadlineName::AppealLastDay => "Last day to appeal",
            DeadlineName::StepsDue => "Steps due",
            DeadlineName::SarDue => "Subject access response due",
            DeadlineName::SarExtendedDue => "Extended subject access response due",
            DeadlineName::InvestigationResponseDue => "Reply to the investigation letter due",
        }
    }
}

/// Whether missing the date is a breach, the end of a right, or only guidance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A party must act by the date; missing it is late.
    Duty,
    /// A party may act until the date; after it the right lapses or becomes discretionary.
    Window,
    /// Guidance rather than a statutory limit.
    Guideline,
}

/// A deadline's status on the evaluation day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not yet due.
    Pending,
    /// Due on the evaluation day.
    DueToday,
    /// Passed without the act (duties and guidelines).
    Overdue,
    /// Done on or before the date.
    Met,
    /// Done after the date.
    MetLate,
    /// A window that closed without being used.
    Expired,
    /// Suspended while an appeal is pending (FOIA s50(6)); no date yet.
    Suspended,
    /// The clock is stopped (clarification or fee awaited); no date yet.
    Paused,
}

impl Status {
    /// The identifier in JSON.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::DueToday => "due_today",
            Status::Overdue => "overdue",
            Status::Met => "met",
            Status::MetLate => "met_late",
            Status::Expired => "expired",
            Status::Suspended => "suspended",
            Status::Paused => "paused",
        }
    }
}

/// One computed deadline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Deadline {
    /// Which deadline.
    pub name: DeadlineName,
    /// Duty, window or guideline.
    pub kind: DeadlineKind,
    /// The last day, or `None` while suspended or paused.
    pub date: Option<NaiveDate>,
    /// The legal basis.
    pub basis: String,
    /// The rule in words, with its starting date: "20 working days after 13 Feb 2023".
    pub rule: String,
    /// Status on the evaluation day.
    pub status: Status,
    /// Working days in (date, act or evaluation day] when late; otherwise 0.
    pub working_days_late: i64,
    /// Calendar days late; otherwise 0.
    pub calendar_days_late: i64,
    /// The day the act that meets it happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub met_on: Option<NaiveDate>,
    /// The calendar whose working days are counted.
    pub calendar: CalendarKind,
    /// Every non-working day skipped between the start and the date, with the reason.
    pub skipped: Vec<SkippedDay>,
    /// Anything the reader must know about this date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A deadline whose date differs between two evaluations (e.g. after a new proclamation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadlineMove {
    /// Which deadline.
    pub name: DeadlineName,
    /// The earlier date.
    pub from: Option<NaiveDate>,
    /// The new date.
    pub to: Option<NaiveDate>,
}

/// The result of evaluating a timeline on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluation {
    /// The regime.
    pub regime: Regime,
    /// The day the statuses are evaluated on.
    pub as_of: NaiveDate,
    /// The date the clock runs from (after clarification and the day-one rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_of_receipt: Option<NaiveDate>,
    /// Every deadline that applies, in the order of the case.
    pub deadlines: Vec<Deadline>,
    /// Things a case officer should know that do not make the timeline impossible.
    pub warnings: Vec<String>,
}

impl Evaluation {
    /// The deadline of a name, if it applies.
    #[must_use]
    pub fn get(&self, name: DeadlineName) -> Option<&Deadline> {
        self.deadlines.iter().find(|d| d.name == name)
    }

    /// The deadlines whose dates differ from an earlier evaluation of the same case, so the case
    /// can say when and why a date moved (time-rules.md §8, the Alaveteli #7292 lesson).
    #[must_use]
    pub fn moves_since(&self, earlier: &Evaluation) -> Vec<DeadlineMove> {
        self.deadlines
            .iter()
            .filter_map(|d| {
                let before = earlier.get(d.name).and_then(|e| e.date);
                (earlier.get(d.name).is_some() && before != d.date).then_some(DeadlineMove {
                    name: d.name,
                    from: before,
                    to: d.date,
                })
            })
            .collect()
    }
}

/// A deadline's status on `as_of`, with working and calendar days late (time-rules.md §0:
/// lateness is the working days in the half-open interval (due, act]; a window that closes
/// unused has expired rather than being late).
fn judge(
    kind: DeadlineKind,
    date: NaiveDate,
    met_on: Option<NaiveDate>,
    as_of: NaiveDate,
    cal: &WorkingCalendar,
) -> Result<(Status, i64, i64), OutOfRange> {
    let (status, late_until) = match met_on {
        Some(m) if m <= date => (Status::Met, None),
        Some(m) => (Status::MetLate, Some(m)),
        None if as_of < date => (Status::Pending, None),
        None if as_of == date => (Status::DueToday, None),
        None if kind == DeadlineKind::Window => (Status::Expired, None),
        None => (Status::Overdue, Some(as_of)),
    };
    Ok(match late_until {
        Some(until) => (
            status,
            cal.working_days_between(date, until)?,
            (until - date).num_days(),
        ),
        None => (status, 0, 0),
    })
}

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
/// A [`TimelineError`] when an event is dated after `as_of`, an appeal was lodged out of time
/// with no extension, or a date leaves the years the calendars cover.
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

/// A response deadline in working days, with the fees-notice pauses applied.
struct WorkingDayDue {
    date: NaiveDate,
    skipped: Vec<SkippedDay>,
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
        });
    }

    /// `n` working days after `receipt`, disregarding the working days of every fees-notice
    /// period that began on or before the running due date (FOIA s10(2): "the working days in
    /// the period beginning with the day on which the fees notice is given … and ending with the
    /// day on which the fee is received … are to be disregarded": both end days included).
    fn working_day_due(&self, receipt: NaiveDate, n: u32) -> Result<WorkingDayDue, OutOfRange> {
        let cal = self.cal();
        let mut disregarded: u32 = 0;
        let mut due = cal.add_working_days(receipt, n)?;
        let mut paused: Vec<(NaiveDate, NaiveDate)> = Vec::new();
        for (notice, paid) in self.fee_periods() {
            let Some(paid) = paid else { break };
            if notice > due || paid <= receipt {
                continue;
            }
            let first = notice.max(receipt + Duration::days(1));
            let days = cal
                .working_days_between(first - Duration::days(1), paid)?
                .max(0);
            disregarded += days as u32;
            due = cal.add_working_days(receipt, n + disregarded)?;
            paused.push((first, paid));
        }
        let mut skipped = cal.skipped_between(receipt, due);
        for (first, paid) in paused {
            let mut d = first;
            while d <= paid {
                if cal.is_working_day(d)? {
                    skipped.push(SkippedDay {
                        date: d,
                        reason: format!(
                            "Disregarded: fees notice period {} to {} (FOIA s10(2))",
                            human_date(first),
                            human_date(paid)
                        ),
                    });
                }
                d += Duration::days(1);
            }
        }
        skipped.sort_by_key(|s| s.date);
        Ok(WorkingDayDue { date: due, skipped })
    }

    /// Fees-notice periods in order: (notice date, fee received date if paid).
    fn fee_periods(&self) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        let mut out: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
        for e in &self.timeline.events {
            match e.kind {
                EventKind::FeesNoticeIssued => out.push((e.date, None)),
                EventKind::FeePaid => {
                    if let Some(last) = out.last_mut() {
                        last.1 = Some(e.date);
                    }
                }
                _ => {}
            }
        }
        out
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

    fn request_stage(&mut self, request: &Event) -> Result<(), OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        // FOIA s1(3) and s10(6)(b): after clarification the clock restarts from the day the
        // clarification is received (ICO: treat it as a new request). EIR reg 9(4) is treated the
        // same way (UNCONFIRMED, time-rules.md §2).
        let clock_start = self
            .timeline
            .last(EventKind::ClarificationReceived)
            .map_or(request.date, |e| e.date);
        let mut receipt = clock_start;
        // time-rules.md §1.3: the ICO reading keeps the actual date; the alternative moves a
        // non-working receipt day to the next working day, which becomes the date of receipt.
        if self.settings.day_one_rule == DayOneRule::ReceiptMovesToNextWorkingDay {
            receipt = self.cal().roll_forward(receipt)?;
        }
        self.date_of_receipt = Some(receipt);
        let days = regime.response_working_days().unwrap_or(20);
        let response = self
            .timeline
            .first_on_or_after(EventKind::ResponseSent, clock_start)
            .map(|e| e.date);
        if let Some(before) = self.timeline.first(EventKind::ResponseSent)
            && before.date < clock_start
        {
            self.warnings.push(format!(
                "a response on {} came before the clarification received on {}; the clock runs from the clarification",
                human_date(before.date),
                human_date(clock_start)
            ));
        }

        if let Some(c) = self.open_clarification() {
            self.push_undated(
                DeadlineName::ResponseDue,
                Status::Paused,
                regime.response_basis().to_owned(),
                format!(
                    "Clock stopped: clarification requested on {} and not yet received (FOIA s1(3)); 20 working days start again when it arrives",
                    human_date(c.date)
                ),
            );
            return Ok(());
        }
        let unextended = self.working_day_due(receipt, days)?;
        if let Some((notice, None)) = self.fee_periods().last().copied()
            && notice <= unextended.date
        {
            self.push_undated(
                DeadlineName::ResponseDue,
                Status::Paused,
                regime.response_basis().to_owned(),
                format!(
                    "Clock stopped: fees notice given on {} and the fee is not yet received (FOIA s10(2)); the requester has three months to pay (s9(2))",
                    human_date(notice)
                ),
            );
            return Ok(());
        }

        let pit = self
            .timeline
            .first(EventKind::PitExtensionClaimed)
            .map(|e| e.date);
        let eir_claim = self
            .timeline
            .first(EventKind::EirExtensionClaimed)
            .map(|e| e.date);
        // An EIR reg 7 extension counts only if the requester was told within the 20 days.
        let eir_extension = match eir_claim {
            Some(c) if c <= unextended.date => Some(c),
            Some(c) => {
                self.warnings.push(format!(
                    "the EIR extension was claimed on {}, after the 20-working-day limit of {}: regulation 7 requires notice within the 20 days, so the extension does not apply",
                    human_date(c),
                    human_date(unextended.date)
                ));
                None
            }
            None => None,
        };
        if let Some(p) = pit
            && p > unextended.date
        {
            self.warnings.push(format!(
                "the public interest extension was claimed on {}, after the 20-working-day limit of {}: the s17 refusal notice was late",
                human_date(p),
                human_date(unextended.date)
            ));
        }
        // The refusal notice claiming an extension itself answers within the 20 days
        // (FOIA s10(3) "does not affect the time for the s17(1) notice"; EIR reg 7(3)).
        let interim = match (pit, eir_extension) {
            (Some(p), _) => Some(p),
            (None, Some(e)) => Some(e),
            _ => None,
        };
        let met_on = match (response, interim) {
            (Some(r), Some(i)) => Some(r.min(i)),
            (r, i) => r.or(i),
        };
        let note = match self.settings.day_one_rule {
            DayOneRule::ReceiptMovesToNextWorkingDay if receipt != clock_start => Some(format!(
                "Setting receipt_moves_to_next_working_day: received on {}, treated as received on {}",
                human_date(clock_start),
                human_date(receipt)
            )),
            _ if clock_start != request.date => Some(format!(
                "Clock restarted on {} when the clarification was received (FOIA s1(3))",
                human_date(clock_start)
            )),
            _ => None,
        };
        self.push(Spec {
            name: DeadlineName::ResponseDue,
            kind: DeadlineKind::Duty,
            date: unextended.date,
            basis: regime.response_basis().to_owned(),
            rule: format!("{days} working days after {}", human_date(receipt)),
            met_on,
            calendar: cal_kind,
            skipped: unextended.skipped,
            note,
        })?;

        let final_response_due = if let Some(p) = pit {
            let extra = self.settings.pit_extension_working_days;
            let due = self.working_day_due(receipt, days + extra)?;
            self.push(Spec {
                name: DeadlineName::PitGuidelineDue,
                kind: DeadlineKind::Guideline,
                date: due.date,
                basis: format!(
                    "FOIA s10(3), s17(2)-(3); ICO guidance: normally no more than {extra} further working days ({} in total)",
                    days + extra
                ),
                rule: format!("{} working days after {}", days + extra, human_date(receipt)),
                met_on: self.timeline.first_on_or_after(EventKind::ResponseSent, p).map(|e| e.date),
                calendar: cal_kind,
                skipped: due.skipped,
                note: Some("Guidance, not a statutory deadline".to_owned()),
            })?;
            due.date
        } else if eir_extension.is_some() {
            // EIR reg 7(1): up to 40 working days where complexity and volume require it.
            let due = self.working_day_due(receipt, 40)?;
            self.push(Spec {
                name: DeadlineName::EirExtendedDue,
                kind: DeadlineKind::Duty,
                date: due.date,
                basis: if regime == Regime::EirScotland {
                    "EIR (Scotland) reg 7(1): up to 40 working days for complex and voluminous requests".to_owned()
                } else {
                    "EIR reg 7(1): up to 40 working days for complex and voluminous requests".to_owned()
                },
                rule: format!("40 working days after {}", human_date(receipt)),
                met_on: response,
                calendar: cal_kind,
                skipped: due.skipped,
                note: None,
            })?;
            due.date
        } else {
            unextended.date
        };
        self.review_stage(response, final_response_due)
    }

    fn review_stage(
        &mut self,
        response: Option<NaiveDate>,
        response_due: NaiveDate,
    ) -> Result<(), OutOfRange> {
        let regime = self.timeline.regime;
        let cal_kind = regime.calendar();
        let requested = self
            .timeline
            .first(EventKind::InternalReviewRequested)
            .map(|e| e.date);
        let completed = |from: NaiveDate| {
            self.timeline
                .first_on_or_after(EventKind::InternalReviewCompleted, from)
                .map(|e| e.date)
        };
        match regime {
            Regime::Foia | Regime::Eir => {
                if let Some(r) = response {
                    let end = self.cal().add_working_days(r, 40)?;
                    let basis = if regime == Regime::Foia {
                        "s45 Code of Practice (2018) para 5: authorities need not accept a review requested more than 40 working days after the response"
                    } else {
                        "EIR reg 11(2): representations within 40 working days after the date of the failure to comply"
                    };
                    self.push(Spec {
                        name: DeadlineName::InternalReviewRequestWindowEnd,
                        kind: DeadlineKind::Window,
                        date: end,
                        basis: basis.to_owned(),
                        rule: format!("40 working days after the response of {}", human_date(r)),
                        met_on: requested,
                        calendar: cal_kind,
                        skipped: self.cal().skipped_between(r, end),
                        note: None,
                    })?;
                }
                if let Some(rq) = requested {
                    let done = completed(rq);
                    if regime == Regime::Foia {
                        for (name, n, basis) in [
                            (
                                DeadlineName::InternalReviewDue,
                                20,
                                "s45 Code of Practice (2018) para 5: reviews within 20 working days in most cases",
                            ),
                            (
                                DeadlineName::InternalReviewMax,
                                40,
                                "s45 Code of Practice (2018) para 5: 40 working days in exceptional circumstances; the requester may complain after that",
                            ),
                        ] {
                            let due = self.cal().add_working_days(rq, n)?;
                            self.push(Spec {
                                name,
                                kind: DeadlineKind::Duty,
                                date: due,
                                basis: basis.to_owned(),
                                rule: format!(
                                    "{n} working days after the review request of {}",
                                    human_date(rq)
                                ),
                                met_on: done,
                                calendar: cal_kind,
                                skipped: self.cal().skipped_between(rq, due),
                                note: None,
                            })?;
                        }
                    } else {
                        let due = self.cal().add_working_days(rq, 40)?;
                        self.push(Spec {
                            name: DeadlineName::ReconsiderationDue,
                            kind: DeadlineKind::Duty,
                            date: due,
                            basis: "EIR reg 11(4): a decision within 40 working days of receiving the representations (statutory)".to_owned(),
                            rule: format!("40 working days after the representations of {}", human_date(rq)),
                            met_on: done,
                            calendar: cal_kind,
                            skipped: self.cal().skipped_between(rq, due),
                            note: None,
                        })?;
                    }
                    if let Some(c) = done {
                        // ICO: complaints within six weeks of the final response; later ones may
                        // be refused for undue delay (FOIA s50(2)(b)). A warning, not a refusal.
                        let days = i64::from(self.settings.complaint_window_days);
                        let end = c + Duration::days(days);
                        self.push(Spec {
                            name: DeadlineName::ComplaintWindowEnd,
                            kind: DeadlineKind::Window,
                            date: end,
                            basis: "FOIA s50(2)(b) undue delay; ICO: complain within six weeks of the final response".to_owned(),
                            rule: format!("{days} calendar days after the internal review of {}", human_date(c)),
                            met_on: self.timeline.first_on_or_after(EventKind::ComplaintReceived, c).map(|e| e.date),
                            calendar: cal_kind,
                            skipped: Vec::new(),
                            note: None,
                        })?;
                    }
                }
            }
            Regime::Foisa | Regime::EirScotland => {
                // FOISA s20(5)(a)/(b): 40 working days after the expiry of the time for response
                // or, for a late response, after its receipt (our reading; UNCONFIRMED).
                let start = match response {
                    Some(r) if r > response_due => r,
                    _ => response_due,
                };
                let show_window =
                    response.is_some() || self.as_of > response_due || requested.is_some();
                if show_window {
                    let end = self.cal().add_working_days(start, 40)?;
                    let basis = if regime == Regime::Foisa {
                        "FOISA s20(5): a requirement for review within 40 working days after the time for response expired or a late response was received"
                    } else {
                        "EIR (Scotland) reg 16(2): representations within 40 working days"
                    };
                    self.push(Spec {
                        name: DeadlineName::ReviewRequirementDeadline,
                        kind: DeadlineKind::Window,
                        date: end,
                        basis: basis.to_owned(),
                        rule: format!("40 working days after {}", human_date(start)),
                        met_on: requested,
                        calendar: cal_kind,
                        skipped: self.cal().skipped_between(start, end),
                        note: None,
                    })?;
                }
                if let Some(rq) = requested {
                    let due = self.cal().add_working_days(rq, 20)?;
                    let done = completed(rq);
                    let basis = if regime == Regime::Foisa {
                        "FOISA s21(1): the twentieth working day after receipt of the requirement for review"
                    } else {
                        "EIR (Scotland) reg 16(4): within 20 working days of receiving the representations"
                    };
                    self.push(Spec {
                        name: DeadlineName::ReviewResponseDue,
                        kind: DeadlineKind::Duty,
                        date: due,
                        basis: basis.to_owned(),
                        rule: format!(
                            "20 working days after the requirement for review of {}",
                            human_date(rq)
                        ),
                        met_on: done,
                        calendar: cal_kind,
                        skipped: self.cal().skipped_between(rq, due),
                        note: None,
                    })?;
                    // FOISA s47(4): apply to the Scottish Information Commissioner within six
                    // months of the review notice, or of the end of the review period.
                    let from = done.unwrap_or(due);
                    if done.is_some() || self.as_of > due {
                        let end = from
                            .checked_add_months(Months::new(6))
                            .ok_or(OutOfRange { date: from })?;
                        self.push(Spec {
                            name: DeadlineName::ComplaintWindowEnd,
                            kind: DeadlineKind::Window,
                            date: end,
                            basis: "FOISA s47(4): application within six months of the review notice or the end of the review period".to_owned(),
                            rule: format!("six months after {}", human_date(from)),
                            met_on: self.timeline.first_on_or_after(EventKind::ComplaintReceived, from).map(|e| e.date),
                            calendar: cal_kind,
                            skipped: Vec::new(),
                            note: None,
                        })?;
                    }
                }
            }
            Regime::UkGdprSar => {}
        }
        Ok(())
    }

    /// UK GDPR art 12(3), ICO method since 15 Aug 2019 (time-rules.md §6): the day of receipt is
    /// day 1; the deadline is the corresponding date next month, or the month's last day if there
    /// is none, rolled to the next working day.
    fn subject_access(&mut self, request: &Event) -> Result<(), OutOfRange> {
        let cal_kind = self.settings.sar_calendar;
        let cal = self.calendars.get(cal_kind);
        // Time runs from the later of receipt and of the information needed (ID, clarification).
        let start = self
            .timeline
            .last(EventKind::ClarificationReceived)
            .map_or(request.date, |e| e.date);
        self.date_of_receipt = Some(start);
        let one_month = start
            .checked_add_months(Months::new(1))
            .ok_or(OutOfRange { date: start })?;
        let due = cal.roll_forward(one_month)?;
        let skipped = cal.skipped_between(one_month - Duration::days(1), due);
        let response = self
            .timeline
            .first_on_or_after(EventKind::ResponseSent, start)
            .map(|e| e.date);
        let claim = self
            .timeline
            .first(EventKind::SarExtensionClaimed)
            .map(|e| e.date);
        let extension = match claim {
            Some(c) if c <= due => Some(c),
            Some(c) => {
                self.warnings.push(format!(
                    "the SAR extension was claimed on {}, after the one-month limit of {}: it had to be claimed within the first month",
                    human_date(c),
                    human_date(due)
                ));
                None
            }
            None => None,
        };
        let met_on = match (response, extension) {
            (Some(r), Some(e)) => Some(r.min(e)),
            (r, e) => r.or(e),
        };
        self.push(Spec {
            name: DeadlineName::SarDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: Regime::UkGdprSar.response_basis().to_owned(),
            rule: format!(
                "one month from {} (day 1), rolled to a working day",
                human_date(start)
            ),
            met_on,
            calendar: cal_kind,
            skipped,
            note: None,
        })?;
        if extension.is_some() {
            let base = match self.settings.sar_extension {
                SarExtension::FromReceipt => start.checked_add_months(Months::new(3)),
                SarExtension::FromFirstDeadline => one_month.checked_add_months(Months::new(2)),
            }
            .ok_or(OutOfRange { date: start })?;
            let extended = cal.roll_forward(base)?;
            self.push(Spec {
                name: DeadlineName::SarExtendedDue,
                kind: DeadlineKind::Duty,
                date: extended,
                basis: "UK GDPR art 12(3): extended by two further months where necessary"
                    .to_owned(),
                rule: match self.settings.sar_extension {
                    SarExtension::FromReceipt => format!(
                        "three months from {}, rolled to a working day",
                        human_date(start)
                    ),
                    SarExtension::FromFirstDeadline => format!(
                        "two months after {}, rolled to a working day",
                        human_date(one_month)
                    ),
                },
                met_on: response,
                calendar: cal_kind,
                skipped: cal.skipped_between(base - Duration::days(1), extended),
                note: Some(
                    "Extension arithmetic is a setting (sar_extension); the law is unsettled"
                        .to_owned(),
                ),
            })?;
        }
        Ok(())
    }

    /// The regulator's letter asking an authority that has not answered to respond within 10
    /// working days of receiving it (ICO practice, letter FS50519635; time-rules.md §4).
    fn chase_letter(&mut self) -> Result<(), OutOfRange> {
        let Some(chase) = self
            .timeline
            .last(EventKind::ChaseLetterSent)
            .map(|e| e.date)
        else {
            return Ok(());
        };
        let cal_kind = self.timeline.regime.calendar();
        let due = self.cal().add_working_days(chase, 10)?;
        self.push(Spec {
            name: DeadlineName::ChaseResponseDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis: "ICO practice: the authority is asked to respond within 10 working days of the Commissioner's letter".to_owned(),
            rule: format!("10 working days after the letter of {}", human_date(chase)),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::ResponseSent, chase)
                .map(|e| e.date),
            calendar: cal_kind,
            skipped: self.cal().skipped_between(chase, due),
            note: None,
        })
    }

    fn appeal_window(
        &self,
        sent: NaiveDate,
    ) -> Result<(NaiveDate, CalendarKind, Vec<SkippedDay>, String, String), OutOfRange> {
        if self.timeline.regime.is_scottish() {
            // FOISA s56: appeal on a point of law to the Court of Session; 42 days by the Rules
            // of the Court of Session (UNCONFIRMED: one source says 45), time-rules.md §3.
            let end = sent + Duration::days(42);
            return Ok((
                end,
                CalendarKind::Scotland,
                Vec::new(),
                "FOISA s56; Rules of the Court of Session: 42 days (UNCONFIRMED)".to_owned(),
                format!(
                    "42 days after the decision was sent on {}",
                    human_date(sent)
                ),
            ));
        }
        // GRC Rules 2009 r22(1)(b): received within 28 days of the date the notice was sent;
        // r12: a period ending on a non-working day ends on the next working day instead.
        // Non-working days inside the period do not extend it (Hughes v IC [2023] UKFTT 302).
        let day28 = sent + Duration::days(28);
        let kind = self.settings.tribunal_calendar;
        let cal = self.calendars.get(kind);
        let last = cal.roll_forward(day28)?;
        Ok((
            last,
            kind,
            cal.skipped_between(day28 - Duration::days(1), last),
            "Tribunal Procedure (First-tier Tribunal) (General Regulatory Chamber) Rules 2009 r22(1)(b) and r12: 28 days from the date the notice was sent, by 5pm".to_owned(),
            format!("28 calendar days after the notice was sent on {}", human_date(sent)),
        ))
    }

    fn decision_notice(&mut self) -> Result<(), OutOfRange> {
        let Some(notice) = self
            .timeline
            .first(EventKind::DecisionNoticeIssued)
            .cloned()
        else {
            return Ok(());
        };
        let sent = notice.sent.unwrap_or(notice.date);
        let (last_day, tribunal_cal, skipped, basis, rule) = self.appeal_window(sent)?;
        let appeal = self.timeline.first(EventKind::AppealLodged).cloned();
        self.push(Spec {
            name: DeadlineName::AppealLastDay,
            kind: DeadlineKind::Window,
            date: last_day,
            basis,
            rule,
            met_on: appeal.as_ref().map(|a| a.date),
            calendar: tribunal_cal,
            skipped,
            note: match &appeal {
                Some(a) if a.date > last_day && a.extension_granted => Some(
                    "Late appeal admitted: the tribunal extended time (GRC rule 5(3)(a))"
                        .to_owned(),
                ),
                _ => None,
            },
        })?;

        let period = notice.steps_period_days.or(notice
            .steps_ordered
            .then_some(self.settings.steps_period_days));
        let Some(period) = period else {
            return Ok(());
        };
        // FOIA s50(4): the notice sets the period; s50(6): it must not expire before the end of
        // the period for appeal, and if an appeal is brought nothing is due until it is determined.
        let base = notice.date + Duration::days(i64::from(period));
        let mut due = base.max(last_day);
        let basis = "FOIA s50(4) and s50(6): steps within the period the notice sets; suspended while an appeal is pending".to_owned();
        if let Some(a) = &appeal {
            match self
                .timeline
                .first_on_or_after(EventKind::AppealDetermined, a.date)
            {
                None => {
                    self.push_undated(
                        DeadlineName::StepsDue,
                        Status::Suspended,
                        basis,
                        format!(
                            "Suspended: appeal lodged on {} and not yet determined (FOIA s50(6))",
                            human_date(a.date)
                        ),
                    );
                    return Ok(());
                }
                Some(d) => {
                    // The days the appeal was pending do not run against the authority.
                    due += d.date - a.date;
                }
            }
        }
        let note = (due != base).then(|| {
            format!(
                "{} days from the notice would be {}; moved to {} (not before the appeal period ends, and not while an appeal was pending)",
                period,
                human_date(base),
                human_date(due)
            )
        });
        self.push(Spec {
            name: DeadlineName::StepsDue,
            kind: DeadlineKind::Duty,
            date: due,
            basis,
            rule: format!(
                "{period} calendar days after the notice of {}",
                human_date(notice.date)
            ),
            met_on: self
                .timeline
                .first_on_or_after(EventKind::StepsComplied, notice.date)
                .map(|e| e.date),
            calendar: self.timeline.regime.calendar(),
            skipped: Vec::new(),
            note,
        })
    }

    /// An appeal after the last day needs the tribunal's extension of time to be possible.
    fn check_appeal_in_time(&self) -> Result<(), TimelineError> {
        let (Some(appeal), Some(window)) = (
            self.timeline.first(EventKind::AppealLodged),
            self.deadlines
                .iter()
                .find(|d| d.name == DeadlineName::AppealLastDay),
        ) else {
            return Ok(());
        };
        match window.date {
            Some(last) if appeal.date > last && !appeal.extension_granted => Err(TimelineError {
                event: Some(format!("{} on {}", appeal.kind, appeal.date)),
                rule: "appeal_out_of_time",
                message: format!(
                    "appeal lodged on {} is after the last day to appeal, {}; record it only if the tribunal extended time (set extension_granted)",
                    human_date(appeal.date),
                    human_date(last)
                ),
            }),
            _ => Ok(()),
        }
    }
}

/// The response deadline and lateness of one request in an authority's request log: the
/// monitoring job a regulator does with authorities' logs (no clarification, fees or extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoggedRequest {
    /// The response due date.
    pub due: NaiveDate,
    /// Working days late (0 when on time or pending).
    pub working_days_late: i64,
    /// The status on the evaluation day.
    pub status: Status,
}

/// Evaluates one request of a log: received on `received`, answered on `responded` if at all.
///
/// # Errors
/// [`OutOfRange`] outside 1971–2100; a response before receipt is reported by the caller.
pub fn logged_request(
    regime: Regime,
    received: NaiveDate,
    responded: Option<NaiveDate>,
    settings: &ClockSettings,
    calendars: &Calendars,
    as_of: NaiveDate,
) -> Result<LoggedRequest, OutOfRange> {
    let due = match regime.response_working_days() {
        Some(days) => {
            let cal = calendars.get(regime.calendar());
            let receipt = match settings.day_one_rule {
                DayOneRule::Ico => received,
                DayOneRule::ReceiptMovesToNextWorkingDay => cal.roll_forward(received)?,
            };
            cal.add_working_days(receipt, days)?
        }
        None => {
            let cal = calendars.get(settings.sar_calendar);
            cal.roll_forward(
                received
                    .checked_add_months(Months::new(1))
                    .ok_or(OutOfRange { date: received })?,
            )?
        }
    };
    let (status, late, _) = judge(
        DeadlineKind::Duty,
        due,
        responded,
        as_of,
        calendars.get(regime.calendar()),
    )?;
    Ok(LoggedRequest {
        due,
        working_days_late: late,
        status,
    })
}

/// The deadline an investigation letter sets: the authority must reply by `respond_by`
/// (FOIA s50; the date is the officer's, not a statutory period).
///
/// # Errors
/// [`OutOfRange`] outside 1971–2100.
pub fn investigation_response(
    letter: NaiveDate,
    respond_by: NaiveDate,
    replied: Option<NaiveDate>,
    calendar: &WorkingCalendar,
    as_of: NaiveDate,
) -> Result<Deadline, OutOfRange> {
    let (status, working_days_late, calendar_days_late) =
        judge(DeadlineKind::Duty, respond_by, replied, as_of, calendar)?;
    Ok(Deadline {
        name: DeadlineName::InvestigationResponseDue,
        kind: DeadlineKind::Duty,
        date: Some(respond_by),
        basis: "The date set in the Commissioner's investigation letter (FOIA s50)".to_owned(),
        rule: format!("set by the letter of {}", human_date(letter)),
        status,
        working_days_late,
        calendar_days_late,
        met_on: replied,
        calendar: calendar.kind(),
        skipped: calendar.skipped_between(letter, respond_by),
        note: None,
    })
}
