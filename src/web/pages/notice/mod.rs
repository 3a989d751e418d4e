//! The decision-notice editor: draft from the case, edit paragraphs and sub-headings (numbered
//! as the notice will print them), insert library paragraphs, reorder, see labels to refer to,
//! preview the PDF, compare versions, and submit / approve / return / issue.
//!
//! The workflow steps are in `workflow`, the PDF and the comparison of versions in `documents`.

mod documents;
mod workflow;

pub use documents::{DiffQuery, PdfQuery, diff, pdf};
pub use workflow::{ActionForm, act, confirm_issue};

use super::forms::FormErrors;
use super::session::{Posted, Staff};
use super::{
    AppState, Chrome, DoneQuery, PageError, case_reference, refusal, render, render_with_status,
    see_other, with_db,
};
use crate::domain::notice::edit::{self as notice_edit, Edit, Place};
use crate::domain::notice::text::{parse_parts, parts_to_text};
use crate::domain::notice::{Block, Notice, NoticeAction, NoticeState};
use crate::domain::parties::CaseReference;
use crate::service::ServiceError;
use crate::service::library::{self, EntryView};
use crate::service::notices::{self, VersionSummary};
use crate::web::api::notices::NoticeView;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct BlockView {
    index: usize,
    subheading: bool,
    number: String,
    label: String,
    text: String,
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

#[derive(Serialize)]
struct EditorPage {
    reference: String,
    exists: bool,
    version: i32,
    state: String,
    state_label: &'static str,
    comment: String,
    editable: bool,
    can_submit: bool,
    can_approve: bool,
    can_issue: bool,
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
    /// The block whose form failed, with what was typed.
    failed: Option<(usize, usize)>,
    typed_text: String,
    typed_label: String,
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

fn state_label(state: NoticeState) -> &'static str {
    match state {
        NoticeState::Draft => "Draft",
        NoticeState::Submitted => "Submitted for approval",
        NoticeState::Approved => "Approved",
        NoticeState::Returned => "Returned to the officer",
        NoticeState::Issued => "Issued",
    }
}

fn sections(notice: &Notice) -> (Vec<SectionView>, Vec<LabelView>) {
    let mut number = 0usize;
    let mut labels = Vec::new();
    let views = notice
        .sections
        .iter()
        .enumerate()
        .map(|(si, section)| {
            let count = section.blocks.len();
            let blocks = section
                .blocks
                .iter()
                .enumerate()
                .map(|(bi, block)| match block {
                    Block::Subheading { text } => BlockView {
                        index: bi,
                        subheading: true,
                        number: String::new(),
                        label: String::new(),
                        text: text.clone(),
                        source: String::new(),
                        first: bi == 0,
                        last: bi + 1 == count,
                    },
                    Block::Paragraph {
                        label,
                        numbered,
                        source,
                        parts,
                    } => {
                        let shown = if *numbered {
                            number += 1;
                            number.to_string()
                        } else {
                            String::new()
                        };
                        if let Some(l) = label {
                            labels.push(LabelView {
                                label: l.clone(),
                                number: shown.clone(),
                            });
                        }
                        BlockView {
                            index: bi,
                            subheading: false,
                            number: shown,
                            label: label.clone().unwrap_or_default(),
                            text: parts_to_text(parts),
                            source: source.clone().unwrap_or_default(),
                            first: bi == 0,
                            last: bi + 1 == count,
                        }
                    }
                })
                .collect();
            SectionView {
                index: si,
                heading: section.kind.heading(),
                blocks,
            }
        })
        .collect();
    (views, labels)
}

struct Loaded {
    view: Option<NoticeView>,
    versions: Vec<VersionSummary>,
    library: Vec<EntryView>,
    /// Whether the actor may change the case (the aggregate's one access rule).
    may_change: bool,
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
        Ok(Loaded {
            view,
            versions,
            library: library::list(conn)?,
            may_change: case.case.may_change(&actor),
        })
    })
    .await
}

fn editor_page(
    staff: &Staff,
    reference: &CaseReference,
    loaded: Loaded,
    errors: FormErrors,
    failed: Option<(usize, usize, String, String)>,
) -> EditorPage {
    let may_change = loaded.may_change;
    let (exists, version, state, comment, findings, secs, labels, sha) = match &loaded.view {
        Some(v) => {
            let state = NoticeState::from_slug(&v.state).unwrap_or(NoticeState::Draft);
            let (secs, labels) = sections(&v.notice);
            (
                true,
                v.version,
                state,
                v.comment.clone().unwrap_or_default(),
                v.findings
                    .iter()
                    .map(|f| format!("{}: {}", f.location, f.message))
                    .collect(),
                secs,
                labels,
                v.pdf_sha256.clone().unwrap_or_default(),
            )
        }
        None => (
            false,
            0,
            NoticeState::Draft,
            String::new(),
            Vec::new(),
            Vec::new(),
            Vec::new(),
            String::new(),
        ),
    };
    let can = |a: NoticeAction| exists && state.apply(a).is_ok();
    let (failed_at, typed_text, typed_label) = match failed {
        Some((s, b, t, l)) => (Some((s, b)), t, l),
        None => (None, String::new(), String::new()),
    };
    let may_approve = staff.actor.sees_every_case() && can(NoticeAction::Approve);
    let workflow_actions = [
        (
            "submit",
            "Submit for approval",
            may_change && can(NoticeAction::Submit),
        ),
        ("approve", "Approve", may_approve),
        (
            "issue",
            "Issue the notice",
            may_change && can(NoticeAction::Issue),
        ),
    ]
    .into_iter()
    .filter(|(_, _, allowed)| *allowed)
    .map(|(action, label, _)| WorkflowButton { action, label })
    .collect();
    EditorPage {
        workflow_actions,
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
        editable: may_change && can(NoticeAction::Save),
        can_submit: may_change && can(NoticeAction::Submit),
        can_approve: staff.actor.sees_every_case() && can(NoticeAction::Approve),
        can_issue: may_change && can(NoticeAction::Issue),
        issued: state == NoticeState::Issued,
        pdf_sha256: sha,
        findings,
        sections: secs,
        labels,
        library: loaded
            .library
            .iter()
            .map(|e| (e.key.clone(), format!("{} ({})", e.heading, e.key)))
            .collect(),
        versions: loaded
            .versions
            .iter()
            .map(|v| VersionRow {
                version: v.version,
                state: state_label(v.state).to_owned(),
                by: v.by.clone().unwrap_or_default(),
                at: crate::domain::london::format_instant(v.at),
                comment: v.comment.clone().unwrap_or_default(),
            })
            .collect(),
        version_options: loaded
            .versions
            .iter()
            .map(|v| (v.version.to_string(), format!("Version {}", v.version)))
            .collect(),
        compare_from: (version - 1).to_string(),
        compare_to: version.to_string(),
        errors,
        failed: failed_at,
        typed_text,
        typed_label,
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
    failed: Option<(usize, usize, String, String)>,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference.clone()).await?;
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "notice.html",
        &Chrome::for_staff(staff, "cases"),
        &editor_page(staff, &reference, loaded, errors, failed),
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
            show_errors(&state, &staff, reference, errors, None).await
        }
    }
}

/// One edit, as posted by any of the editor's small forms.
#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    version: i32,
    #[serde(default)]
    op: String,
    #[serde(default)]
    section: usize,
    #[serde(default)]
    block: usize,
    #[serde(default)]
    text: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    library_key: String,
}

/// `POST /cases/{reference}/notice/edit`: applies one edit and saves a new version.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<EditForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let at = Place {
        section: form.section,
        block: form.block,
    };
    let field = format!("block-{}-{}", form.section, form.block);
    let mut errors = FormErrors::default();
    let parsed: Result<Option<Edit>, String> = match form.op.as_str() {
        "paragraph" => parse_parts(&form.text)
            .map_err(|e| e.to_string())
            .and_then(|parts| {
                let label = Some(form.label.trim().to_owned()).filter(|l| !l.is_empty());
                if let Some(l) = &label {
                    notice_edit::check_label(l).map_err(|e| e.to_string())?;
                }
                Ok(Some(Edit::ReplaceParagraph { at, label, parts }))
            }),
        "subheading" if form.text.trim().is_empty() => Err("Enter the sub-heading".to_owned()),
        "subheading" => Ok(Some(Edit::ReplaceSubheading {
            at,
            text: form.text.trim().to_owned(),
        })),
        "append_paragraph" => parse_parts(&form.text)
            .map_err(|e| e.to_string())
            .map(|parts| {
                Some(Edit::AppendParagraph {
                    section: form.section,
                    parts,
                })
            }),
        "append_subheading" if form.text.trim().is_empty() => {
            Err("Enter the sub-heading".to_owned())
        }
        "append_subheading" => Ok(Some(Edit::AppendSubheading {
            section: form.section,
            text: form.text.trim().to_owned(),
        })),
        "library" if form.library_key.is_empty() => {
            Err("Select a paragraph from the library".to_owned())
        }
        // Filled from the case inside the transaction below.
        "library" => Ok(None),
        "up" => Ok(Some(Edit::MoveUp(at))),
        "down" => Ok(Some(Edit::MoveDown(at))),
        "delete" => Ok(Some(Edit::Delete(at))),
        _ => {
            return Err(PageError::BadRequest(
                "Unknown change to the notice.".to_owned(),
            ));
        }
    };
    let error_field = if form.op.starts_with("append") || form.op == "library" {
        format!("add-{}", form.section)
    } else {
        field
    };
    let edit = match parsed {
        Ok(e) => e,
        Err(message) => {
            errors.add(&error_field, message);
            return show_errors(
                &state,
                &staff,
                reference,
                errors,
                Some((form.section, form.block, form.text, form.label)),
            )
            .await;
        }
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let (version, section, key) = (form.version, form.section, form.library_key.clone());
    let result = with_db(&state, move |conn| {
        let ctx = st.context(&actor);
        let edit = match edit {
            Some(e) => e,
            None => Edit::AppendBlocks {
                section,
                blocks: library::paragraph_for_case(
                    conn,
                    &ctx,
                    &r,
                    &key,
                    &st.regulator.short_name,
                )?,
            },
        };
        Ok(notices::edit(conn, &ctx, &r, version, |notice| {
            notice_edit::apply(notice, edit).map_err(|e| ServiceError::invalid("edit", e.0))
        }))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}/notice?done=notice_saved#section-{section}"
        ))),
        Err(e) => {
            errors.add(&error_field, refusal(e)?);
            show_errors(
                &state,
                &staff,
                reference,
                errors,
                Some((form.section, form.block, form.text, form.label)),
            )
            .await
        }
    }
}
