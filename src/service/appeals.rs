//! Appeals: open an appeal on a case's issued notice, record its stages and its record, list
//! the appeals for the appeals team, show one with its chain, parties, documents and deadlines,
//! and keep its documents. Each change is one transaction: load the case → check access and the
//! command in the domain → append the case's entry (so its clocks follow) → store the appeal's
//! record and summary → audit → queue the emails it causes.

use super::authorities::audit;
use super::cases::{self, Context};
use super::{ServiceError, stamp};
use crate::db::appeals::{self as store, NewDocument};
pub use crate::db::appeals::{AppealFilter, ListedAppeal};
use crate::db::{AnyConnection, cases as case_store};
use crate::domain::appeal::commands::{self, AppealChange, OpenAppeal, RecordChange};
use crate::domain::appeal::documents::{self, DocumentKind};
use crate::domain::appeal::{Appeal, AppealStatus, next_deadline};
use crate::domain::case::{Case, Command};
use crate::domain::deadline::{Deadline, DeadlineName};
use crate::domain::parties::CaseReference;
use crate::domain::tribunal::Stage;
use chrono::NaiveDate;

/// An appeal with what its page and the API show.
#[derive(Debug, Clone)]
pub struct AppealRecord {
    /// The appeal.
    pub appeal: Appeal,
    /// Its case's reference.
    pub case_reference: String,
    /// The case's public authority (short name).
    pub authority: String,
    /// The chain it belongs to, from the First-tier appeal up (itself included).
    pub chain: Vec<Appeal>,
    /// The case's deadlines that belong to this appeal, with "why this date".
    pub deadlines: Vec<Deadline>,
    /// Warnings of the case's clock (e.g. steps that no longer apply).
    pub warnings: Vec<String>,
    /// The next deadline.
    pub next: Option<(NaiveDate, DeadlineName)>,
    /// Its documents (closed ones only for those who may change the case).
    pub documents: Vec<store::rows::DocumentMetaRow>,
    /// Whether the actor may change it.
    pub may_change: bool,
    /// The case's log entries recorded on this appeal, oldest first (corrections included).
    pub log: Vec<crate::domain::case::LoggedEvent>,
    /// What the team waits for while none of its clocks runs.
    pub awaited: Option<&'static str>,
    /// The names of the staff who recorded its entries.
    pub staff_names: std::collections::HashMap<i64, String>,
    /// The provisions the case's notice decided ("s40(2)"), for a decision allowed in part.
    pub provisions: Vec<String>,
}

fn not_found(id: i64) -> ServiceError {
    ServiceError::NotFound(format!("there is no appeal {id}"))
}

fn reference_of(row: &crate::db::rows::CaseRow) -> Result<CaseReference, ServiceError> {
    CaseReference::parse(&row.reference)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!("stored case reference: {m}")))
}

fn appeals_of_case(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<Appeal>, ServiceError> {
    store::of_case(conn, case_id)?
        .iter()
        .map(|(r, p)| store::appeal(r, p).map_err(ServiceError::from))
        .collect()
}

/// Recomputes the appeal's status, outcome and next deadline from the case as it now is, and
/// stores its record.
fn resummarise(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal: &mut Appeal,
    case: &Case,
) -> Result<(), ServiceError> {
    commands::summarise(appeal, &case.effective());
    let next = next_deadline(case.deadlines(), appeal.stage, appeal.status)
        .and_then(|d| d.date.map(|date| (date, d.name)));
    store::store(conn, appeal, next, stamp(ctx.now))?;
    // The published notice shows the appeal (and the register's index follows).
    super::register::follow_appeals(conn, ctx, appeal.case_id)?;
    Ok(())
}

/// Opens an appeal on the case's issued notice (or moves one up a stage) and returns its id.
///
/// # Errors
/// Not found; forbidden (not the case's officer or a manager); conflict (no issued notice, a
/// reference already recorded); invalid (a stage out of order, an impossible timeline).
pub fn open(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    input: &OpenAppeal,
) -> Result<i64, ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<i64, ServiceError> {
        let (row, record) = cases::record_of(conn, ctx, reference)?;
        let existing = appeals_of_case(conn, row.id)?;
        let parent = match input.parent_id {
            Some(pid) => Some(
                existing
                    .iter()
                    .find(|a| a.id == pid)
                    .ok_or_else(|| {
                        ServiceError::invalid(
                            "parent_not_on_case",
                            format!("appeal {pid} is not an appeal on case {}", row.reference),
                        )
                    })?
                    .clone(),
            ),
            None => None,
        };
        let open_first_tier = existing
            .iter()
            .find(|a| a.stage == Stage::FirstTier && a.status == AppealStatus::Open);
        commands::check_open(
            &record.case,
            ctx.actor,
            input,
            parent.as_ref(),
            open_first_tier,
        )?;
        let stage = input.reference.stage();
        if store::reference_taken(conn, stage, &input.reference)? {
            return Err(ServiceError::Conflict(format!(
                "an appeal {} is already recorded at the {}",
                input.reference.as_str(),
                stage.label()
            )));
        }
        let mut appeal = Appeal {
            id: 0,
            case_id: row.id,
            parent_id: input.parent_id,
            stage,
            reference: input.reference.clone(),
            appellant: input.appellant,
            received_on: input.date,
            status: AppealStatus::Open,
            outcome: None,
            decided_on: None,
            stance: None,
            hearing: None,
            closed_material: false,
            parties: Appeal::first_parties(
                input.appellant,
                &record.complainant.name,
                &record.authority.formal_name,
            ),
        };
        appeal.id = store::insert(conn, &appeal, Some(ctx.actor.user_id), stamp(ctx.now))?;
        let event = commands::opening_event(input, appeal.id);
        cases::command_in(conn, ctx, reference, Command::RecordAppeal(event.clone()))?;
        let (_, case) = cases::load_for_change(conn, ctx, reference)?;
        resummarise(conn, ctx, &mut appeal, &case)?;
        audit(
            conn,
            ctx.actor,
            "appeal.open",
            &row.reference,
            stamp(ctx.now),
        )?;
        super::notify::after_appeal(conn, ctx, &row, &appeal, &event, &case)?;
        Ok(appeal.id)
    })
}

/// Records a stage or a change of record on an appeal.
///
/// # Errors
/// Not found; forbidden; invalid (a stage that does not fit, an impossible timeline).
pub fn record(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal_id: i64,
    change: AppealChange,
) -> Result<(), ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, parties) = store::find(conn, appeal_id)?.ok_or_else(|| not_found(appeal_id))?;
        let mut appeal = store::appeal(&row, &parties)?;
        let case_row = case_store::by_id(conn, appeal.case_id)?;
        let reference = reference_of(&case_row)?;
        let (_, case) = cases::load_for_change(conn, ctx, &reference)?;
        commands::check_change(&case, ctx.actor, &appeal, &change, ctx.today)?;
        let action = change.audit_action();
        let case = match change {
            AppealChange::Stage(mut event) => {
                event.details.appeal_id = Some(appeal.id);
                cases::command_in(conn, ctx, &reference, Command::RecordAppeal(event.clone()))?;
                let (_, case) = cases::load_for_change(conn, ctx, &reference)?;
                commands::summarise(&mut appeal, &case.effective());
                super::notify::after_appeal(conn, ctx, &case_row, &appeal, &event, &case)?;
                case
            }
            AppealChange::Record(change, date) => {
                if let RecordChange::PartyJoined(p) = &change {
                    store::add_party(
                        conn,
                        appeal.id,
                        &crate::domain::appeal::Party {
                            joined_on: p.joined_on.or(Some(date)),
                            ..p.clone()
                        },
                    )?;
                }
                commands::apply_record(&mut appeal, &change, date);
                case
            }
        };
        resummarise(conn, ctx, &mut appeal, &case)?;
        audit(
            conn,
            ctx.actor,
            &action,
            &case_row.reference,
            stamp(ctx.now),
        )?;
        Ok(())
    })
}

/// One appeal with its chain, deadlines and documents.
///
/// # Errors
/// Not found.
pub fn detail(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal_id: i64,
) -> Result<AppealRecord, ServiceError> {
    let (row, parties) = store::find(conn, appeal_id)?.ok_or_else(|| not_found(appeal_id))?;
    let appeal = store::appeal(&row, &parties)?;
    let case_row = case_store::by_id(conn, appeal.case_id)?;
    let (_, record) = cases::record_of(conn, ctx, &reference_of(&case_row)?)?;
    let all = appeals_of_case(conn, appeal.case_id)?;
    // The chain: walk up the parents, then down the children.
    let mut chain = vec![appeal.clone()];
    while let Some(parent) = chain[0]
        .parent_id
        .and_then(|p| all.iter().find(|a| a.id == p))
    {
        chain.insert(0, parent.clone());
    }
    while let Some(child) = chain
        .last()
        .and_then(|last| all.iter().find(|a| a.parent_id == Some(last.id)))
    {
        chain.push(child.clone());
    }
    let case = &record.case;
    let may_change = case.may_change(ctx.actor);
    let deadlines: Vec<Deadline> = case
        .deadlines()
        .iter()
        .filter(|d| crate::domain::appeal::belongs_to(d.name, appeal.stage))
        .cloned()
        .collect();
    let next = next_deadline(case.deadlines(), appeal.stage, appeal.status)
        .and_then(|d| d.date.map(|date| (date, d.name)));
    let effective = case.effective();
    let own: Vec<&Deadline> = deadlines.iter().collect();
    let awaited = crate::domain::appeal::progress::awaited(
        &own,
        &effective,
        appeal.id,
        appeal.stage,
        appeal.status,
    );
    let log = case
        .log()
        .iter()
        .filter(|e| e.details.appeal_id == Some(appeal.id))
        .cloned()
        .collect();
    let documents = store::documents(conn, appeal.id)?
        .into_iter()
        .filter(|d| documents::may_read(d.closed, may_change))
        .collect();
    Ok(AppealRecord {
        case_reference: case_row.reference.clone(),
        authority: record.authority.short_name.clone(),
        chain,
        deadlines,
        warnings: case.state().evaluation.warnings.clone(),
        next,
        documents,
        may_change,
        log,
        awaited,
        staff_names: record.staff_names.clone(),
        provisions: crate::db::notices::issued_provisions(conn, appeal.case_id)?,
        appeal,
    })
}

/// Corrects (a new date) or withdraws a stage recorded on an appeal, with the reason; the log
/// keeps both entries and who made the correction, when and why. The appeal's status, outcome
/// and next deadline follow.
///
/// # Errors
/// Not found (no such appeal, or the stage is not one of its own); forbidden; conflict (already
/// corrected); invalid (no reason, the opening of the appeal, an impossible result).
pub fn correct(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal_id: i64,
    event_id: i64,
    correction: crate::domain::case::Correction,
    reason: &str,
) -> Result<(), ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, parties) = store::find(conn, appeal_id)?.ok_or_else(|| not_found(appeal_id))?;
        let mut appeal = store::appeal(&row, &parties)?;
        let case_row = case_store::by_id(conn, appeal.case_id)?;
        let reference = reference_of(&case_row)?;
        let command = Command::CorrectAppeal {
            appeal_id,
            event_id,
            correction,
            reason: reason.to_owned(),
        };
        cases::command_in(conn, ctx, &reference, command)?;
        let (_, case) = cases::load_for_change(conn, ctx, &reference)?;
        resummarise(conn, ctx, &mut appeal, &case)?;
        Ok(())
    })
}

/// The appeals of a case (for its page), oldest first.
///
/// # Errors
/// Database failures.
pub fn of_case(conn: &mut AnyConnection, reference: &str) -> Result<Vec<Appeal>, ServiceError> {
    match case_store::find(conn, reference)? {
        Some(row) => appeals_of_case(conn, row.id),
        None => Ok(Vec::new()),
    }
}

/// A page of the appeals list, next deadline first, with the total.
///
/// # Errors
/// Database failures; a stored value that does not parse.
pub fn list(
    conn: &mut AnyConnection,
    filter: &AppealFilter,
) -> Result<(Vec<(Appeal, ListedAppeal)>, i64), ServiceError> {
    let (rows, total) = store::list(conn, filter)?;
    let items = rows
        .into_iter()
        .map(|l| Ok((store::appeal(&l.row, &[])?, l)))
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok((items, total))
}

/// What an upload says about its file.
#[derive(Debug, Clone)]
pub struct UploadMeta {
    /// What it is.
    pub kind: DocumentKind,
    /// The name it was uploaded with.
    pub filename: String,
    /// When it was sent.
    pub sent_on: Option<NaiveDate>,
    /// When it was received.
    pub received_on: Option<NaiveDate>,
    /// Closed material (GRC rule 14).
    pub closed: bool,
}

/// Stores a document of an appeal after checking its type and size.
///
/// # Errors
/// Not found; forbidden; invalid (an empty, too large or unaccepted file).
pub fn upload(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal_id: i64,
    meta: &UploadMeta,
    bytes: &[u8],
) -> Result<i64, ServiceError> {
    let checked = documents::check(bytes, &meta.filename)
        .map_err(|m| ServiceError::invalid("bad_document", m))?;
    crate::db::write_transaction(conn, |conn| -> Result<i64, ServiceError> {
        let (row, _) = store::find(conn, appeal_id)?.ok_or_else(|| not_found(appeal_id))?;
        let case_row = case_store::by_id(conn, row.case_id)?;
        let (_, case) = cases::load_for_change(conn, ctx, &reference_of(&case_row)?)?;
        if !case.may_change(ctx.actor) {
            return Err(ServiceError::Forbidden(format!(
                "case {} is not allocated to you; only its officer or a manager may add documents to its appeals",
                case_row.reference
            )));
        }
        let id = store::add_document(
            conn,
            &NewDocument {
                appeal_id,
                kind: meta.kind.slug(),
                filename: &checked.filename,
                content_type: checked.content_type,
                sent_on: meta.sent_on,
                received_on: meta.received_on,
                closed: meta.closed,
                content: bytes,
            },
            Some(ctx.actor.user_id),
            stamp(ctx.now),
        )?;
        audit(
            conn,
            ctx.actor,
            "appeal.document",
            &case_row.reference,
            stamp(ctx.now),
        )?;
        Ok(id)
    })
}

/// A document and its content, when the actor may read it (a closed one only by the case's
/// officer and managers; otherwise not found, as if it did not exist).
///
/// # Errors
/// Not found.
pub fn download(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    appeal_id: i64,
    document_id: i64,
) -> Result<(store::rows::DocumentMetaRow, Vec<u8>), ServiceError> {
    let missing =
        || ServiceError::NotFound(format!("appeal {appeal_id} has no document {document_id}"));
    let (row, _) = store::find(conn, appeal_id)?.ok_or_else(|| not_found(appeal_id))?;
    let (meta, content) = store::document(conn, appeal_id, document_id)?.ok_or_else(missing)?;
    let case_row = case_store::by_id(conn, row.case_id)?;
    let (_, case) = cases::load_for_read(conn, ctx, &reference_of(&case_row)?)?;
    if documents::may_read(meta.closed, case.may_change(ctx.actor)) {
        Ok((meta, content))
    } else {
        Err(missing())
    }
}
