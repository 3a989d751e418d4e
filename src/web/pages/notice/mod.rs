//! The decision-notice editor: draft from the case, edit every paragraph and sub-heading in one
//! form (numbered as the notice will print them; autosaved; a conflict shows both texts),
//! record the outcomes, insert library paragraphs, reorder, see labels to refer to, preview the
//! PDF, compare and restore versions, and submit / approve / return / issue. A notice that is
//! not editable is shown as typeset.
//!
//! The form is read in `form`, the workflow steps are in `workflow`, the PDF, the comparison of
//! versions and the approval queue in `documents`.

mod delete;
mod documents;
mod form;
mod library_words;
mod workflow;

pub use delete::{BlockQuery, DeleteForm, confirm_delete, delete};
pub use documents::{DiffQuery, PdfQuery, approvals, diff, download, pdf};
pub use form::{autosave, edit};
pub use workflow::{ActionForm, act, confirm_issue, restore};

use super::forms::FormErrors;
use super::session::{Posted, Staff};
use super::{
    AppState, Chrome, DoneQuery, PageError, case_reference, refusal, render, render_with_status,
    see_other, with_db,
};
use crate::domain::notice::text::parts_to_text;
use crate::domain::notice::{
    Block, Notice, NoticeAction, NoticeState, ResolvedNotice, outcome_label, outcome_words,
};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::CaseReference;
use crate::domain::regime::Regime;
use crate::service::ServiceError;
use crate::service::library::{self, EntryView};
use crate::service::notices::{self, VersionSummary};
use crate::web::api::notices::NoticeView;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use library_words::{library_options, source_words};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What was typed into the editor's form, shown again when it could not be saved.
pub struct Typed(pub HashMap<String, String>);

#[derive(Serialize)]
struct BlockView {
    /// "{section}-{block}": the form's field names end with it.
    key: String,
    subheading: bool,
    number: String,
    label: String,
    text: String,
    /// The text saved meanwhile by someone else, when it differs from what was typed.
    saved_text: String,
    source: String,
    first: bool,
    last: bool,
}

#[derive(Serialize)]
struct SectionView {
    index: usize,
    heading: &'static str,
    blocks: Vec<BlockView>,
}

#[derive(Serialize)]
struct LabelView {
    label: String,
    number: String,
}

/// One row of the outcomes: a provision and its outcome (empty for a row to fill).
#[derive(Serialize)]
struct OutcomeRow {
    index: usize,
    provision: String,
    outcome: String,
    /// "Suggested" when offered from the notice rather than recorded.
    hint: String,
}

#[derive(Serialize)]
struct EditorPage {
    reference: String,
    exists: bool,
    version: i32,
    state: String,
    state_label: &'static str,
    comment: String,
    editable: bool,
    can_approve: bool,
    issued: bool,
    pdf_sha256: String,
    findings: Vec<String>,
    sections: Vec<SectionView>,
    labels: Vec<LabelView>,
    library: Vec<(String, String)>,
    versions: Vec<VersionRow>,
    version_options: Vec<(String, String)>,
    workflow_actions: Vec<WorkflowButton>,
    block_ops: [(&'static str, &'static str); 3],
    compare_from: String,
    compare_to: String,
    errors: FormErrors,
    outcomes: Vec<OutcomeRow>,
    outcome_options: Vec<(String, String)>,
    overall: String,
    overall_options: Vec<(String, String)>,
    /// The decision in the register's words: "FOI 31: Complaint not upheld".
    outcome_labels: Vec<String>,
    overall_label: String,
    /// The notice as typeset, when it is not being edited.
    typeset: Option<ResolvedNotice>,
    /// Someone saved a version after the form was opened.
    conflict: bool,
    /// What was typed into the "add" boxes, by section.
    new_texts: HashMap<String, String>,
    /// Published decisions with the same provisions and outcomes (the register).
    similar: Vec<super::register::SimilarRow>,
}

#[derive(Serialize)]
struct WorkflowButton {
    action: &'static str,
    label: &'static str,
}

#[derive(Serialize)]
struct VersionRow {
    version: i32,
    state: String,
    by: String,
    at: String,
    comment: String,
}

/// Where a notice stands, in words.
pub(super) fn state_label(state: NoticeState) -> &'static str {
    match state {
        NoticeState::Draft => "Draft",
        NoticeState::Submitted => "Submitted for approval",
        NoticeState::Approved => "Approved",
        NoticeState::Returned => "Returned to the officer",
        NoticeState::Issued => "Issued",
    }
}

/// The text a block shows: what was typed when the form comes back, else what is saved.
fn shown(typed: Option<&Typed>, field: &str, saved: &str) -> (String, String) {
    match typed.and_then(|t| t.0.get(field)) {
        Some(t) if t.replace("\r\n", "\n").trim() != saved.trim() => (t.clone(), saved.to_owned()),
        Some(t) => (t.clone(), String::new()),
        None => (saved.to_owned(), String::new()),
    }
}

fn block_view(
    (si, bi, count): (usize, usize, usize),
    block: &Block,
    number: &mut usize,
    typed: Option<&Typed>,
) -> BlockView {
    let key = format!("{si}-{bi}");
    let mut view = BlockView {
        key: key.clone(),
        subheading: false,
        number: String::new(),
        label: String::new(),
        text: String::new(),
        saved_text: String::new(),
        source: String::new(),
        first: bi == 0,
        last: bi + 1 == count,
    };
    match block {
        Block::Subheading { text } => {
            view.subheading = true;
            (view.text, view.saved_text) = shown(typed, &format!("heading-{key}"), text);
        }
        Block::Paragraph {
            label,
            numbered,
            source,
            parts,
        } => {
            if *numbered {
                *number += 1;
                view.number = number.to_string();
            }
            (view.text, view.saved_text) =
                shown(typed, &format!("text-{key}"), &parts_to_text(parts));
            view.label = shown(
                typed,
                &format!("label-{key}"),
                label.as_deref().unwrap_or(""),
            )
            .0;
            view.source = source.clone().unwrap_or_default();
        }
    }
    view
}

fn sections(notice: &Notice, typed: Option<&Typed>) -> (Vec<SectionView>, Vec<LabelView>) {
    let mut number = 0usize;
    let views: Vec<SectionView> = notice
        .sections
        .iter()
        .enumerate()
        .map(|(si, section)| {
            let count = section.blocks.len();
            SectionView {
                index: si,
                heading: section.kind.heading(),
                blocks: section
                    .blocks
                    .iter()
                    .enumerate()
                    .map(|(bi, block)| block_view((si, bi, count), block, &mut number, typed))
                    .collect(),
            }
        })
        .collect();
    let labels = views
        .iter()
        .flat_map(|s| &s.blocks)
        .filter(|b| !b.label.is_empty())
        .map(|b| LabelView {
            label: b.label.clone(),
            number: b.number.clone(),
        })
        .collect();
    (views, labels)
}

/// The hint of a row offered from the notice's text rather than recorded.
const SUGGESTED: &str = "Suggested from the notice's text";

/// The outcome rows: what is recorded (or typed), the suggestions, and two empty rows.
fn outcome_rows(notice: &Notice, typed: Option<&Typed>) -> Vec<OutcomeRow> {
    let mut rows: Vec<OutcomeRow> = Vec::new();
    if let Some(t) = typed {
        for i in 0.. {
            let Some(p) = t.0.get(&format!("provision-{i}")) else {
                break;
            };
            let o =
                t.0.get(&format!("outcome-{i}"))
                    .cloned()
                    .unwrap_or_default();
            if !p.trim().is_empty() || !o.is_empty() {
                let suggested = t.0.contains_key(&format!("suggested-{i}"));
                rows.push(OutcomeRow {
                    index: rows.len(),
                    provision: p.clone(),
                    outcome: o,
                    hint: if suggested {
                        SUGGESTED.to_owned()
                    } else {
                        String::new()
                    },
                });
            }
        }
    } else {
        for p in &notice.provisions {
            rows.push(OutcomeRow {
                index: rows.len(),
                provision: p.provision.to_string(),
                outcome: p.outcome.slug().to_owned(),
                hint: String::new(),
            });
        }
        // A suggestion is recorded only once its outcome is chosen: the one its library
        // paragraph expresses is named in the hint, not pre-selected.
        for (p, o) in notice.suggested_provisions() {
            rows.push(OutcomeRow {
                index: rows.len(),
                provision: p.to_string(),
                outcome: String::new(),
                hint: match o {
                    Some(o) => format!("{SUGGESTED}: {}", outcome_words(o).to_lowercase()),
                    None => SUGGESTED.to_owned(),
                },
            });
        }
    }
    for _ in 0..2 {
        rows.push(OutcomeRow {
            index: rows.len(),
            provision: String::new(),
            outcome: String::new(),
            hint: String::new(),
        });
    }
    rows
}

struct Loaded {
    view: Option<NoticeView>,
    versions: Vec<VersionSummary>,
    library: Vec<EntryView>,
    /// Whether the actor may change the case (the aggregate's one access rule).
    may_change: bool,
    similar: Vec<super::register::SimilarRow>,
    /// The case's legislation: the library offers only its paragraphs.
    regime: Regime,
}

async fn load(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
) -> Result<Loaded, PageError> {
    let actor = staff.actor.clone();
    let st = state.clone();
    with_db(state, move |conn| {
        let ctx = st.context(&actor);
        let case = crate::service::cases::detail(conn, &ctx, &reference)?;
        let view = match notices::get(conn, &ctx, &reference) {
            Ok(v) => Some(NoticeView::from(v)),
            Err(ServiceError::NotFound(_)) => None,
            Err(e) => return Err(e.into()),
        };
        let versions = notices::versions(conn, &ctx, &reference)?;
        let provisions = view
            .as_ref()
            .map(|v| v.notice.provisions.clone())
            .unwrap_or_default();
        Ok(Loaded {
            similar: super::register::similar_rows(conn, &provisions, reference.as_str())?,
            view,
            versions,
            library: library::list(conn)?,
            may_change: case.case.may_change(&actor),
            regime: case.case.header().regime,
        })
    })
    .await
}

fn workflow_buttons(
    staff: &Staff,
    may_change: bool,
    can: impl Fn(NoticeAction) -> bool,
) -> Vec<WorkflowButton> {
    [
        (
            "submit",
            "Submit for approval",
            may_change && can(NoticeAction::Submit),
        ),
        (
            "approve",
            "Approve this version",
            staff.actor.sees_every_case() && can(NoticeAction::Approve),
        ),
        (
            "issue",
            "Issue the notice",
            may_change && can(NoticeAction::Issue),
        ),
    ]
    .into_iter()
    .filter(|(_, _, allowed)| *allowed)
    .map(|(action, label, _)| WorkflowButton { action, label })
    .collect()
}

fn version_rows(versions: &[VersionSummary]) -> Vec<VersionRow> {
    versions
        .iter()
        .map(|v| VersionRow {
            version: v.version,
            state: state_label(v.state).to_owned(),
            by: v.by.clone().unwrap_or_default(),
            at: crate::domain::london::format_instant(v.at),
            comment: v.comment.clone().unwrap_or_default(),
        })
        .collect()
}

fn outcome_options(none: &str) -> Vec<(String, String)> {
    std::iter::once((String::new(), none.to_owned()))
        .chain(
            Outcome::ALL
                .into_iter()
                .map(|o| (o.slug().to_owned(), outcome_words(o).to_owned())),
        )
        .collect()
}

/// The manager's comment, the issued PDF's digest and the checker's findings of a notice.
fn facts(view: Option<&NoticeView>) -> (String, String, Vec<String>) {
    let Some(v) = view else {
        return (String::new(), String::new(), Vec::new());
    };
    (
        v.comment.clone().unwrap_or_default(),
        v.pdf_sha256.clone().unwrap_or_default(),
        v.findings
            .iter()
            .map(|f| crate::domain::labelled::labelled(&f.location, &f.message))
            .collect(),
    )
}

/// What was typed into the "add" boxes, by field.
fn new_texts(typed: Option<&Typed>) -> HashMap<String, String> {
    typed
        .map(|t| {
            t.0.iter()
                .filter(|(k, _)| k.starts_with("new-"))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

fn editor_page(
    staff: &Staff,
    reference: &CaseReference,
    loaded: Loaded,
    errors: FormErrors,
    typed: Option<&Typed>,
) -> EditorPage {
    let may_change = loaded.may_change;
    let empty = Notice::empty();
    let (exists, notice, version, state) = match &loaded.view {
        Some(v) => (
            true,
            &v.notice,
            v.version,
            NoticeState::from_slug(&v.state).unwrap_or(NoticeState::Draft),
        ),
        None => (false, &empty, 0, NoticeState::Draft),
    };
    let can = |a: NoticeAction| exists && state.apply(a).is_ok();
    let editable = may_change && can(NoticeAction::Save);
    let (mut secs, labels) = sections(notice, typed);
    for b in secs.iter_mut().flat_map(|s| &mut s.blocks) {
        b.source = source_words(&b.source, &loaded.library);
    }
    let (comment, pdf_sha256, findings) = facts(loaded.view.as_ref());
    let field = |k: &str| typed.and_then(|t| t.0.get(k)).cloned();
    let conflict = typed
        .and_then(|t| t.0.get("version"))
        .is_some_and(|v| v.parse::<i32>().ok() != Some(version));
    EditorPage {
        workflow_actions: workflow_buttons(staff, may_change, can),
        block_ops: [
            ("up", "Move up"),
            ("down", "Move down"),
            ("delete", "Delete"),
        ],
        reference: reference.to_string(),
        exists,
        version,
        state: state.slug().to_owned(),
        state_label: state_label(state),
        comment,
        editable,
        can_approve: staff.actor.sees_every_case() && can(NoticeAction::Approve),
        issued: state == NoticeState::Issued,
        pdf_sha256,
        findings,
        sections: secs,
        labels,
        library: library_options(&loaded.library, loaded.regime),
        versions: version_rows(&loaded.versions),
        version_options: loaded
            .versions
            .iter()
            .map(|v| (v.version.to_string(), format!("Version {}", v.version)))
            .collect(),
        compare_from: (version - 1).to_string(),
        compare_to: version.to_string(),
        errors,
        outcomes: outcome_rows(notice, typed),
        outcome_options: outcome_options("Choose the outcome"),
        overall: field("overall").unwrap_or_else(|| {
            notice
                .overall_outcome
                .map(|o| o.slug().to_owned())
                .unwrap_or_default()
        }),
        overall_options: outcome_options("Work it out from the provisions"),
        outcome_labels: notice.provisions.iter().map(outcome_label).collect(),
        overall_label: notice.outcome().map(outcome_words).unwrap_or("").to_owned(),
        typeset: (exists && !editable).then(|| notice.resolve_with_problems(false).0),
        conflict,
        new_texts: new_texts(typed),
        similar: loaded.similar,
    }
}

/// `GET /cases/{reference}/notice`.
///
/// # Errors
/// Not found (also for a case the officer may not see).
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    let loaded = load(&state, &staff, reference.clone()).await?;
    render(
        "notice.html",
        &Chrome::for_staff(&staff, "cases").with_banner(query.done.as_deref()),
        &editor_page(&staff, &reference, loaded, FormErrors::default(), None),
    )
}

async fn show_errors(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    errors: FormErrors,
    typed: Option<Typed>,
    status: StatusCode,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference.clone()).await?;
    render_with_status(
        status,
        "notice.html",
        &Chrome::for_staff(staff, "cases"),
        &editor_page(staff, &reference, loaded, errors, typed.as_ref()),
    )
}

/// The draft form.
#[derive(Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    steps: String,
}

/// `POST /cases/{reference}/notice/draft`: drafts the notice from the case record.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn draft(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<DraftForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let steps = match form.steps.as_str() {
        "30" => Some(30),
        "35" => Some(35),
        _ => None,
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(notices::generate(
            conn,
            &st.context(&actor),
            &r,
            &st.regulator,
            steps,
            false,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}/notice?done=notice_drafted"
        ))),
        Err(e) => {
            let mut errors = FormErrors::default();
            errors.add("steps", refusal(e)?);
            show_errors(
                &state,
                &staff,
                reference,
                errors,
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}
