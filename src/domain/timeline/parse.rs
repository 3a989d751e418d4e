//! Reading the public timeline JSON contract (and its dates and timestamps) into a
//! [`Timeline`](super::Timeline), refusing what is malformed with the event and the rule named.

use super::{Event, EventKind, Timeline, TimelineError, TribunalFields};
use crate::domain::deadline::DeadlineName;
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::tribunal::{
    Appellant, DirectedDue, Outcome, Stage, StepsPeriod, TribunalReference,
};
use chrono::{DateTime, NaiveDate};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    regime: String,
    events: Vec<serde_json::Value>,
    #[serde(default)]
    settings: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvent {
    kind: String,
    date: Option<String>,
    timestamp: Option<String>,
    sent: Option<String>,
    steps_period_days: Option<i64>,
    steps_ordered: Option<bool>,
    extension_granted: Option<bool>,
    tribunal_reference: Option<String>,
    appellant: Option<String>,
    outcome: Option<String>,
    decided: Option<String>,
    reasons_sent: Option<String>,
    substituted_steps: Option<serde_json::Value>,
    deadline: Option<String>,
    due: Option<String>,
    description: Option<String>,
    s53_certificate: Option<bool>,
    appellate_court: Option<String>,
    provisions: Option<serde_json::Value>,
}

/// Parses the timeline JSON contract into a timeline and its settings.
///
/// # Errors
/// A [`TimelineError`] naming the event and the rule for malformed JSON, unknown kinds or
/// fields, malformed dates, or an impossible order of events.
pub fn parse_timeline_json(input: &str) -> Result<(Timeline, ClockSettings), TimelineError> {
    let raw: RawInput = serde_json::from_str(input).map_err(|e| {
        TimelineError::new(
            None,
            "malformed_json",
            format!("the timeline is not valid JSON for this API: {e}"),
        )
    })?;
    let regime = Regime::from_slug(&raw.regime)
        .map_err(|m| TimelineError::new(None, "unknown_regime", m))?;
    let settings: ClockSettings = match raw.settings {
        None => ClockSettings::default(),
        Some(v) => serde_json::from_value(v)
            .map_err(|e| TimelineError::new(None, "bad_settings", format!("settings: {e}")))?,
    };
    settings.validate()?;
    let mut events = Vec::with_capacity(raw.events.len());
    for (index, value) in raw.events.into_iter().enumerate() {
        events.push(parse_event(index, value)?);
    }
    let timeline = Timeline::new(regime, events)?;
    Ok((timeline, settings))
}

/// Parses a calendar date written `YYYY-MM-DD`, the one date syntax of the timeline contract
/// and of request logs (shared so both read a date the same way). The common exact form is
/// read without chrono's format parser (the hot path of a million-row log); anything else is
/// left to chrono's `%Y-%m-%d`, so both doors accept and refuse the same texts.
#[must_use]
pub fn parse_calendar_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |s: &[u8]| -> Option<u32> {
            s.iter().try_fold(0u32, |acc, c| {
                c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(&b[0..4]), num(&b[5..7]), num(&b[8..10])) {
            // Four digits always fit an i32.
            return NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

fn parse_date(
    index: usize,
    kind: &str,
    field: &str,
    value: &str,
) -> Result<NaiveDate, TimelineError> {
    parse_calendar_date(value).ok_or_else(|| {
        TimelineError::new(
            Some(format!("events[{index}] {kind}")),
            "malformed_date",
            format!("{kind}: {field} \"{value}\" is not a date in the form YYYY-MM-DD"),
        )
    })
}

/// Converts an RFC 3339 timestamp to its Europe/London calendar date (docs/deadline-rules.md §1.3:
/// take the UK local date, not the UTC date).
///
/// # Errors
/// When the text is not an RFC 3339 timestamp.
pub fn london_date_of_timestamp(value: &str) -> Result<NaiveDate, String> {
    let instant = DateTime::parse_from_rfc3339(value).map_err(|_| {
        format!("\"{value}\" is not an RFC 3339 timestamp such as 2023-02-13T17:45:00Z")
    })?;
    Ok(crate::domain::london::london_date(instant.to_utc()))
}

/// Parses one event of the contract (`index` names it in errors).
///
/// # Errors
/// A [`TimelineError`] for unknown kinds or fields and malformed dates.
pub fn parse_event(index: usize, value: serde_json::Value) -> Result<Event, TimelineError> {
    let kind_text = value
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or("?")
        .to_owned();
    let at = || Some(format!("events[{index}] {kind_text}"));
    let raw: RawEvent = serde_json::from_value(value).map_err(|e| {
        TimelineError::new(
            at(),
            "malformed_event",
            format!("events[{index}] ({kind_text}): {e}"),
        )
    })?;
    let kind = EventKind::from_slug(&raw.kind).ok_or_else(|| {
        TimelineError::new(
            at(),
            "unknown_kind",
            format!(
                "events[{index}]: unknown event kind \"{}\"; known kinds are {}",
                raw.kind,
                EventKind::ALL.map(EventKind::slug).join(", ")
            ),
        )
    })?;
    let date = event_date(index, kind, &raw, at)?;
    let is_notice = kind == EventKind::DecisionNoticeIssued;
    if !is_notice
        && (raw.sent.is_some() || raw.steps_period_days.is_some() || raw.steps_ordered.is_some())
    {
        return Err(TimelineError::new(
            at(),
            "field_not_allowed",
            format!(
                "{kind}: sent, steps_period_days and steps_ordered belong to decision_notice_issued only"
            ),
        ));
    }
    check_fields_belong(kind, &raw)
        .map_err(|m| TimelineError::new(at(), "field_not_allowed", m))?;
    let tribunal = tribunal_fields(index, kind, &raw)?;
    let sent = raw
        .sent
        .as_deref()
        .map(|s| parse_date(index, kind.slug(), "sent", s))
        .transpose()?;
    let steps_period_days = match raw.steps_period_days {
        None => None,
        Some(n) if (1..=365).contains(&n) => Some(n as u32),
        Some(n) => {
            return Err(TimelineError::new(
                at(),
                "bad_steps_period",
                format!("{kind}: steps_period_days must be between 1 and 365, not {n}"),
            ));
        }
    };
    Ok(Event {
        kind,
        date,
        sent,
        steps_period_days,
        steps_ordered: raw.steps_ordered.unwrap_or(false),
        extension_granted: raw.extension_granted.unwrap_or(false),
        at: raw
            .timestamp
            .as_deref()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.naive_utc()),
        tribunal,
    })
}

/// The Europe/London date of an event given as a date or as a timestamp (one, not both); `at`
/// names the event in errors.
fn event_date(
    index: usize,
    kind: EventKind,
    raw: &RawEvent,
    at: impl Fn() -> Option<String>,
) -> Result<NaiveDate, TimelineError> {
    match (&raw.date, &raw.timestamp) {
        (Some(d), None) => parse_date(index, kind.slug(), "date", d),
        (None, Some(t)) => london_date_of_timestamp(t).map_err(|m| {
            TimelineError::new(
                at(),
                "malformed_timestamp",
                format!("{kind}: timestamp {m}"),
            )
        }),
        (Some(_), Some(_)) => Err(TimelineError::new(
            at(),
            "date_and_timestamp",
            format!("{kind}: give either a date or a timestamp, not both"),
        )),
        (None, None) => Err(TimelineError::new(
            at(),
            "missing_date",
            format!("{kind}: a date (YYYY-MM-DD) or a timestamp is required"),
        )),
    }
}

/// Refuses a field on an event it does not belong to.
fn check_fields_belong(kind: EventKind, raw: &RawEvent) -> Result<(), String> {
    use EventKind as K;
    let decision = kind.is_decision();
    #[rustfmt::skip]
    let fields: [(&str, bool, bool, &str); 13] = [
        ("extension_granted", raw.extension_granted.is_some(), kind == K::AppealLodged, "appeal_lodged"),
        ("tribunal_reference", raw.tribunal_reference.is_some(), kind == K::AppealLodged, "appeal_lodged"),
        ("appellant", raw.appellant.is_some(), kind == K::AppealLodged, "appeal_lodged"),
        ("outcome", raw.outcome.is_some(), decision, "the tribunals' decisions"),
        ("decided", raw.decided.is_some(), decision, "the tribunals' decisions"),
        ("reasons_sent", raw.reasons_sent.is_some(), decision, "the tribunals' decisions"),
        ("substituted_steps", raw.substituted_steps.is_some(), decision, "the tribunals' decisions"),
        ("provisions", raw.provisions.is_some(), decision, "the tribunals' decisions"),
        ("deadline", raw.deadline.is_some(), kind == K::DirectionGiven, "direction_given"),
        ("due", raw.due.is_some(), kind == K::DirectionGiven, "direction_given"),
        ("description", raw.description.is_some(), kind == K::DirectionGiven, "direction_given"),
        ("s53_certificate", raw.s53_certificate.is_some(), kind == K::DecisionNoticeIssued, "decision_notice_issued"),
        ("appellate_court", raw.appellate_court.is_some(), kind == K::UpperTribunalDecisionSent, "upper_tribunal_decision_sent"),
    ];
    match fields
        .iter()
        .find(|(_, present, allowed, _)| *present && !*allowed)
    {
        Some((field, _, _, owner)) => Err(format!("{kind}: {field} belongs to {owner} only")),
        None => Ok(()),
    }
}

/// Long because it reads each of the appeal fields in turn, one short step per field.
/// The appeal fields of an event, parsed into their domain types.
fn tribunal_fields(
    index: usize,
    kind: EventKind,
    raw: &RawEvent,
) -> Result<TribunalFields, TimelineError> {
    let at = || Some(format!("events[{index}] {kind}"));
    let bad =
        |rule: &'static str, m: String| TimelineError::new(at(), rule, format!("{kind}: {m}"));
    let date = |field: &str, v: &Option<String>| {
        v.as_deref()
            .map(|s| parse_date(index, kind.slug(), field, s))
            .transpose()
    };
    let outcome = raw
        .outcome
        .as_deref()
        .map(Outcome::from_slug)
        .transpose()
        .map_err(|m| bad("unknown_outcome", format!("outcome {m}")))?;
    let substituted_steps = raw
        .substituted_steps
        .as_ref()
        .map(parse_steps_period)
        .transpose()
        .map_err(|m| bad("bad_substituted_steps", m))?;
    if substituted_steps.is_some()
        && !matches!(
            outcome,
            Some(Outcome::Allowed | Outcome::AllowedInPart | Outcome::ConsentOrder)
        )
    {
        return Err(bad(
            "steps_without_substitution",
            "substituted_steps come only with an outcome of allowed, allowed_in_part or consent_order".to_owned(),
        ));
    }
    let provision_outcomes = raw
        .provisions
        .as_ref()
        .map(|v| provision_outcomes(v, outcome))
        .transpose()
        .map_err(|m| bad("bad_provisions", m))?
        .unwrap_or_default();
    let (deadline, due) = direction_fields(kind, raw, &bad)?;
    let description = raw.description.as_deref().map(str::trim).map(str::to_owned);
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 500)
    {
        return Err(bad(
            "description_too_long",
            "the description is at most 500 characters".to_owned(),
        ));
    }
    Ok(TribunalFields {
        tribunal_reference: raw
            .tribunal_reference
            .as_deref()
            .map(TribunalReference::parse)
            .transpose()
            .map_err(|m| bad("bad_tribunal_reference", m))?,
        appellant: raw
            .appellant
            .as_deref()
            .map(Appellant::from_slug)
            .transpose()
            .map_err(|m| bad("unknown_appellant", format!("appellant {m}")))?,
        outcome,
        decided: date("decided", &raw.decided)?,
        reasons_sent: date("reasons_sent", &raw.reasons_sent)?,
        substituted_steps,
        deadline,
        due,
        description,
        s53_certificate: raw.s53_certificate.unwrap_or(false),
        provision_outcomes,
        appellate_court: raw
            .appellate_court
            .as_deref()
            .map(appellate_court)
            .transpose()
            .map_err(|m| bad("unknown_appellate_court", m))?,
    })
}

/// A decision's outcome per provision (`[{"provision": "s40(2)", "outcome": "allowed"}]`): only
/// for an appeal allowed in part, each provision once.
fn provision_outcomes(
    value: &serde_json::Value,
    outcome: Option<Outcome>,
) -> Result<Vec<crate::domain::tribunal::ProvisionOutcome>, String> {
    if outcome != Some(Outcome::AllowedInPart) {
        return Err("provisions come only with an outcome of allowed_in_part".to_owned());
    }
    let list: Vec<crate::domain::tribunal::ProvisionOutcome> =
        serde_json::from_value(value.clone()).map_err(|e| {
            format!(
                "provisions: a list of {{\"provision\": \"s40(2)\", \"outcome\": \"allowed\" or \"dismissed\"}}: {e}"
            )
        })?;
    if list.is_empty() {
        return Err("provisions: give at least one provision and its outcome".to_owned());
    }
    for (i, p) in list.iter().enumerate() {
        if list[..i].iter().any(|q| q.provision == p.provision) {
            return Err(format!("provisions: {} is given twice", p.provision));
        }
    }
    Ok(list)
}

/// The court an appeal from the Upper Tribunal goes to (TCEA 2007 s13(11)-(13)).
fn appellate_court(text: &str) -> Result<Stage, String> {
    match Stage::from_slug(text) {
        Ok(s @ (Stage::CourtOfAppeal | Stage::CourtOfSession)) => Ok(s),
        _ => Err(format!(
            "appellate_court \"{text}\" is not a court an appeal from the Upper Tribunal goes to: use court_of_appeal or court_of_session"
        )),
    }
}

/// A direction's deadline (one the tribunal sets) and its new due date, both required on
/// `direction_given` (GRC rules 5 and 6).
fn direction_fields(
    kind: EventKind,
    raw: &RawEvent,
    bad: &dyn Fn(&'static str, String) -> TimelineError,
) -> Result<(Option<DeadlineName>, Option<DirectedDue>), TimelineError> {
    let deadline = raw
        .deadline
        .as_deref()
        .map(|d| {
            DeadlineName::from_slug(d)
                .filter(|n| n.is_directed_by_tribunal())
                .ok_or_else(|| {
                    bad(
                        "not_a_tribunal_deadline",
                        format!(
                            "deadline \"{d}\" is not one the tribunal sets; use one of {}",
                            DeadlineName::ALL
                                .iter()
                                .filter(|n| n.is_directed_by_tribunal())
                                .map(|n| n.slug())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
        })
        .transpose()?;
    let due = raw
        .due
        .as_deref()
        .map(|d| {
            DirectedDue::parse(d).ok_or_else(|| {
                bad(
                    "malformed_date",
                    format!("due \"{d}\" is not a date (YYYY-MM-DD) or a London date and time (YYYY-MM-DDTHH:MM)"),
                )
            })
        })
        .transpose()?;
    if kind == EventKind::DirectionGiven && (deadline.is_none() || due.is_none()) {
        return Err(bad(
            "direction_incomplete",
            "give the deadline the direction replaces and its new due date".to_owned(),
        ));
    }
    Ok((deadline, due))
}

/// `{"days_from_decision": 35}`, `{"days_from_sent": 42}` or `{"by": "2023-10-31T16:00"}`.
fn parse_steps_period(value: &serde_json::Value) -> Result<StepsPeriod, String> {
    let help = "substituted_steps is {\"days_from_decision\": N}, {\"days_from_sent\": N} or {\"by\": \"YYYY-MM-DDTHH:MM\"}";
    let obj = value.as_object().filter(|o| o.len() == 1).ok_or(help)?;
    let (key, v) = obj.iter().next().ok_or(help)?;
    let days = || {
        v.as_u64()
            .filter(|n| (1..=365).contains(n))
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| format!("{key} must be a number of days between 1 and 365"))
    };
    match key.as_str() {
        "days_from_decision" => Ok(StepsPeriod::DaysFromDecision(days()?)),
        "days_from_sent" => Ok(StepsPeriod::DaysFromSent(days()?)),
        "by" => v
            .as_str()
            .and_then(DirectedDue::parse)
            .and_then(|d| d.time.map(|t| StepsPeriod::By(d.date.and_time(t))))
            .ok_or_else(|| {
                "substituted_steps by needs the date and the London time the notice gives, e.g. \"2023-10-31T16:00\"".to_owned()
            }),
        _ => Err(help.to_owned()),
    }
}
