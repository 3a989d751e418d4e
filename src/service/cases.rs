//! Cases: open a case with its parties, list the caseload, show a case with every deadline,
//! and carry out the case's commands (record an event, correct one, allocate). Each use case is
//! load → check access → let the aggregate decide → save, in one transaction: the log entries,
//! the recomputed summary, the audit entry and the emails it causes are written together or not
//! at all.
//!
//! The record beside the log (wording, provisions cited, the authority's reference, the parties
//! after opening, notes, links) is in `record`, `edit`, `notes` and `links`; parsing a
//! complainant in `parties`; recomputing dates after a calendar change in `recompute`.

mod edit;
mod links;
mod listing;
mod notes;
mod parties;
mod recompute;
mod record;

pub use edit::{RecordEdit, edit};
pub use links::{link, unlink};
pub use listing::{CaseListItem, CaseListing, list, list_rendered};
pub use notes::add_note;
pub use parties::ComplainantInput;
use recompute::date_changes;
pub use recompute::recompute_open_cases;
pub use record::{CaseFile, Change, LinkedCase, Note, RecordInput};

use super::authorities::audit;
use super::{Actor, ServiceError, stamp};
pub use crate::db::caseload::CaseFilter;
use crate::db::rows::{CaseRow, NewCase, NewComplainant};
use crate::db::{AnyConnection, cases as store};
use crate::domain::authority::{Authority, Complainant};
use crate::domain::calendar::Calendars;
use crate::domain::case::{Case, CaseHeader, Command, Correction, Decision, EventInput, Rules};
use crate::domain::lifecycle::{CaseEventKind, CaseStatus};
use crate::domain::parties::{CaseReference, EmailAddress, Role};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use chrono::{DateTime, NaiveDate, Utc};
use rand::Rng;

/// What a use case needs besides the connection: who, when, and the deadline settings.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// Who is acting.
    pub actor: &'a Actor,
    /// The current instant.
    pub now: DateTime<Utc>,
    /// Today in the UK.
    pub today: NaiveDate,
    /// The deployment's deadline settings.
    pub settings: &'a ClockSettings,
    /// Calendars built from those settings.
    pub calendars: &'a Calendars,
    /// Who emails come from and whom they name as the contact.
    pub mail: &'a crate::mail::MailSettings,
}

impl Context<'_> {
    /// The rules a case is replayed under.
    #[must_use]
    pub fn rules(&self) -> Rules<'_> {
        Rules {
            settings: self.settings,
            calendars: self.calendars,
            today: self.today,
        }
    }
}

/// A new case, parsed.
#[derive(Debug, Clone)]
pub struct NewCaseInput {
    /// The case's existing reference, when it has one (a case brought in from elsewhere);
    /// otherwise a new one is made.
    pub reference: Option<CaseReference>,
    /// The regime.
    pub regime: Regime,
    /// The public authority.
    pub authority_id: i64,
    /// The complainant.
    pub complainant: ComplainantInput,
    /// The request's wording, the provisions cited, the authority's reference.
    pub record: RecordInput,
    /// Events known at the start (request, response, review, complaint …).
    pub events: Vec<EventInput>,
}

/// A case with everything staff need: the aggregate, its parties and what moved.
#[derive(Debug, Clone)]
pub struct CaseRecord {
    /// The case.
    pub case: Case,
    /// Its public authority.
    pub authority: Authority,
    /// Its complainant.
    pub complainant: Complainant,
    /// The allocated officer's name.
    pub officer_name: Option<String>,
    /// Dates that moved since the case was last saved (a bank holiday proclaimed or withdrawn
    /// since): open deadlines always follow the current calendar, and the case says so.
    pub date_changes: Vec<String>,
    /// Increases with every change.
    pub version: i32,
    /// The names of the staff the log mentions (who recorded each entry, allocated officers).
    pub staff_names: std::collections::HashMap<i64, String>,
    /// The record beside the log: wording, provisions cited, notes, links, changes.
    pub file: CaseFile,
}

impl CaseRecord {
    /// The case's reference.
    #[must_use]
    pub fn reference(&self) -> &str {
        &self.case.header().reference
    }
}

fn new_reference(rng: &mut impl Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let number: u32 = rng.random_range(100_000..1_000_000);
    let suffix: String = (0..4)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("IC-{number:06}-{suffix}")
}

fn not_found(reference: &str) -> ServiceError {
    ServiceError::NotFound(format!("there is no case {reference}"))
}

/// Loads a case (row and aggregate) for a change: the command itself then checks whether the
/// actor may make it (a refusal names the reason, 403).
///
/// # Errors
/// Not found; a stored log that no longer replays.
pub(crate) fn load_for_change(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<(CaseRow, Case), ServiceError> {
    let row =
        store::find(conn, reference.as_str())?.ok_or_else(|| not_found(reference.as_str()))?;
    let case = Case::replay(
        store::header(&row)?,
        store::log(conn, row.id)?,
        &ctx.rules(),
    )?;
    Ok((row, case))
}

/// Loads a case to read: one the actor may not read is not found, as if it did not exist.
///
/// # Errors
/// Not found; a stored log that no longer replays.
pub(crate) fn load_for_read(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<(CaseRow, Case), ServiceError> {
    let (row, case) = load_for_change(conn, ctx, reference)?;
    if case.may_read(ctx.actor) {
        Ok((row, case))
    } else {
        Err(not_found(reference.as_str()))
    }
}

/// Stores what the aggregate decided: the entries, the summary, the audit entry, and the
/// emails the change causes. Must run inside the use case's transaction.
fn store(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    row: &CaseRow,
    decision: &Decision,
    recorded_by: Option<i64>,
) -> Result<(), ServiceError> {
    if let Some(officer) = decision.state.officer_id
        && !store::is_active_staff(conn, officer)?
    {
        return Err(ServiceError::invalid(
            "unknown_officer",
            format!("there is no active member of staff with id {officer} to allocate"),
        ));
    }
    let at = stamp(ctx.now);
    store::append(conn, row.id, &decision.entries, recorded_by, at)?;
    store::store_summary(
        conn,
        row.id,
        &decision.state.summary,
        Some((at, row.version + 1)),
    )?;
    audit(conn, ctx.actor, &decision.audit, &row.reference, at)?;
    super::register::follow_case(conn, ctx, row.id, &decision.state)?;
    // Emails the change causes are queued in this same transaction.
    let recorded: Vec<(CaseEventKind, NaiveDate)> = decision
        .entries
        .iter()
        .filter(|e| e.supersedes.is_none() && !e.retracted)
        .map(|e| (e.event.kind, e.event.date))
        .collect();
    super::notify::after_events(
        conn,
        ctx,
        row,
        &recorded,
        decision.state.officer_id,
        &decision.state.evaluation,
    )
}

/// Carries out a command on a case inside the caller's transaction (the notice workflow issues
/// its decision this way).
///
/// # Errors
/// Whatever the aggregate refuses; database failures.
pub(crate) fn command_in(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    command: Command,
) -> Result<(), ServiceError> {
    let (row, case) = load_for_change(conn, ctx, reference)?;
    let decision = case.decide(ctx.actor, command, &ctx.rules())?;
    store(conn, ctx, &row, &decision, Some(ctx.actor.user_id))
}

/// Carries out a command on a case in its own transaction and returns the case after it.
///
/// # Errors
/// Not found, forbidden, or an illegal/impossible change (nothing is written).
pub fn command(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    command: Command,
) -> Result<CaseRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| command_in(conn, ctx, reference, command))?;
    detail(conn, ctx, reference)
}

/// Records an event through the events door.
///
/// # Errors
/// Not found, forbidden, an event only a workflow may record, or an illegal/impossible event.
pub fn record_event(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    input: &EventInput,
) -> Result<CaseRecord, ServiceError> {
    command(conn, ctx, reference, Command::Record(input.clone()))
}

/// Corrects an event by appending an entry that supersedes it; history is never rewritten.
///
/// # Errors
/// Not found, forbidden, already corrected (409), or an impossible result (422).
pub fn correct_event(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    event_id: i64,
    correction: &Correction,
    reason: &str,
) -> Result<CaseRecord, ServiceError> {
    let command_ = Command::Correct {
        event_id,
        correction: correction.clone(),
        reason: reason.to_owned(),
    };
    command(conn, ctx, reference, command_)
}

/// Allocates a case to an officer on a date (managers and admins).
///
/// # Errors
/// Forbidden, not found, unknown officer, or an illegal move.
pub fn allocate(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    officer_id: i64,
    date: NaiveDate,
) -> Result<CaseRecord, ServiceError> {
    command(conn, ctx, reference, Command::Allocate { officer_id, date })
}

/// Who opens the case and how its first events are checked.
enum Opening<'a> {
    /// Through a door: the creator's permissions apply.
    Door(&'a Actor),
    /// The privileged seeding path (demo and import commands).
    Seed,
}

/// The reference of a new case: the one it already has (refused when taken), or a new one.
fn reference_for(
    conn: &mut AnyConnection,
    given: Option<&CaseReference>,
) -> Result<String, ServiceError> {
    Ok(match given {
        Some(given) => {
            if store::reference_taken(conn, given.as_str())? {
                return Err(ServiceError::Conflict(format!(
                    "There is already a case {given}: find it under Cases instead of \
                     opening it again"
                )));
            }
            given.as_str().to_owned()
        }
        None => {
            let mut rng = rand::rng();
            let mut reference = new_reference(&mut rng);
            // A clash among a million references is rare; try a few fresh ones.
            for _ in 0..5 {
                if !store::reference_taken(conn, &reference)? {
                    break;
                }
                reference = new_reference(&mut rng);
            }
            reference
        }
    })
}

fn open_case(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    input: &NewCaseInput,
    opening: &Opening<'_>,
) -> Result<String, ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<String, ServiceError> {
        let at = stamp(ctx.now);
        if !store::authority_exists(conn, input.authority_id)? {
            return Err(ServiceError::invalid(
                "unknown_authority",
                format!("there is no public authority {}", input.authority_id),
            ));
        }
        let reference = reference_for(conn, input.reference.as_ref())?;
        let header = CaseHeader {
            reference: reference.clone(),
            regime: input.regime,
            officer_id: None,
            created_by: Some(ctx.actor.user_id),
        };
        let events = input.events.clone();
        let (decision, recorded_by) = match opening {
            Opening::Door(actor) => (
                Case::open(header, actor, events, &ctx.rules())?,
                Some(actor.user_id),
            ),
            Opening::Seed => (Case::seed(header, events, &ctx.rules())?, None),
        };
        let complainant_id = store::insert_complainant(
            conn,
            &NewComplainant {
                name: input.complainant.name.as_str(),
                email: input.complainant.email.as_ref().map(EmailAddress::as_str),
                postal_address: &input.complainant.postal_address,
                created_at: at,
            },
        )?;
        let row = store::insert(
            conn,
            &NewCase {
                reference: &reference,
                regime: input.regime.slug(),
                authority_id: input.authority_id,
                complainant_id,
                officer_id: None,
                created_by: Some(ctx.actor.user_id),
                status: CaseStatus::Received.slug(),
                created_at: at,
                updated_at: at,
            },
        )?;
        if !input.record.is_empty() {
            crate::db::case_record::save_record(conn, row.id, &input.record.row())?;
        }
        store(conn, ctx, &row, &decision, recorded_by)?;
        Ok(reference)
    })
}

/// Opens a case with its complainant and the events already known. Allocation and the
/// decision notice are refused here, with the action that records them.
///
/// # Errors
/// Invalid input or timeline (nothing is written), unknown authority.
pub fn create(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    input: &NewCaseInput,
) -> Result<CaseRecord, ServiceError> {
    let reference = open_case(conn, ctx, input, &Opening::Door(ctx.actor))?;
    let reference = CaseReference::parse(&reference)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
    detail(conn, ctx, &reference)
}

/// Seeds a case with its history as it happened elsewhere: the one privileged path, used by the
/// demo and the import commands and reached by no HTTP door. Any event kind is accepted,
/// checked only against the lifecycle and the clock; the audit records it as seeding.
///
/// # Errors
/// Invalid input or timeline (nothing is written), unknown authority.
pub fn seed(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    input: &NewCaseInput,
) -> Result<String, ServiceError> {
    open_case(conn, ctx, input, &Opening::Seed)
}

/// One case with its parties, log and deadlines evaluated today.
///
/// # Errors
/// Not found (also when the actor may not see it).
pub fn detail(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<CaseRecord, ServiceError> {
    Ok(record_of(conn, ctx, reference)?.1)
}

/// The case's row and record, read once (the case with its authority and complainant in one
/// query, then its log).
///
/// # Errors
/// Not found (also when the actor may not see it).
pub(crate) fn record_of(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<(CaseRow, CaseRecord), ServiceError> {
    let (row, authority, complainant) = store::with_parties(conn, reference.as_str())?
        .ok_or_else(|| not_found(reference.as_str()))?;
    let header = store::header(&row)?;
    let case = Case::replay(header, store::log(conn, row.id)?, &ctx.rules())?;
    if !case.may_read(ctx.actor) {
        return Err(not_found(reference.as_str()));
    }
    // One query for every name the case shows: who recorded each entry, whom it was allocated
    // to (the current officer among them).
    let mentioned: Vec<i64> = case
        .log()
        .iter()
        .flat_map(|e| [e.recorded_by, e.details.officer_id])
        .chain([row.officer_id])
        .flatten()
        .collect();
    let staff_names = store::staff_names(conn, &mentioned)?;
    let officer_name = row.officer_id.and_then(|id| staff_names.get(&id).cloned());
    let record = CaseRecord {
        file: record::load(conn, row.id)?,
        staff_names,
        date_changes: date_changes(&row, case.summary()),
        authority: crate::db::authorities::parse(authority)?,
        complainant: Complainant {
            name: complainant.name,
            email: complainant.email,
            postal_address: complainant.postal_address,
        },
        officer_name,
        version: row.version,
        case,
    };
    Ok((row, record))
}

/// The members of staff who can be allocated cases.
///
/// # Errors
/// Unexpected database failures.
pub fn officers(conn: &mut AnyConnection) -> Result<Vec<(i64, String, Role)>, ServiceError> {
    Ok(store::allocatable_staff(conn)?)
}

/// The reference and today's state of a case by its storage id (an outbox message's link): the
/// worker re-checks a reminder's deadline with it before sending.
///
/// # Errors
/// Database failures; a case whose log no longer replays.
pub fn state_by_id(
    conn: &mut AnyConnection,
    case_id: i64,
    rules: &Rules<'_>,
) -> Result<Option<(String, crate::domain::case::CaseState)>, ServiceError> {
    let Some(row) = store::find_by_id(conn, case_id)? else {
        return Ok(None);
    };
    let case = Case::replay(store::header(&row)?, store::log(conn, row.id)?, rules)?;
    Ok(Some((row.reference, case.state().clone())))
}
