//! What an appeal's page shows, built from the service's record: its summary, chain, parties,
//! documents, deadlines (or what is awaited while no clock runs), its own stages in words with
//! who recorded each and any correction, and the choices of its forms.

use super::super::AppState;
use super::super::forms::{DateParts, FormErrors, capitalise, long_date, short_date};
use super::super::views::{DeadlineRow, deadline_rows};
use super::record::StageForm;
use super::upload::UploadForm;
use super::{Options, options};
use crate::domain::appeal::commands::{RECORD_KINDS, directed_deadlines};
use crate::domain::appeal::documents::DocumentKind;
use crate::domain::appeal::progress::{self, StageLine};
use crate::domain::appeal::{Appeal, Hearing, PartyRole, Stance};
use crate::domain::london::format_instant;
use crate::domain::timeline::EventKind;
use crate::domain::tribunal::{Outcome, ProvisionRuling, Stage};
use crate::service::appeals::AppealRecord;
use serde::Serialize;
use std::collections::HashMap;

#[derive(Serialize)]
struct Link {
    id: i64,
    stage: &'static str,
    reference: String,
    status: &'static str,
    outcome: String,
    current: bool,
}

#[derive(Serialize)]
struct PartyRow {
    name: String,
    role: &'static str,
    joined_on: String,
    representative: String,
}

#[derive(Serialize)]
struct DocumentRow {
    href: String,
    kind: String,
    filename: String,
    /// "1.2 MB", "35 KB".
    size: String,
    sent_on: String,
    received_on: String,
    closed: bool,
}

/// One of the appeal's own stages as the page lists it.
#[derive(Serialize)]
pub(super) struct StageRow {
    /// Its entry's number (for the correction page).
    pub id: i64,
    /// "Thursday 18 July 2024", with the London time when it was recorded with one.
    pub date: String,
    /// "Notice of appeal sent to the Commissioner".
    pub label: String,
    /// Outcome, substituted steps, direction, the correction it makes: joined by "; ".
    pub note: String,
    /// "Recorded by Alex Officer on 2 December 2026 at 09:15".
    pub recorded: String,
    /// Still counts.
    pub effective: bool,
    /// May be corrected or withdrawn by this user.
    pub correctable: bool,
}

/// The stage's date in words, with the London time of its timestamp when it has one.
pub(super) fn when(event: &crate::domain::case::LoggedEvent) -> String {
    match event.timestamp {
        Some(at) => format_instant(at),
        None => long_date(event.date),
    }
}

/// The stage's row: its words, its particulars and correction, who recorded it.
pub(super) fn stage_row(
    line: &StageLine<'_>,
    names: &HashMap<i64, String>,
    may_change: bool,
) -> StageRow {
    let e = line.event;
    let mut note = progress::particulars(e);
    let why = e.details.correction_reason.as_deref().unwrap_or_default();
    if let Some(o) = line.corrects {
        let verb = if e.retracted { "Withdraws" } else { "Corrects" };
        let what = format!("{verb} the {} dated {}", o.kind.label(), long_date(o.date));
        note.insert(0, crate::domain::labelled::labelled(&what, why));
    }
    if !line.effective && !e.retracted {
        note.push("Corrected or withdrawn since".to_owned());
    }
    let by = e
        .recorded_by
        .and_then(|id| names.get(&id))
        .map_or("the service", String::as_str);
    StageRow {
        id: e.id,
        date: when(e),
        label: capitalise(e.kind.label()),
        note: note.join("; "),
        recorded: format!("Recorded by {by} on {}", format_instant(e.recorded_at)),
        effective: line.effective,
        correctable: may_change && line.correctable,
    }
}

/// The page's two forms as typed, with their errors.
#[derive(Default)]
pub(super) struct Typed {
    /// The stage form.
    pub stage: StageForm,
    /// Its errors.
    pub stage_errors: FormErrors,
    /// The upload form.
    pub upload: UploadForm,
    /// Its errors.
    pub upload_errors: FormErrors,
}

impl Typed {
    /// The stage form as typed, refused.
    pub(super) fn stage(stage: StageForm, stage_errors: FormErrors) -> Self {
        Typed {
            stage,
            stage_errors,
            ..Typed::default()
        }
    }

    /// The upload form as typed, refused.
    pub(super) fn upload(upload: UploadForm, upload_errors: FormErrors) -> Self {
        Typed {
            upload,
            upload_errors,
            ..Typed::default()
        }
    }
}

/// The appeal's page.
#[derive(Serialize)]
pub(super) struct AppealPage {
    id: i64,
    tribunal_reference: String,
    case_reference: String,
    authority: String,
    stage: &'static str,
    appellant: &'static str,
    received_on: String,
    status: &'static str,
    outcome: String,
    decided_on: String,
    /// Allowed in part: "s40(2): Allowed", one a line.
    provision_outcomes: Vec<String>,
    /// The stage form's row per provision of the notice (allowed in part).
    provision_rows: Vec<ProvisionRow>,
    stance: String,
    hearing: String,
    closed_material: bool,
    chain: Vec<Link>,
    parties: Vec<PartyRow>,
    documents: Vec<DocumentRow>,
    deadlines: Vec<DeadlineRow>,
    awaited: Option<&'static str>,
    stages: Vec<StageRow>,
    warnings: Vec<String>,
    may_change: bool,
    date: DateParts,
    due: DateParts,
    hearing_date: DateParts,
    form: StageForm,
    errors: FormErrors,
    choices: Choices,
    upload: UploadForm,
    upload_errors: FormErrors,
    document_kinds: Options,
}

/// A provision of the notice on the stage form, with its select (allowed in part).
#[derive(Serialize)]
struct ProvisionRow {
    /// Its row: the form's `provision_{index}` and `ruling_{index}`.
    index: usize,
    /// `ruling_{index}`: its select's name and id.
    field: String,
    /// As the notice cites it: "s40(2)".
    provision: String,
    /// The select's label: "Outcome on section 40(2)".
    label: String,
    /// What was chosen, when the form comes back.
    ruling: String,
}

fn provision_rows(provisions: &[String], form: &StageForm) -> Vec<ProvisionRow> {
    provisions
        .iter()
        .enumerate()
        .map(|(index, p)| ProvisionRow {
            index,
            field: format!("ruling_{index}"),
            provision: p.clone(),
            label: format!(
                "Outcome on {}",
                crate::domain::register::provision_in_words(p)
            ),
            ruling: form.ruling(index).to_owned(),
        })
        .collect()
}

/// The choices of the stage form.
#[derive(Serialize)]
struct Choices {
    kinds: Options,
    outcomes: Options,
    /// Allowed in part: the outcome on one provision.
    rulings: Options,
    /// The court a further appeal goes to (Upper Tribunal decisions only; empty elsewhere).
    courts: Options,
    directed: Options,
    stances: Options,
    hearings: Options,
    roles: Options,
}

fn stage_kinds(stage: Stage) -> Options {
    use EventKind as K;
    let clock: &[K] = match stage {
        Stage::FirstTier => &[
            K::NoticeOfAppealSent,
            K::CommissionerResponseSent,
            K::AppellantReplySent,
            K::DirectionGiven,
            K::TribunalDecisionSent,
            K::SetAsideApplied,
            K::PermissionToAppealApplied,
            K::PermissionRefused,
            K::MinisterialCertificateGiven,
        ],
        Stage::UpperTribunal => &[
            K::UpperTribunalNoticeOfAppealSent,
            K::UpperTribunalResponseSent,
            K::DirectionGiven,
            K::UpperTribunalDecisionSent,
            K::CourtOfAppealPermissionApplied,
            K::CourtOfSessionPermissionApplied,
        ],
        Stage::CourtOfAppeal | Stage::CourtOfSession => &[K::DirectionGiven],
    };
    let mut v = vec![(String::new(), "Choose what happened".to_owned())];
    v.extend(
        clock
            .iter()
            .map(|k| (k.slug().to_owned(), capitalise(k.label()))),
    );
    let record = [
        "The Commissioner's stance changed",
        "A party was joined",
        "The hearing was listed",
    ];
    v.extend(
        RECORD_KINDS
            .iter()
            .zip(record)
            .map(|(k, l)| ((*k).to_owned(), l.to_owned())),
    );
    v
}

fn choices(stage: Stage) -> Choices {
    let mut directed = vec![(String::new(), "Choose the deadline".to_owned())];
    directed.extend(
        directed_deadlines(stage)
            .into_iter()
            .map(|n| (n.slug().to_owned(), n.label().to_owned())),
    );
    Choices {
        kinds: stage_kinds(stage),
        outcomes: options(
            "Choose the outcome",
            Outcome::ALL,
            Outcome::slug,
            Outcome::label,
        ),
        rulings: options(
            "Choose allowed or dismissed",
            ProvisionRuling::ALL,
            ProvisionRuling::slug,
            ProvisionRuling::label,
        ),
        courts: if stage == Stage::UpperTribunal {
            vec![
                (
                    String::new(),
                    "Court of Appeal (unless it says otherwise)".to_owned(),
                ),
                (
                    Stage::CourtOfAppeal.slug().to_owned(),
                    Stage::CourtOfAppeal.label().to_owned(),
                ),
                (
                    Stage::CourtOfSession.slug().to_owned(),
                    Stage::CourtOfSession.label().to_owned(),
                ),
            ]
        } else {
            Vec::new()
        },
        directed,
        stances: options(
            "Choose the stance",
            Stance::ALL,
            Stance::slug,
            Stance::label,
        ),
        hearings: options(
            "Choose how it is heard",
            Hearing::ALL,
            Hearing::slug,
            Hearing::label,
        ),
        roles: options(
            "Choose the role",
            PartyRole::ALL,
            PartyRole::slug,
            PartyRole::label,
        ),
    }
}

fn chain(r: &AppealRecord) -> Vec<Link> {
    r.chain
        .iter()
        .map(|c| Link {
            id: c.id,
            stage: c.stage.label(),
            reference: c.reference.as_str().to_owned(),
            status: c.status.label(),
            outcome: c.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
            current: c.id == r.appeal.id,
        })
        .collect()
}

fn parties(a: &Appeal) -> Vec<PartyRow> {
    a.parties
        .iter()
        .map(|p| PartyRow {
            name: p.name.clone(),
            role: p.role.label(),
            joined_on: p.joined_on.map(long_date).unwrap_or_default(),
            representative: p.representative.clone().unwrap_or_default(),
        })
        .collect()
}

fn documents(r: &AppealRecord) -> Vec<DocumentRow> {
    r.documents
        .iter()
        .map(|d| DocumentRow {
            href: format!("/api/v1/appeals/{}/documents/{}", r.appeal.id, d.id),
            kind: DocumentKind::from_slug(&d.kind)
                .map_or_else(|_| d.kind.clone(), |k| k.label().to_owned()),
            filename: d.filename.clone(),
            size: file_size(d.size_bytes),
            sent_on: d.sent_on.map(short_date).unwrap_or_default(),
            received_on: d.received_on.map(short_date).unwrap_or_default(),
            closed: d.closed,
        })
        .collect()
}

/// A file's size as people read it: "1.2 MB", "35 KB", "820 bytes" (in units of 1024, as the
/// 20 MB limit is counted: the largest file accepted is "20.0 MB").
fn file_size(bytes: i64) -> String {
    #[expect(
        clippy::cast_precision_loss,
        reason = "a file size shown to one decimal place"
    )]
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.0} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}

fn stances_and_hearing(a: &Appeal) -> (String, String) {
    let stance = a
        .stance
        .map(|(s, on)| format!("{} (since {})", s.label(), long_date(on)))
        .unwrap_or_default();
    let hearing = a
        .hearing
        .map(|(h, on)| match on {
            Some(d) => format!("{} on {}", h.label(), long_date(d)),
            None => h.label().to_owned(),
        })
        .unwrap_or_default();
    (stance, hearing)
}

/// The appeal's page with its forms as typed and their errors.
pub(super) fn appeal_page(state: &AppState, r: &AppealRecord, typed: Typed) -> AppealPage {
    let Typed {
        stage: form,
        stage_errors: errors,
        upload,
        upload_errors,
    } = typed;
    let a = &r.appeal;
    let today = state.clock.today();
    let (stance, hearing) = stances_and_hearing(a);
    let stages = progress::stages(&r.log, a.id)
        .iter()
        .map(|l| stage_row(l, &r.staff_names, r.may_change))
        .collect();
    AppealPage {
        id: a.id,
        tribunal_reference: a.reference.as_str().to_owned(),
        case_reference: r.case_reference.clone(),
        authority: r.authority.clone(),
        stage: a.stage.label(),
        appellant: a.appellant.label(),
        received_on: long_date(a.received_on),
        status: a.status.label(),
        outcome: a.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
        decided_on: a.decided_on.map(long_date).unwrap_or_default(),
        provision_outcomes: progress::provision_outcomes(&r.log, a.id)
            .iter()
            .map(|p| format!("{}: {}", p.provision, p.outcome.label()))
            .collect(),
        provision_rows: provision_rows(&r.provisions, &form),
        stance,
        hearing,
        closed_material: a.closed_material,
        chain: chain(r),
        parties: parties(a),
        documents: documents(r),
        deadlines: deadline_rows(&r.deadlines, &state.calendars, today),
        awaited: r.awaited,
        stages,
        warnings: r.warnings.clone(),
        may_change: r.may_change,
        date: form.date(),
        due: form.due(),
        hearing_date: form.hearing_date(),
        form,
        errors,
        choices: choices(a.stage),
        upload,
        upload_errors,
        document_kinds: options(
            "Choose what it is",
            DocumentKind::ALL,
            DocumentKind::slug,
            DocumentKind::label,
        ),
    }
}
