//! The appeal's commands: opening an appeal on a case's issued notice (or moving it up a
//! stage), recording its stages as clock events of the case, and the record-only changes (the
//! Commissioner's stance, a party joined, the hearing, closed material). Each is checked here:
//! who may make it (managers and the case's officer: [`Case::may_change`]), whether the notice
//! was issued, whether the event fits the stage. Nothing here stores anything.

use super::{Appeal, AppealStatus, Hearing, Party, PartyRole, Stance};
use crate::domain::case::{Case, CaseError, EventDetails, EventInput, LoggedEvent};
use crate::domain::deadline::DeadlineName;
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::staff::Actor;
use crate::domain::timeline::{EventKind, TribunalFields, human_date};
use crate::domain::tribunal::{Appellant, Outcome, Stage, TribunalReference};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

/// An appeal to open, parsed at the edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAppeal {
    /// The tribunal's reference (its pattern gives the stage).
    pub reference: TribunalReference,
    /// Who appealed.
    pub appellant: Appellant,
    /// The date the court or tribunal received it (Europe/London).
    pub date: NaiveDate,
    /// The instant it was received, when known (UTC): GRC r12's 5pm.
    pub timestamp: Option<NaiveDateTime>,
    /// The tribunal extended time for a late appeal (GRC r5(3)(a)).
    pub extension_granted: bool,
    /// The proceeding it moves up from.
    pub parent_id: Option<i64>,
}

/// A change to an appeal's record that is not a clock event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordChange {
    /// The Commissioner's stance from a date.
    Stance(Stance),
    /// A party joined (GRC rule 9) on the change's date.
    PartyJoined(Party),
    /// How it is heard, and the hearing date once listed.
    Hearing(Hearing, Option<NaiveDate>),
    /// Closed material under GRC rule 14 (or no longer).
    ClosedMaterial(bool),
}

/// A change asked of an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppealChange {
    /// A stage of the appeal: a clock event recorded on the case.
    Stage(EventInput),
    /// A change of its record, dated.
    Record(RecordChange, NaiveDate),
}

impl AppealChange {
    /// The audit action.
    #[must_use]
    pub fn audit_action(&self) -> String {
        match self {
            AppealChange::Stage(e) => format!("appeal.event.{}", e.kind.slug()),
            AppealChange::Record(RecordChange::Stance(_), _) => "appeal.stance".to_owned(),
            AppealChange::Record(RecordChange::PartyJoined(_), _) => "appeal.party".to_owned(),
            AppealChange::Record(RecordChange::Hearing(..), _) => "appeal.hearing".to_owned(),
            AppealChange::Record(RecordChange::ClosedMaterial(_), _) => {
                "appeal.closed_material".to_owned()
            }
        }
    }
}

fn bad(rule: &str, message: impl Into<String>) -> CaseError {
    CaseError::invalid(rule, message)
}

fn require_change(case: &Case, actor: &Actor) -> Result<(), CaseError> {
    if case.may_change(actor) {
        Ok(())
    } else {
        Err(CaseError::Refused(format!(
            "case {} is not allocated to you; only its officer or a manager may record its appeals",
            case.header().reference
        )))
    }
}

/// The event a stage's appeal is brought with: an appeal to the First-tier Tribunal, or an
/// application for permission to the Upper Tribunal or beyond.
fn opening_kind(stage: Stage) -> EventKind {
    match stage {
        Stage::FirstTier => EventKind::AppealLodged,
        Stage::UpperTribunal => EventKind::UpperTribunalPermissionApplied,
        Stage::CourtOfAppeal => EventKind::CourtOfAppealPermissionApplied,
        Stage::CourtOfSession => EventKind::CourtOfSessionPermissionApplied,
    }
}

/// Checks an appeal may be opened: the actor may change the case, the case's decision notice
/// was issued, and an appeal that moves up follows one of the stage below on the same case.
///
/// # Errors
/// Refused (not the case's officer or a manager); conflict (no issued notice); invalid (a
/// stage out of order, a duplicate First-tier appeal while one is open). The service loads the
/// parent from the same case.
pub fn check_open(
    case: &Case,
    actor: &Actor,
    open: &OpenAppeal,
    parent: Option<&Appeal>,
    open_first_tier: Option<&Appeal>,
) -> Result<(), CaseError> {
    require_change(case, actor)?;
    let issued = case
        .effective()
        .iter()
        .any(|e| e.kind == CaseEventKind::Clock(EventKind::DecisionNoticeIssued));
    if !issued {
        return Err(CaseError::Conflict(format!(
            "case {} has no issued decision notice: an appeal challenges an issued notice, so \
             issue the notice first",
            case.header().reference
        )));
    }
    super::closure::check(&case.header().reference, &case.effective(), open.date)?;
    let stage = open.reference.stage();
    let below = match stage {
        Stage::FirstTier => None,
        Stage::UpperTribunal => Some(Stage::FirstTier),
        Stage::CourtOfAppeal | Stage::CourtOfSession => Some(Stage::UpperTribunal),
    };
    match (below, parent) {
        (None, Some(_)) => Err(bad(
            "parent_not_allowed",
            "an appeal to the First-tier Tribunal starts the chain: it moves up from nothing",
        )),
        (None, None) => match open_first_tier {
            Some(a) => Err(bad(
                "appeal_already_open",
                format!(
                    "appeal {} is still open on this case; record a second appellant on it rather than a new appeal",
                    a.reference.as_str()
                ),
            )),
            None => Ok(()),
        },
        (Some(want), None) => Err(bad(
            "parent_required",
            format!(
                "an appeal to the {} moves up from the case's {} appeal: give its parent_id",
                stage.label(),
                want.label()
            ),
        )),
        (Some(want), Some(p)) if p.stage != want => Err(bad(
            "parent_wrong_stage",
            format!(
                "an appeal to the {} moves up from a {} appeal on the same case, not from {}",
                stage.label(),
                want.label(),
                p.reference.as_str()
            ),
        )),
        (Some(_), Some(_)) => Ok(()),
    }
}

/// The case event that opens the appeal `appeal_id`.
#[must_use]
pub fn opening_event(open: &OpenAppeal, appeal_id: i64) -> EventInput {
    let stage = open.reference.stage();
    let first_tier = stage == Stage::FirstTier;
    EventInput {
        kind: CaseEventKind::Clock(opening_kind(stage)),
        date: open.date,
        timestamp: open.timestamp,
        details: EventDetails {
            extension_granted: open.extension_granted && first_tier,
            appeal_id: Some(appeal_id),
            tribunal: TribunalFields {
                tribunal_reference: first_tier.then(|| open.reference.clone()),
                appellant: first_tier.then_some(open.appellant),
                ..TribunalFields::default()
            },
            ..EventDetails::default()
        },
    }
}

/// Checks a stage recorded on an appeal: the actor may change the case, the event is a stage
/// of an appeal (not its opening, which [`check_open`] makes) and fits the appeal's court.
///
/// # Errors
/// Refused; invalid naming the rule.
pub fn check_change(
    case: &Case,
    actor: &Actor,
    appeal: &Appeal,
    change: &AppealChange,
    today: NaiveDate,
) -> Result<(), CaseError> {
    require_change(case, actor)?;
    let (AppealChange::Stage(EventInput { date, .. }) | AppealChange::Record(_, date)) = change;
    if *date > today {
        return Err(bad(
            "event_in_future",
            format!(
                "{} is after today ({}): record it once it has happened",
                human_date(*date),
                human_date(today)
            ),
        ));
    }
    let AppealChange::Stage(event) = change else {
        return Ok(());
    };
    let CaseEventKind::Clock(kind) = event.kind else {
        return Err(bad("not_an_appeal_event", "record this on the case"));
    };
    if !kind.is_appeal() || kind == opening_kind(appeal.stage) || kind == EventKind::AppealLodged {
        return Err(bad(
            "not_an_appeal_stage",
            format!(
                "{} is not a stage to record on an appeal; an appeal is opened with POST /api/v1/cases/{{reference}}/appeals",
                kind.label()
            ),
        ));
    }
    let fits = match kind {
        EventKind::TribunalDecisionSent
        | EventKind::AppealDetermined
        | EventKind::NoticeOfAppealSent
        | EventKind::CommissionerResponseSent
        | EventKind::AppellantReplySent
        | EventKind::SetAsideApplied
        | EventKind::PermissionToAppealApplied
        | EventKind::PermissionRefused => appeal.stage == Stage::FirstTier,
        EventKind::UpperTribunalDecisionSent
        | EventKind::UpperTribunalNoticeOfAppealSent
        | EventKind::UpperTribunalResponseSent => appeal.stage == Stage::UpperTribunal,
        _ => true,
    };
    if fits {
        Ok(())
    } else {
        Err(bad(
            "wrong_stage",
            format!(
                "{} does not happen before the {} ({})",
                capital(kind.label()),
                appeal.stage.label(),
                appeal.reference.as_str()
            ),
        ))
    }
}

fn capital(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// Applies a record-only change to the appeal.
pub fn apply_record(appeal: &mut Appeal, change: &RecordChange, date: NaiveDate) {
    match change {
        RecordChange::Stance(s) => appeal.stance = Some((*s, date)),
        RecordChange::PartyJoined(p) => appeal.parties.push(Party {
            joined_on: p.joined_on.or(Some(date)),
            ..p.clone()
        }),
        RecordChange::Hearing(h, on) => appeal.hearing = Some((*h, *on)),
        RecordChange::ClosedMaterial(flag) => appeal.closed_material = *flag,
    }
}

/// The appeal's status and outcome from the case's effective events that belong to it: the
/// last decision at its stage disposes of it unless it was set aside or remitted.
pub fn summarise(appeal: &mut Appeal, events: &[&LoggedEvent]) {
    let decision = events
        .iter()
        .filter(|e| e.details.appeal_id == Some(appeal.id))
        .rfind(|e| matches!(e.kind, CaseEventKind::Clock(k) if k.is_decision()));
    match decision {
        Some(d) if d.details.tribunal.outcome.is_none_or(Outcome::ends_appeal) => {
            appeal.status = AppealStatus::Decided;
            appeal.outcome = d.details.tribunal.outcome;
            appeal.decided_on = Some(d.date);
        }
        Some(d) => {
            appeal.status = AppealStatus::Open;
            appeal.outcome = d.details.tribunal.outcome;
            appeal.decided_on = None;
        }
        None => {
            appeal.status = AppealStatus::Open;
            appeal.outcome = None;
            appeal.decided_on = None;
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordBody {
    kind: String,
    date: String,
    stance: Option<String>,
    name: Option<String>,
    role: Option<String>,
    representative: Option<String>,
    hearing: Option<String>,
    hearing_date: Option<String>,
    closed_material: Option<bool>,
}

/// The record-only kinds of change, beside the clock events.
pub const RECORD_KINDS: [&str; 4] = [
    "stance_changed",
    "party_joined",
    "hearing_listed",
    "closed_material",
];

/// Parses `POST /api/v1/appeals/{id}/events`: a clock event of the timeline contract (an
/// appeal stage, with the appeal's id added by the caller), or a record-only change.
///
/// # Errors
/// Invalid, naming the field.
pub fn parse_change(value: serde_json::Value) -> Result<AppealChange, CaseError> {
    let kind = value
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or("")
        .to_owned();
    if !RECORD_KINDS.contains(&kind.as_str()) {
        return EventInput::parse(value).map(AppealChange::Stage);
    }
    let body: RecordBody = serde_json::from_value(value)
        .map_err(|e| bad("malformed_event", format!("{kind}: {e}")))?;
    let date = |field: &str, text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
            bad(
                "malformed_date",
                format!("{kind}: {field} \"{text}\" is not a date in the form YYYY-MM-DD"),
            )
        })
    };
    let on = date("date", &body.date)?;
    let need = |v: &Option<String>, field: &str| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .ok_or_else(|| bad("field_required", format!("{kind}: give the {field}")))
    };
    let change = match body.kind.as_str() {
        "stance_changed" => RecordChange::Stance(
            Stance::from_slug(&need(&body.stance, "stance")?)
                .map_err(|m| bad("unknown_stance", format!("stance {m}")))?,
        ),
        "party_joined" => {
            let name = need(&body.name, "party's name")?;
            if name.chars().count() > 200 {
                return Err(bad(
                    "name_too_long",
                    "a party's name is at most 200 characters",
                ));
            }
            RecordChange::PartyJoined(Party {
                id: None,
                name,
                role: PartyRole::from_slug(&need(&body.role, "role")?)
                    .map_err(|m| bad("unknown_role", format!("role {m}")))?,
                joined_on: Some(on),
                representative: body
                    .representative
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| s.chars().take(200).collect()),
            })
        }
        "hearing_listed" => RecordChange::Hearing(
            Hearing::from_slug(&need(&body.hearing, "hearing (paper or oral)")?)
                .map_err(|m| bad("unknown_hearing", format!("hearing {m}")))?,
            body.hearing_date
                .as_deref()
                .map(|d| date("hearing_date", d))
                .transpose()?,
        ),
        _ => RecordChange::ClosedMaterial(body.closed_material.ok_or_else(|| {
            bad(
                "field_required",
                "closed_material: give closed_material: true or false",
            )
        })?),
    };
    Ok(AppealChange::Record(change, on))
}

/// The deadline names a direction on this appeal may replace (for forms).
#[must_use]
pub fn directed_deadlines(stage: Stage) -> Vec<DeadlineName> {
    DeadlineName::ALL
        .into_iter()
        .filter(|n| n.is_directed_by_tribunal() && super::belongs_to(*n, stage))
        .collect()
}
