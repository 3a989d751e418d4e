//! The appeal record: one proceeding before one court or tribunal against a case's decision
//! notice (a case may have several over time; an appeal that moves up is a new proceeding
//! linked to the one before: First-tier Tribunal → Upper Tribunal → Court of Appeal or Court of
//! Session). Its reference, appellant, parties and roles, the Commissioner's stance, the
//! hearing, the rule 14 flag and its outcome live here; its clock events live in the case's log
//! (so the case's deadlines follow them) and are decided by [`commands`]. Who may change an
//! appeal is who may change its case: managers and the officer allocated to it.

pub mod closure;
pub mod commands;
pub mod documents;
pub mod progress;
pub mod stats;

pub use commands::{AppealChange, OpenAppeal, RecordChange};

use crate::domain::deadline::{Deadline, DeadlineName, Status};
use crate::domain::tribunal::{Appellant, Outcome, Stage, TribunalReference, slug_enum};
use chrono::NaiveDate;

slug_enum! {
    /// Whether the appeal is still before its court or tribunal.
    AppealStatus {
        /// Not yet decided (or decided again after a remittal or set-aside).
        Open => "open", "Open";
        /// Disposed of at this stage.
        Decided => "decided", "Decided";
    }
}

slug_enum! {
    /// The Commissioner's position in the appeal; it can change (tribunal-rules.md).
    Stance {
        /// Resists the appeal (defends the notice).
        Resist => "resist", "Resists the appeal";
        /// Supports the appeal against its own notice.
        Support => "support", "Supports the appeal";
        /// Takes no position.
        Neutral => "neutral", "Neutral";
        /// Concedes the appeal.
        Concede => "concede", "Concedes the appeal";
    }
}

slug_enum! {
    /// How the appeal is heard (GRC rule 32).
    Hearing {
        /// On the papers.
        Paper => "paper", "On the papers";
        /// At an oral hearing.
        Oral => "oral", "Oral hearing";
    }
}

slug_enum! {
    /// A party's role in the proceedings.
    PartyRole {
        /// Brought the appeal.
        Appellant => "appellant", "Appellant";
        /// The Commissioner, respondent to every appeal against a decision notice.
        Respondent => "respondent", "Respondent";
        /// Joined as second respondent (GRC rule 9), usually the public authority.
        SecondRespondent => "second_respondent", "Second respondent";
        /// Anyone else joined.
        Other => "other", "Other party";
    }
}

/// A party to an appeal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Its row, once stored.
    pub id: Option<i64>,
    /// Name.
    pub name: String,
    /// Role.
    pub role: PartyRole,
    /// When the tribunal joined it (GRC rule 9), if it was joined.
    pub joined_on: Option<NaiveDate>,
    /// Its representative, if any.
    pub representative: Option<String>,
}

/// An appeal as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appeal {
    /// Its number.
    pub id: i64,
    /// The case whose notice it challenges.
    pub case_id: i64,
    /// The proceeding it moved up from.
    pub parent_id: Option<i64>,
    /// The court or tribunal.
    pub stage: Stage,
    /// The tribunal's reference, as given.
    pub reference: TribunalReference,
    /// Who appealed.
    pub appellant: Appellant,
    /// The date the court or tribunal received it.
    pub received_on: NaiveDate,
    /// Open or decided.
    pub status: AppealStatus,
    /// How it ended at this stage.
    pub outcome: Option<Outcome>,
    /// When it was decided.
    pub decided_on: Option<NaiveDate>,
    /// The Commissioner's stance and the date it was taken.
    pub stance: Option<(Stance, NaiveDate)>,
    /// How it is heard, and the hearing date when listed.
    pub hearing: Option<(Hearing, Option<NaiveDate>)>,
    /// Closed material under GRC rule 14.
    pub closed_material: bool,
    /// Its parties.
    pub parties: Vec<Party>,
}

/// The deadlines of a case that belong to an appeal at a stage: the tribunal's clocks of that
/// stage, and the steps and the s53 window the appeal affects.
#[must_use]
pub fn belongs_to(name: DeadlineName, stage: Stage) -> bool {
    use DeadlineName as N;
    match name {
        N::CommissionerResponseDue
        | N::AppellantReplyDue
        | N::SetAsideApplicationDue
        | N::PermissionToAppealDue
        | N::UpperTribunalPermissionDue => stage == Stage::FirstTier,
        N::CourtOfAppealPermissionDue
        | N::CourtOfSessionPermissionDue
        | N::UpperTribunalResponseDue => stage == Stage::UpperTribunal,
        N::StepsDue | N::S53CertificateDue => true,
        _ => false,
    }
}

/// The next deadline an appeal's team watches: the earliest open tribunal clock of its stage
/// (not yet met, not a window that closed unused).
#[must_use]
pub fn next_deadline(
    deadlines: &[Deadline],
    stage: Stage,
    status: AppealStatus,
) -> Option<&Deadline> {
    deadlines
        .iter()
        .filter(|d| d.name.is_appeal() && belongs_to(d.name, stage))
        .filter(|d| d.name != DeadlineName::S53CertificateDue || status == AppealStatus::Decided)
        .filter(|d| d.met_on.is_none() && d.date.is_some())
        .filter(|d| {
            matches!(
                d.status,
                Status::Pending | Status::DueToday | Status::Overdue
            )
        })
        .min_by_key(|d| d.date)
}

impl Appeal {
    /// The Commissioner and, by the appellant, the complainant or the authority: the parties an
    /// appeal starts with (the Commissioner is the respondent to every appeal against a
    /// decision notice, FOIA s57).
    #[must_use]
    pub fn first_parties(appellant: Appellant, complainant: &str, authority: &str) -> Vec<Party> {
        let party = |name: &str, role| Party {
            id: None,
            name: name.to_owned(),
            role,
            joined_on: None,
            representative: None,
        };
        let mut out = Vec::new();
        if matches!(appellant, Appellant::Complainant | Appellant::Both) {
            out.push(party(complainant, PartyRole::Appellant));
        }
        if matches!(appellant, Appellant::PublicAuthority | Appellant::Both) {
            out.push(party(authority, PartyRole::Appellant));
        }
        out.push(party("The Information Commissioner", PartyRole::Respondent));
        out
    }
}
