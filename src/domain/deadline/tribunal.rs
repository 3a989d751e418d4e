//! The clocks of an appeal against a decision notice: the tribunals' own time limits (each
//! rolled by rule 12 and due by 5pm), tribunal directions replacing them, the course of the
//! appeal (when it was pending, how it ended) that FOIA s50(6) and s53 depend on, and the s53
//! certificate window. Rules and sources: `docs/deadline-rules.md` §9.

use super::{Evaluator, Spec};
use crate::domain::calendar::{OutOfRange, SkippedDay};
use crate::domain::deadline::{DeadlineKind, DeadlineName, Status};
use crate::domain::london::london_local;
use crate::domain::timeline::{Event, EventKind, human_date};
use crate::domain::tribunal::{Stage, five_pm};
use chrono::{Days, Duration, Months, NaiveDate, NaiveDateTime, NaiveTime};

/// How a tribunal period is measured.
#[derive(Clone, Copy)]
enum Period {
    /// Calendar days after the trigger.
    Days(u64),
    /// Months to the corresponding date (or the month's last day where there is none).
    Months(u32),
}

/// One row of the tribunals' clocks: what starts it, what meets it, how long, and the source.
struct StageRule {
    starts: &'static [EventKind],
    name: DeadlineName,
    met_by: EventKind,
    period: Period,
    kind: DeadlineKind,
    basis: &'static str,
    after: &'static str,
    /// For the permission to appeal from the Upper Tribunal: the court it is asked for (the
    /// other court's row gives way to it).
    court: Option<Stage>,
}

const DECISIONS_FTT: &[EventKind] = &[EventKind::TribunalDecisionSent, EventKind::AppealDetermined];

/// The table of the issue, each limit checked against the rules' text (see the basis).
const STAGES: [StageRule; 8] = [
    // GRC Rules 2009 (SI 2009/1976) r23(1): the respondent's response within 28 days (the
    // shared notes, tribunal-rules.md, read the trigger as the tribunal sending the notice of
    // appeal; the notice is sent and received the same day by email in practice).
    StageRule {
        starts: &[EventKind::NoticeOfAppealSent],
        name: DeadlineName::CommissionerResponseDue,
        met_by: EventKind::CommissionerResponseSent,
        period: Period::Days(28),
        kind: DeadlineKind::Duty,
        basis: "GRC Rules 2009 r23(1), r12: the Commissioner's response within 28 days of the notice of appeal, by 5pm",
        after: "the tribunal sent the notice of appeal",
        court: None,
    },
    // GRC r24: the appellant may reply within 14 days after the response was sent.
    StageRule {
        starts: &[EventKind::CommissionerResponseSent],
        name: DeadlineName::AppellantReplyDue,
        met_by: EventKind::AppellantReplySent,
        period: Period::Days(14),
        kind: DeadlineKind::Window,
        basis: "GRC Rules 2009 r24, r12: the appellant may reply within 14 days of the response being sent, by 5pm",
        after: "the Commissioner sent its response",
        court: None,
    },
    // GRC r41(3) (verified, legislation.gov.uk/uksi/2009/1976/part/4): "received no later than
    // 28 days after the date on which the Tribunal sent notice of the decision to the party".
    StageRule {
        starts: DECISIONS_FTT,
        name: DeadlineName::SetAsideApplicationDue,
        met_by: EventKind::SetAsideApplied,
        period: Period::Days(28),
        kind: DeadlineKind::Window,
        basis: "GRC Rules 2009 r41(3), r12: an application to set the decision aside within 28 days of the decision being sent, by 5pm",
        after: "the tribunal sent its decision",
        court: None,
    },
    // GRC r42: permission to appeal within 28 days of the later of the decision and written
    // reasons being sent (tribunal-rules.md; late applications r42(4)).
    StageRule {
        starts: DECISIONS_FTT,
        name: DeadlineName::PermissionToAppealDue,
        met_by: EventKind::PermissionToAppealApplied,
        period: Period::Days(28),
        kind: DeadlineKind::Window,
        basis: "GRC Rules 2009 r42, r12: permission to appeal to the Upper Tribunal asked of the First-tier Tribunal within 28 days of its written reasons being sent, by 5pm",
        after: "the tribunal sent its decision and reasons",
        court: None,
    },
    // UT Rules 2008 (SI 2008/2698) r21(3)(b) (verified): "a month after the date on which the
    // tribunal that made the decision under challenge sent notice of its refusal of permission".
    StageRule {
        starts: &[EventKind::PermissionRefused],
        name: DeadlineName::UpperTribunalPermissionDue,
        met_by: EventKind::UpperTribunalPermissionApplied,
        period: Period::Months(1),
        kind: DeadlineKind::Window,
        basis: "UT Rules 2008 r21(3)(b), r12: permission asked of the Upper Tribunal within a month of the refusal being sent, by 5pm",
        after: "the First-tier Tribunal sent its refusal of permission",
        court: None,
    },
    // UT r44(4) (verified): "within 1 month after the latest of the dates on which the Upper
    // Tribunal sent ... written reasons for the decision" (or amended reasons, or a failed
    // set-aside).
    StageRule {
        starts: &[EventKind::UpperTribunalDecisionSent],
        name: DeadlineName::CourtOfAppealPermissionDue,
        met_by: EventKind::CourtOfAppealPermissionApplied,
        period: Period::Months(1),
        kind: DeadlineKind::Window,
        basis: "UT Rules 2008 r44(4), r12: permission to appeal to the Court of Appeal asked of the Upper Tribunal within a month of its written reasons being sent, by 5pm",
        after: "the Upper Tribunal sent its decision and reasons",
        court: Some(Stage::CourtOfAppeal),
    },
    // The same limit where the Court of Session is the appellate court (TCEA 2007 s13(11)-(13):
    // the Upper Tribunal specifies it, for proceedings in Scotland). UT r44(4) (verified,
    // legislation.gov.uk/uksi/2008/2698/rule/44): "within 1 month after the latest of the dates
    // on which the Upper Tribunal sent" the written reasons, amended reasons after a review, or
    // notice that a set-aside failed; r44(3)'s 3 months is for social security, war pensions
    // and forfeiture cases only, and r44(3A)-(3B) for immigration, so neither applies here.
    StageRule {
        starts: &[EventKind::UpperTribunalDecisionSent],
        name: DeadlineName::CourtOfSessionPermissionDue,
        met_by: EventKind::CourtOfSessionPermissionApplied,
        period: Period::Months(1),
        kind: DeadlineKind::Window,
        basis: "UT Rules 2008 r44(4), r12; TCEA 2007 s13(11)-(13): permission to appeal to the Court of Session asked of the Upper Tribunal within a month of its written reasons being sent, by 5pm",
        after: "the Upper Tribunal sent its decision and reasons",
        court: Some(Stage::CourtOfSession),
    },
    // UT Rules 2008 r24(2)(b) (verified, legislation.gov.uk/uksi/2008/2698/rule/24): a response
    // "received ... no later than 1 month after the date on which the Upper Tribunal sent a copy
    // of the notice of appeal to the respondent" (r24(2)(a): where the application for
    // permission stands as the notice of appeal, 1 month after the notice that permission was
    // granted was sent; record that notice as this event). A respondent "may" respond (r24(1A))
    // and must where r24(1B) applies, so a window.
    StageRule {
        starts: &[EventKind::UpperTribunalNoticeOfAppealSent],
        name: DeadlineName::UpperTribunalResponseDue,
        met_by: EventKind::UpperTribunalResponseSent,
        period: Period::Months(1),
        kind: DeadlineKind::Window,
        basis: "UT Rules 2008 r24(2), r12: a respondent's response received by the Upper Tribunal within a month of it sending the notice of appeal, by 5pm",
        after: "the Upper Tribunal sent the notice of appeal",
        court: None,
    },
];

/// The court a further appeal from an Upper Tribunal decision goes to: as the decision says
/// (`appellate_court`), else the Court of Session when permission was asked for it, else the
/// Court of Appeal.
fn appellate_court(decision: &Event, events: &[Event]) -> Stage {
    decision.tribunal.appellate_court.unwrap_or_else(|| {
        let asked_of_session = events.iter().any(|e| {
            e.kind == EventKind::CourtOfSessionPermissionApplied && e.date >= decision.date
        });
        if asked_of_session {
            Stage::CourtOfSession
        } else {
            Stage::CourtOfAppeal
        }
    })
}

/// What meets a deadline a direction may replace.
fn met_by(name: DeadlineName) -> Option<EventKind> {
    if name == DeadlineName::AppealLastDay {
        return Some(EventKind::AppealLodged);
    }
    STAGES.iter().find(|s| s.name == name).map(|s| s.met_by)
}

/// The course of the appeals against a notice: each time one was pending, and the decisions.
#[derive(Debug, Default)]
pub(super) struct Course {
    /// Each time an appeal (or a further appeal) was pending: from, until (none: still pending).
    pub pending: Vec<(NaiveDate, Option<NaiveDate>)>,
    /// The last First-tier decision.
    pub first_tier: Option<Event>,
    /// The last decision (at any level) that gave a substituted notice's steps.
    pub substituted: Option<Event>,
}

impl Course {
    /// Walks the events: an appeal or an application for permission starts a pending time
    /// (FOIA s53(4)(b): "the appeal (or any further appeal arising out of it)"); a decision that
    /// disposes of it, or a refusal of permission, ends it; a decision set aside or remitted
    /// does not.
    pub(super) fn of(events: &[Event]) -> Course {
        use EventKind as K;
        let mut course = Course::default();
        let mut open: Option<NaiveDate> = None;
        for e in events {
            match e.kind {
                K::AppealLodged
                | K::PermissionToAppealApplied
                | K::UpperTribunalPermissionApplied
                | K::CourtOfAppealPermissionApplied
                | K::CourtOfSessionPermissionApplied => {
                    open.get_or_insert(e.date);
                }
                k if k.is_decision() || k == K::PermissionRefused => {
                    if e.tribunal.outcome.is_none_or(|o| o.ends_appeal())
                        && let Some(from) = open.take()
                    {
                        course.pending.push((from, Some(e.date)));
                    }
                    if DECISIONS_FTT.contains(&k) {
                        course.first_tier = Some(e.clone());
                        course.substituted = None;
                    }
                    if k.is_decision() && e.tribunal.substituted_steps.is_some() {
                        course.substituted = Some(e.clone());
                    }
                }
                _ => {}
            }
        }
        if let Some(from) = open {
            course.pending.push((from, None));
        }
        course
    }

    /// The day an appeal began pending, when one is pending now.
    pub(super) fn pending_since(&self) -> Option<NaiveDate> {
        match self.pending.last() {
            Some((from, None)) => Some(*from),
            _ => None,
        }
    }

    /// The day the last appeal ended (determined or withdrawn).
    pub(super) fn ended_on(&self) -> Option<NaiveDate> {
        self.pending.last().and_then(|(_, until)| *until)
    }

    /// The days appeals were pending, all told (closed times only).
    pub(super) fn days_pending(&self) -> i64 {
        self.pending
            .iter()
            .filter_map(|(from, until)| until.map(|u| (u - *from).num_days()))
            .sum()
    }
}

impl Evaluator<'_> {
    /// The last day of a tribunal period from `from`, rolled to a working day on the tribunal
    /// calendar (GRC r12(2), UT r12(2)), with the days skipped by the roll.
    fn tribunal_last_day(
        &self,
        from: NaiveDate,
        period: Period,
    ) -> Result<(NaiveDate, Vec<SkippedDay>), OutOfRange> {
        let end = match period {
            Period::Days(n) => from.checked_add_days(Days::new(n)),
            // chrono clamps to the month's last day: 31 January + 1 month is 29 February in a
            // leap year, the "corresponding date" rule (tribunal-rules.md).
            Period::Months(n) => from.checked_add_months(Months::new(n)),
        }
        .ok_or(OutOfRange { date: from })?;
        self.rolled(end)
    }

    /// A last day rolled forward past non-working days (rule 12(2)), with those days.
    fn rolled(&self, end: NaiveDate) -> Result<(NaiveDate, Vec<SkippedDay>), OutOfRange> {
        let cal = self.calendars.get(self.settings.tribunal_calendar);
        let last = cal.roll_forward(end)?;
        Ok((last, cal.skipped_between(end - Duration::days(1), last)))
    }

    /// Pushes a deadline due by a time of day on its last day: an act whose timestamp is later
    /// that day is late, by the minutes after the time (rule 12(1)); an act recorded with a
    /// date only is taken as done in time on that day.
    pub(super) fn push_timed(
        &mut self,
        spec: Spec,
        met_at: Option<NaiveDateTime>,
        by: NaiveTime,
    ) -> Result<(), OutOfRange> {
        self.push(spec)?;
        let Some(d) = self.deadlines.last_mut() else {
            return Ok(());
        };
        d.by_time = Some(by);
        if let (Some(at), Some(date)) = (met_at, d.date) {
            let local = london_local(at.and_utc());
            let due_at = date.and_time(by);
            if local > due_at {
                d.status = Status::MetLate;
                d.minutes_late = Some((local - due_at).num_minutes());
            }
        }
        Ok(())
    }

    /// The act that meets a deadline: the first of its kind on or after the start.
    fn first_act(
        &self,
        kind: EventKind,
        from: NaiveDate,
    ) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
        self.timeline
            .first_on_or_after(kind, from)
            .map(|e| (e.date, e.at))
    }

    /// Every deadline of the tribunals' table whose trigger is on the timeline (the latest
    /// trigger of each: a remitted appeal is decided again).
    pub(super) fn tribunal_stages(&mut self) -> Result<(), OutOfRange> {
        for stage in &STAGES {
            let Some(trigger) = self
                .timeline
                .events
                .iter()
                .rev()
                .find(|e| stage.starts.contains(&e.kind))
                .cloned()
            else {
                continue;
            };
            if stage
                .court
                .is_some_and(|c| c != appellate_court(&trigger, &self.timeline.events))
            {
                continue;
            }
            // No set-aside or further appeal from a withdrawal or from a decision itself set
            // aside: nothing was decided that could be challenged.
            if stage.starts == DECISIONS_FTT
                && trigger
                    .tribunal
                    .outcome
                    .is_some_and(|o| matches!(o, crate::domain::tribunal::Outcome::Withdrawn))
            {
                continue;
            }
            let from = if stage.name == DeadlineName::SetAsideApplicationDue {
                trigger.date
            } else {
                trigger
                    .tribunal
                    .reasons_sent
                    .map_or(trigger.date, |r| r.max(trigger.date))
            };
            let (last, skipped) = self.tribunal_last_day(from, stage.period)?;
            let act = self.first_act(stage.met_by, trigger.date);
            let measure = match stage.period {
                Period::Days(n) => format!("{n} calendar days"),
                Period::Months(1) => "one month".to_owned(),
                Period::Months(n) => format!("{n} months"),
            };
            self.push_timed(
                Spec {
                    name: stage.name,
                    kind: stage.kind,
                    date: last,
                    basis: stage.basis.to_owned(),
                    rule: format!("{measure} after {} on {}", stage.after, human_date(from)),
                    met_on: act.map(|a| a.0),
                    calendar: self.settings.tribunal_calendar,
                    skipped,
                    note: None,
                },
                act.and_then(|a| a.1),
                five_pm(),
            )?;
        }
        Ok(())
    }

    /// Tribunal directions (GRC r5(3)(a), r6): each replaces the named deadline's date (rolled
    /// by rule 12(2), due by 5pm or the time directed); the rules' date is kept in the note.
    pub(super) fn directions(&mut self) -> Result<(), OutOfRange> {
        let directions: Vec<Event> = self
            .timeline
            .all(EventKind::DirectionGiven)
            .cloned()
            .collect();
        for dir in directions {
            let (Some(name), Some(due)) = (dir.tribunal.deadline, dir.tribunal.due) else {
                continue;
            };
            let Some(met_kind) = met_by(name) else {
                continue;
            };
            let previous = self
                .deadlines
                .iter()
                .rposition(|d| d.name == name)
                .map(|i| self.deadlines.remove(i));
            let (last, skipped) = self.rolled(due.date)?;
            let act = match &previous {
                Some(p) => p.met_on.map(|m| {
                    let at = self
                        .timeline
                        .all(met_kind)
                        .find(|e| e.date == m)
                        .and_then(|e| e.at);
                    (m, at)
                }),
                None => self.first_act(met_kind, dir.date),
            };
            let history = match &previous {
                Some(p)
                    if p.note
                        .as_deref()
                        .is_some_and(|n| n.starts_with("The rules gave")) =>
                {
                    p.note.clone().unwrap_or_default()
                }
                Some(p) => format!(
                    "The rules gave {} ({}).",
                    p.date.map_or_else(|| "no date yet".to_owned(), human_date),
                    p.rule
                ),
                None => "The rules' date was not yet running.".to_owned(),
            };
            let what = dir
                .tribunal
                .description
                .clone()
                .filter(|d| !d.is_empty())
                .unwrap_or_else(|| "a new date".to_owned());
            let by = due.time.unwrap_or_else(five_pm);
            self.push_timed(
                Spec {
                    name,
                    kind: previous.as_ref().map_or(DeadlineKind::Duty, |p| p.kind),
                    date: last,
                    basis: "GRC Rules 2009 r5(3)(a) and r6: a tribunal direction replaces the rules' time; r12 applies to it".to_owned(),
                    rule: format!(
                        "directed by the tribunal on {}: {what}, by {} on {}",
                        human_date(dir.date),
                        by.format("%-I:%M%P"),
                        human_date(due.date)
                    ),
                    met_on: act.map(|a| a.0),
                    calendar: self.settings.tribunal_calendar,
                    skipped,
                    note: Some(format!(
                        "{history} Replaced by the tribunal's direction of {}.",
                        human_date(dir.date)
                    )),
                },
                act.and_then(|a| a.1),
                by,
            )?;
        }
        Ok(())
    }

    /// FOIA s53(2): a certificate no later than the twentieth working day after the effective
    /// date, which s53(4) makes the day the notice was given or, if an appeal is brought, the
    /// day the appeal (or any further appeal arising out of it) is determined or withdrawn.
    /// Only for authorities s53(1)(a) names (government departments, the Welsh Government,
    /// designated authorities), marked on the notice as `s53_certificate`.
    pub(super) fn s53_window(&mut self, notice: &Event, course: &Course) -> Result<(), OutOfRange> {
        if !notice.tribunal.s53_certificate || self.timeline.regime.is_scottish() {
            return Ok(());
        }
        let name = DeadlineName::S53CertificateDue;
        let basis = "FOIA s53(2) and s53(4) (working days as in s10(6)); EIR reg 18(6)".to_owned();
        if let Some(since) = course.pending_since() {
            self.push_undated(
                name,
                Status::Suspended,
                basis,
                format!(
                    "Not running: an appeal has been pending since {}; the 20 working days run from the day it is determined or withdrawn (FOIA s53(4)(b))",
                    human_date(since)
                ),
            );
            return Ok(());
        }
        let (effective, why) = match course.ended_on() {
            Some(end) => (end, format!("the appeal ended on {}", human_date(end))),
            None => (
                notice.date,
                format!("the notice was given on {}", human_date(notice.date)),
            ),
        };
        let due = self.cal().add_working_days(effective, 20)?;
        let given = self
            .timeline
            .first_on_or_after(EventKind::MinisterialCertificateGiven, notice.date)
            .map(|e| e.date);
        self.push(Spec {
            name,
            kind: DeadlineKind::Window,
            date: due,
            basis,
            rule: format!("the 20th working day after the effective date: {why}"),
            met_on: given,
            calendar: self.timeline.regime.calendar(),
            skipped: self.cal().skipped_between(effective, due),
            note: None,
        })
    }
}
