//! The editor's one form: every paragraph and sub-heading of the notice, its outcomes, and the
//! change asked for (save, move, add, insert from the library), read together so that
//! pressing any button keeps every word typed; "Delete" saves the texts and goes to the
//! confirmation page (`delete`). Posted normally it redirects or shows the page
//! again with what was typed; autosaved (`/notice/autosave`, by `assets/notice-editor.js`) it
//! answers JSON. Both check the version the form was opened at.

use super::delete::place;
use super::{Typed, show_errors};
use crate::domain::notice::edit::{self as notice_edit, BlockText, Edit, Place};
use crate::domain::notice::text::parse_parts;
use crate::domain::notice::{Notice, Provision, ProvisionDecided};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::CaseReference;
use crate::service::ServiceError;
use crate::service::library;
use crate::service::notices;
use crate::web::pages::forms::FormErrors;
use crate::web::pages::session::Posted;
use crate::web::pages::{AppState, PageError, case_reference, refusal, see_other, with_db};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use std::collections::HashMap;

/// The change a button asks for, besides saving the text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Op {
    Save,
    Block(&'static str, Place),
    Library(usize),
    NewParagraph(usize),
    NewSubheading(usize),
}

/// The form, read.
struct Read {
    version: i32,
    texts: Vec<(Place, BlockText)>,
    provisions: Vec<ProvisionDecided>,
    overall: Option<Outcome>,
    op: Op,
    library_key: String,
    new_text: String,
}

fn read_op(op: &str) -> Option<Op> {
    if op == "save" || op.is_empty() {
        return Some(Op::Save);
    }
    let (name, rest) = op.split_once(':')?;
    let section = || rest.parse::<usize>().ok();
    match name {
        "up" => Some(Op::Block("up", place(rest)?)),
        "down" => Some(Op::Block("down", place(rest)?)),
        "delete" => Some(Op::Block("delete", place(rest)?)),
        "library" => section().map(Op::Library),
        "paragraph" => section().map(Op::NewParagraph),
        "subheading" => section().map(Op::NewSubheading),
        _ => None,
    }
}

/// Reads the form; each field's problem is put beside it.
fn read(form: &HashMap<String, String>, errors: &mut FormErrors) -> Result<Read, PageError> {
    let bad = || PageError::BadRequest("Unknown change to the notice.".to_owned());
    let field = |k: &str| form.get(k).map_or("", String::as_str);
    let op = read_op(field("op")).ok_or_else(bad)?;
    let mut texts = Vec::new();
    for (key, value) in form {
        if let Some(rest) = key.strip_prefix("heading-") {
            let at = place(rest).ok_or_else(bad)?;
            if value.trim().is_empty() {
                errors.add(&format!("block-{rest}"), "Enter the sub-heading");
            }
            texts.push((at, BlockText::Subheading(value.trim().to_owned())));
        } else if let Some(rest) = key.strip_prefix("text-") {
            let at = place(rest).ok_or_else(bad)?;
            let label =
                Some(field(&format!("label-{rest}")).trim().to_owned()).filter(|l| !l.is_empty());
            if let Some(l) = &label
                && let Err(e) = notice_edit::check_label(l)
            {
                errors.add(&format!("block-{rest}"), e.0);
            }
            match parse_parts(value) {
                Ok(parts) => texts.push((at, BlockText::Paragraph { label, parts })),
                Err(e) => errors.add(&format!("block-{rest}"), e.0),
            }
        }
    }
    texts.sort_by_key(|(p, _)| (p.section, p.block));
    let mut provisions = Vec::new();
    for i in 0..200 {
        let Some(typed) = form.get(&format!("provision-{i}")) else {
            break;
        };
        let chosen = Outcome::from_slug(field(&format!("outcome-{i}")));
        // A suggestion offered without an outcome is left out until one is chosen.
        let suggested = !field(&format!("suggested-{i}")).is_empty();
        match (typed.trim(), chosen) {
            ("", None) => {}
            (_, None) if suggested => {}
            ("", Some(_)) => errors.add(&format!("provision-{i}"), "Enter the provision"),
            (_, None) => errors.add(
                &format!("provision-{i}"),
                "Choose the outcome for this provision",
            ),
            (text, Some(o)) => match Provision::parse(text) {
                Ok(p) => provisions.push(ProvisionDecided {
                    provision: p,
                    outcome: o,
                }),
                Err(e) => errors.add(&format!("provision-{i}"), e.to_string()),
            },
        }
    }
    let section = match op {
        Op::Library(s) | Op::NewParagraph(s) | Op::NewSubheading(s) => s,
        _ => 0,
    };
    let library_key = field(&format!("library-{section}")).to_owned();
    let new_text = field(&format!("new-{section}")).to_owned();
    match op {
        Op::Library(_) if library_key.is_empty() => errors.add(
            &format!("add-{section}"),
            "Select a paragraph from the library",
        ),
        Op::NewParagraph(_) | Op::NewSubheading(_) if new_text.trim().is_empty() => {
            errors.add(&format!("add-{section}"), "Enter the text to add")
        }
        _ => {}
    }
    Ok(Read {
        version: field("version").parse().unwrap_or(0),
        texts,
        provisions,
        overall: Outcome::from_slug(field("overall")),
        op,
        library_key,
        new_text,
    })
}

/// Applies the whole form to the notice: every text, the outcomes, then the change asked for.
fn apply(
    notice: &mut Notice,
    read: Read,
    library: Vec<crate::domain::notice::Block>,
) -> Result<(), ServiceError> {
    let edit_error = |e: notice_edit::EditError| ServiceError::invalid("edit", e.0);
    notice_edit::apply_texts(notice, read.texts).map_err(edit_error)?;
    notice.provisions = read.provisions;
    notice.overall_outcome = read.overall;
    let edit = match read.op {
        // Deleting is confirmed on its own page (`delete`): here the texts are only saved.
        Op::Save | Op::Block("delete", _) => return Ok(()),
        Op::Block("up", at) => Edit::MoveUp(at),
        Op::Block(_, at) => Edit::MoveDown(at),
        Op::Library(section) => Edit::AppendBlocks {
            section,
            blocks: library,
        },
        Op::NewParagraph(section) => Edit::AppendParagraph {
            section,
            parts: parse_parts(&read.new_text).map_err(|e| ServiceError::invalid("edit", e.0))?,
        },
        Op::NewSubheading(section) => Edit::AppendSubheading {
            section,
            text: read.new_text.trim().to_owned(),
        },
    };
    notice_edit::apply(notice, edit).map_err(edit_error)
}

/// Reads and saves the form in one transaction; the saved version's number, or the refusal.
async fn save(
    state: &web::Data<AppState>,
    staff: &crate::web::pages::session::Staff,
    reference: &CaseReference,
    read: Read,
) -> Result<Result<i32, ServiceError>, PageError> {
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    with_db(state, move |conn| {
        let ctx = st.context(&actor);
        let library = match read.op {
            Op::Library(_) => library::paragraph_for_case(
                conn,
                &ctx,
                &r,
                &read.library_key,
                &st.regulator.short_name,
            )?,
            _ => Vec::new(),
        };
        let version = read.version;
        Ok(notices::edit(conn, &ctx, &r, version, |notice| {
            apply(notice, read, library)
        })
        .map(|record| record.stored.version))
    })
    .await
}

fn anchor(op: &Op) -> String {
    match op {
        Op::Save => String::new(),
        Op::Block(_, at) => format!("#section-{}", at.section),
        Op::Library(s) | Op::NewParagraph(s) | Op::NewSubheading(s) => format!("#section-{s}"),
    }
}

/// `POST /cases/{reference}/notice/edit`: saves the whole form and makes the change asked for.
/// A conflict (someone saved meanwhile) shows the page with both texts: what was typed stays
/// in the form, what was saved meanwhile beside it.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let read = read(&form, &mut errors)?;
    let typed = Typed(form);
    if !errors.is_empty() {
        return show_errors(
            &state,
            &staff,
            reference,
            errors,
            Some(typed),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let to = anchor(&read.op);
    let deleting = match read.op {
        Op::Block("delete", at) => Some(format!("{}-{}", at.section, at.block)),
        _ => None,
    };
    match save(&state, &staff, &reference, read).await? {
        Ok(_) if let Some(block) = deleting => Ok(see_other(&format!(
            "/cases/{reference}/notice/delete?block={block}"
        ))),
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}/notice?done=notice_saved{to}"
        ))),
        Err(ServiceError::Conflict(message) | ServiceError::Stale(message)) => {
            errors.add("actions", message);
            show_errors(
                &state,
                &staff,
                reference,
                errors,
                Some(typed),
                StatusCode::CONFLICT,
            )
            .await
        }
        Err(e) => {
            errors.add("actions", refusal(e)?);
            show_errors(
                &state,
                &staff,
                reference,
                errors,
                Some(typed),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
    }
}

/// `POST /cases/{reference}/notice/autosave`: the same form, saved in the background. Answers
/// `{"version": N}`, 409 `{"conflict": "…"}` when someone saved meanwhile (the script then
/// posts the form normally, which shows both texts), or 422 `{"errors": {...}}`.
///
/// # Errors
/// Forbidden, not found, database failures.
pub async fn autosave(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, mut form } = posted;
    let reference = case_reference(&path)?;
    form.insert("op".to_owned(), "save".to_owned());
    let mut errors = FormErrors::default();
    let read = read(&form, &mut errors)?;
    if !errors.is_empty() {
        return Ok(HttpResponse::UnprocessableEntity()
            .json(serde_json::json!({ "errors": errors.by_field })));
    }
    match save(&state, &staff, &reference, read).await? {
        Ok(version) => Ok(HttpResponse::Ok().json(serde_json::json!({ "version": version }))),
        Err(ServiceError::Conflict(message) | ServiceError::Stale(message)) => {
            Ok(HttpResponse::Conflict().json(serde_json::json!({ "conflict": message })))
        }
        Err(e) => Ok(HttpResponse::UnprocessableEntity()
            .json(serde_json::json!({ "errors": { "actions": refusal(e)? } }))),
    }
}
