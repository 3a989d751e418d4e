//! The values the deadline engine produces: a [`Deadline`] with its name, kind and status, the
//! explanation trace (rule, basis, skipped days, note), an [`Evaluation`] of a whole timeline,
//! and how a deadline is judged on a day ([`judge`]).

use crate::domain::calendar::{CalendarKind, OutOfRange, SkippedDay, WorkingCalendar};
use crate::domain::regime::Regime;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The name of a deadline in the public contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The Commissioner's response to a notice of appeal (GRC r23).
    CommissionerResponseDue,
    /// The appellant's optional reply to the response (GRC r24).
    AppellantReplyDue,
    /// An application to set the tribunal's decision aside (GRC r41(3)).
    SetAsideApplicationDue,
    /// An application to the First-tier Tribunal for permission to appeal (GRC r42).
    PermissionToAppealDue,
    /// An application to the Upper Tribunal for permission after the First-tier refused it
    /// (UT r21(3)(b)).
    UpperTribunalPermissionDue,
    /// An application to the Upper Tribunal for permission to appeal to the Court of Appeal
    /// or the Court of Session (UT r44(4)).
    CourtOfAppealPermissionDue,
    /// An application to the Upper Tribunal for permission to appeal to the Court of Session
    /// (UT r44(4): the same month; TCEA 2007 s13(11)-(13) makes it the appellate court in
    /// Scotland).
    CourtOfSessionPermissionDue,
    /// The respondent's response to an appeal in the Upper Tribunal (UT r24(2)).
    UpperTribunalResponseDue,
    /// The last day for a ministerial certificate (FOIA s53(2)).
    S53CertificateDue,
}

impl DeadlineName {
    /// Every deadline.
    pub const ALL: [DeadlineName; 25] = [
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
        DeadlineName::CommissionerResponseDue,
        DeadlineName::AppellantReplyDue,
        DeadlineName::SetAsideApplicationDue,
        DeadlineName::PermissionToAppealDue,
        DeadlineName::UpperTribunalPermissionDue,
        DeadlineName::CourtOfAppealPermissionDue,
        DeadlineName::CourtOfSessionPermissionDue,
        DeadlineName::UpperTribunalResponseDue,
        DeadlineName::S53CertificateDue,
    ];

    /// The deadlines the tribunal's own rules set, which a tribunal direction may replace (GRC
    /// r5(3)(a) extends or shortens any time; r6 gives directions).
    #[must_use]
    pub fn is_directed_by_tribunal(self) -> bool {
        matches!(
            self,
            DeadlineName::AppealLastDay
                | DeadlineName::CommissionerResponseDue
                | DeadlineName::AppellantReplyDue
                | DeadlineName::SetAsideApplicationDue
                | DeadlineName::PermissionToAppealDue
                | DeadlineName::UpperTribunalPermissionDue
                | DeadlineName::CourtOfAppealPermissionDue
                | DeadlineName::CourtOfSessionPermissionDue
                | DeadlineName::UpperTribunalResponseDue
        )
    }

    /// Whether the deadline belongs to an appeal (the appeals team's list).
    #[must_use]
    pub fn is_appeal(self) -> bool {
        self.is_directed_by_tribunal() && self != DeadlineName::AppealLastDay
            || self == DeadlineName::S53CertificateDue
    }

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
            DeadlineName::CommissionerResponseDue => "commissioner_response_due",
            DeadlineName::AppellantReplyDue => "appellant_reply_due",
            DeadlineName::SetAsideApplicationDue => "set_aside_application_due",
            DeadlineName::PermissionToAppealDue => "permission_to_appeal_due",
            DeadlineName::UpperTribunalPermissionDue => "upper_tribunal_permission_due",
            DeadlineName::CourtOfAppealPermissionDue => "court_of_appeal_permission_due",
            DeadlineName::CourtOfSessionPermissionDue => "court_of_session_permission_due",
            DeadlineName::UpperTribunalResponseDue => "upper_tribunal_response_due",
            DeadlineName::S53CertificateDue => "s53_certificate_due",
        }
    }

    /// How the deadline's period is counted (FOISA s47(4)'s window is in months, the other
    /// complaint windows in calendar days: see [`Deadline::counting`]).
    #[must_use]
    pub fn counting(self) -> Counting {
        match self {
            DeadlineName::ResponseDue
            | DeadlineName::PitGuidelineDue
            | DeadlineName::EirExtendedDue
            | DeadlineName::InternalReviewRequestWindowEnd
            | DeadlineName::InternalReviewDue
            | DeadlineName::InternalReviewMax
            | DeadlineName::ReconsiderationDue
            | DeadlineName::ReviewRequirementDeadline
            | DeadlineName::ReviewResponseDue
            | DeadlineName::ChaseResponseDue
            | DeadlineName::S53CertificateDue => Counting::WorkingDays,
            DeadlineName::ComplaintWindowEnd
            | DeadlineName::AppealLastDay
            | DeadlineName::StepsDue
            | DeadlineName::CommissionerResponseDue
            | DeadlineName::AppellantReplyDue
            | DeadlineName::SetAsideApplicationDue
            | DeadlineName::PermissionToAppealDue => Counting::CalendarDays,
            DeadlineName::SarDue
            | DeadlineName::SarExtendedDue
            | DeadlineName::UpperTribunalPermissionDue
            | DeadlineName::CourtOfAppealPermissionDue
            | DeadlineName::CourtOfSessionPermissionDue
            | DeadlineName::UpperTribunalResponseDue => Counting::Months,
            DeadlineName::InvestigationResponseDue => Counting::SetDate,
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
            DeadlineName::CommissionerResponseDue => "The Commissioner's response due",
            DeadlineName::AppellantReplyDue => "The appellant's reply due",
            DeadlineName::SetAsideApplicationDue => "Last day to apply to set the decision aside",
            DeadlineName::PermissionToAppealDue => "Last day to ask permission to appeal",
            DeadlineName::UpperTribunalPermissionDue => {
                "Last day to ask the Upper Tribunal for permission"
            }
            DeadlineName::CourtOfAppealPermissionDue => {
                "Last day to ask permission to appeal to the Court of Appeal"
            }
            DeadlineName::CourtOfSessionPermissionDue => {
                "Last day to ask permission to appeal to the Court of Session"
            }
            DeadlineName::UpperTribunalResponseDue => "The response to the Upper Tribunal due",
            DeadlineName::S53CertificateDue => "Last day for a ministerial certificate (s53)",
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

impl DeadlineKind {
    /// What the kind means for the party concerned, for "why this date" panels.
    #[must_use]
    pub fn meaning(self) -> &'static str {
        match self {
            DeadlineKind::Duty => "A duty: missing it is a breach",
            DeadlineKind::Window => "A window: the right lapses after it",
            DeadlineKind::Guideline => "Guidance, not a statutory limit",
        }
    }
}

/// How the period of a deadline is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counting {
    /// Working days of a calendar (FOIA s10(6), FOISA s73).
    WorkingDays,
    /// Calendar days: weekends and holidays inside the period count.
    CalendarDays,
    /// Calendar months (UK GDPR art 12(3); FOISA s47(4)'s six months).
    Months,
    /// A date someone set (the Commissioner's investigation letter), not a period.
    SetDate,
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
    /// The London time of day by which the act is due, when not midnight (the tribunals'
    /// 5pm, GRC r12(1) and UT r12(1), or the time a direction or substituted notice sets).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_time: Option<NaiveTime>,
    /// Minutes after that time the act was done, when it was late and its time is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minutes_late: Option<i64>,
}

impl Deadline {
    /// How this deadline's period is counted.
    #[must_use]
    pub fn counting(&self) -> Counting {
        match self.name {
            // FOISA s47(4): six months, not a number of days.
            DeadlineName::ComplaintWindowEnd if self.calendar == CalendarKind::Scotland => {
                Counting::Months
            }
            name => name.counting(),
        }
    }

    /// Whether a case officer watches this deadline as the case's next one (and in the
    /// calendar feed): every duty, and the guidance an officer still chases: the s45 Code's
    /// review limits and the authority's reply to the Commissioner's letters.
    #[must_use]
    pub fn officer_watches(&self) -> bool {
        self.kind == DeadlineKind::Duty
            || matches!(
                self.name,
                DeadlineName::InternalReviewDue
                    | DeadlineName::InternalReviewMax
                    | DeadlineName::ChaseResponseDue
                    | DeadlineName::InvestigationResponseDue
            )
    }

    /// The sentence a "why this date" panel shows beside the rule: what the kind means and how
    /// the period is counted. A calendar-day or month period never says "working days": only
    /// its last day can move, and only where the rule rolls it (tribunal rule 12, the ICO's SAR
    /// method).
    #[must_use]
    pub fn why_this_date(&self) -> String {
        let cal = self.calendar.label();
        let counting = match self.counting() {
            Counting::WorkingDays => format!("Working days on the {cal} calendar."),
            Counting::CalendarDays | Counting::Months
                if self.name.is_directed_by_tribunal()
                    && self.calendar != CalendarKind::Scotland =>
            {
                format!(
                    "{}: weekends and bank holidays inside the period count; a last day that is not a working day moves to the next working day on the {cal} calendar, and the act is due by 5pm (tribunal rule 12).",
                    if self.counting() == Counting::Months {
                        "Calendar months, to the corresponding date"
                    } else {
                        "Calendar days"
                    }
                )
            }
            Counting::CalendarDays => {
                "Calendar days: weekends and bank holidays inside the period count.".to_owned()
            }
            Counting::Months
                if matches!(
                    self.name,
                    DeadlineName::SarDue | DeadlineName::SarExtendedDue
                ) =>
            {
                format!(
                    "Calendar months; a last day that is not a working day moves to the next working day on the {cal} calendar."
                )
            }
            Counting::Months => "Calendar months.".to_owned(),
            Counting::SetDate => "The date the letter set.".to_owned(),
        };
        format!("{}. {counting}", self.kind.meaning())
    }
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
    /// can say when and why a date moved (docs/deadline-rules.md §8, the Alaveteli #7292 lesson).
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

/// A deadline's status on `as_of`, with working and calendar days late (docs/deadline-rules.md §0:
/// lateness is the working days in the half-open interval (due, act]; a window that closes
/// unused has expired rather than being late).
pub(super) fn judge(
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
