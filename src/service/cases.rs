//! Cases: open a case with its parties, list and filter the caseload, show a case with every
//! deadline, record and correct events, allocate. Each call is one transaction: the event row,
//! the recomputed summary columns and the audit entry are written together or not at all.

use super::authorities::{AuthorityView, audit};
use super::events::{EventDetails, EventInput, effective, replay, to_domain};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::{
    AuthorityRow, CaseRow, ComplainantRow, EventRow, NewCase, NewComplainant, NewEvent, UserRow,
};
use crate::db::schema::{authorities, case_events, cases, complainants, users};
use crate::domain::calendar::Calendars;
use crate::domain::deadline::Deadline;
use crate::domain::lifecycle::{CaseEventKind, CaseStatus, WorkflowKind};
use crate::domain::parties::{CaseReference, EmailAddress, RequiredText, Role};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use rand::Rng;
use serde::Serialize;

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

/// A complainant, parsed.
#[derive(Debug, Clone)]
pub struct ComplainantInput {
    /// Name.
    pub name: RequiredText,
    /// Email, if they gave one.
    pub email: Option<EmailAddress>,
    /// Postal address.
    pub postal_address: String,
}

/// A new case, parsed.
#[derive(Debug, Clone)]
pub struct NewCaseInput {
    /// The regime.
    pub regime: Regime,
    /// The public authority.
    pub authority_id: i64,
    /// The complainant.
    pub complainant: ComplainantInput,
    /// Events known at the start (request, response, review, complaint …).
    pub events: Vec<EventInput>,
}

/// Filters for the caseload.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Lifecycle status.
    pub status: Option<CaseStatus>,
    /// Public authority.
    pub authority_id: Option<i64>,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// Regime.
    pub regime: Option<Regime>,
    /// Only cases whose next deadline has passed.
    pub overdue: bool,
    /// Only cases with a next deadline on or before this date.
    pub due_before: Option<NaiveDate>,
    /// Words found in the reference, the authority's name or the complainant's name.
    pub search: Option<String>,
    /// 1-based page.
    pub page: i64,
    /// Page size (1–100).
    pub per_page: i64,
}

/// A case in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseSummaryView {
    /// Reference.
    pub reference: String,
    /// Regime.
    pub regime: String,
    /// Status identifier.
    pub status: String,
    /// Status in words.
    pub status_label: String,
    /// Public authority id.
    pub authority_id: i64,
    /// Public authority short name.
    pub authority: String,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// The next open deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<String>,
    /// Whether it has passed.
    pub overdue: bool,
}

/// A page of cases.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CasePage {
    /// The cases.
    pub items: Vec<CaseSummaryView>,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Cases matching the filters.
    pub total: i64,
}

/// The complainant as staff see them (personal data: never logged or published).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplainantView {
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// Postal address.
    pub postal_address: String,
}

/// An entry of the event log.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    /// Identifier.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Kind in words.
    pub label: String,
    /// Date.
    pub date: NaiveDate,
    /// Instant, when recorded from a timestamp (UTC).
    pub timestamp: Option<NaiveDateTime>,
    /// Extra fields.
    pub details: EventDetails,
    /// The event this one corrects.
    pub supersedes: Option<i64>,
    /// Whether this correction withdraws the event.
    pub retracted: bool,
    /// Whether the event counts (not corrected since).
    pub effective: bool,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// A case with everything staff need.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    /// Reference.
    pub reference: String,
    /// Regime.
    pub regime: String,
    /// Status identifier.
    pub status: String,
    /// Status in words.
    pub status_label: String,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// Public authority.
    pub authority: AuthorityView,
    /// Complainant.
    pub complainant: ComplainantView,
    /// Allocated officer id.
    pub officer_id: Option<i64>,
    /// Allocated officer name.
    pub officer_name: Option<String>,
    /// The full log, corrections included.
    pub events: Vec<EventView>,
    /// Every deadline with status and lateness, from the engine.
    #[schema(value_type = Vec<Object>)]
    pub deadlines: Vec<Deadline>,
    /// Warnings from the engine.
    pub warnings: Vec<String>,
    /// Dates that moved since the case was last saved (a bank holiday proclaimed or withdrawn
    /// since): open deadlines always follow the current calendar, and the case says so.
    pub date_changes: Vec<String>,
    /// Increases with every change.
    pub version: i32,
}

fn new_reference(rng: &mut impl Rng) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let number: u32 = rng.random_range(100_000..1_000_000);
    let suffix: String = (0..4)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("IC-{number:06}-{suffix}")
}

/// The case row of a reference.
///
/// # Errors
/// Not found.
pub(crate) fn load_case(
    conn: &mut AnyConnection,
    reference: &CaseReference,
) -> Result<CaseRow, ServiceError> {
    cases::table
        .filter(cases::reference.eq(reference.as_str()))
        .select(CaseRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no case {reference}")))
}

fn can_read(actor: &Actor, case: &CaseRow) -> bool {
    actor.sees_every_case()
        || case.officer_id == Some(actor.user_id)
        || (case.officer_id.is_none() && case.created_by == Some(actor.user_id))
}

/// Officers change only the cases allocated to them (or unallocated cases they opened).
fn check_can_change(actor: &Actor, case: &CaseRow) -> Result<(), ServiceError> {
    if can_read(actor, case) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "case {} is not allocated to you; only its officer or a manager may change it",
            case.reference
        )))
    }
}

fn load_events(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<EventRow>, ServiceError> {
    Ok(case_events::table
        .filter(case_events::case_id.eq(case_id))
        .order(case_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?)
}

fn new_event_row(
    case_id: i64,
    input: &EventInput,
    supersedes: Option<i64>,
    retracted: bool,
    ctx: &Context<'_>,
) -> Result<NewEvent, ServiceError> {
    Ok(NewEvent {
        case_id,
        kind: input.kind.slug().to_owned(),
        event_date: input.date,
        event_timestamp: input.timestamp,
        details: serde_json::to_string(&input.details)
            .map_err(|e| ServiceError::Unexpected(e.into()))?,
        supersedes,
        retracted,
        recorded_by: Some(ctx.actor.user_id),
        recorded_at: stamp(ctx.now),
    })
}

/// Replays the case's log with `extra` rows as if stored, refusing an impossible result, and
/// writes the rows and the recomputed summary. Must run inside a transaction.
fn apply_and_store(
    conn: &mut AnyConnection,
    case: &CaseRow,
    new_rows: Vec<NewEvent>,
    ctx: &Context<'_>,
) -> Result<(), ServiceError> {
    let regime = Regime::from_slug(&case.regime)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
    for row in &new_rows {
        diesel::insert_into(case_events::table)
            .values(row)
            .execute(conn)?;
    }
    let stored = load_events(conn, case.id)?;
    let effective_rows = effective(&stored);
    let events = to_domain(&effective_rows)?;
    let state = replay(regime, &events, ctx.settings, ctx.calendars, ctx.today)?;
    if let Some(officer) = state.officer_id {
        check_officer(conn, officer)?;
    }
    diesel::update(cases::table.find(case.id))
        .set((
            &state.summary,
            cases::updated_at.eq(stamp(ctx.now)),
            cases::version.eq(case.version + 1),
        ))
        .execute(conn)?;
    // Emails the change causes are queued in this same transaction.
    let recorded: Vec<(CaseEventKind, NaiveDate)> = new_rows
        .iter()
        .filter(|r| r.supersedes.is_none() && !r.retracted)
        .filter_map(|r| {
            CaseEventKind::from_slug(&r.kind)
                .ok()
                .map(|k| (k, r.event_date))
        })
        .collect();
    super::notify::after_events(
        conn,
        ctx,
        case,
        &recorded,
        state.officer_id,
        &state.evaluation,
    )
}

fn check_officer(conn: &mut AnyConnection, officer: i64) -> Result<(), ServiceError> {
    let user: Option<UserRow> = users::table
        .find(officer)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    match user {
        Some(u) if u.active => Ok(()),
        _ => Err(ServiceError::invalid(
            "unknown_officer",
            format!("there is no active member of staff with id {officer} to allocate"),
        )),
    }
}

/// Opens a case with its complainant and any events already known.
///
/// # Errors
/// Invalid input or timeline (nothing is written), unknown authority.
pub fn create(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    input: &NewCaseInput,
) -> Result<CaseDetail, ServiceError> {
    let reference = conn.transaction(|conn| -> Result<String, ServiceError> {
        let at = stamp(ctx.now);
        let authority_exists: i64 = authorities::table
            .filter(authorities::id.eq(input.authority_id))
            .count()
            .get_result(conn)?;
        if authority_exists == 0 {
            return Err(ServiceError::invalid(
                "unknown_authority",
                format!("there is no public authority {}", input.authority_id),
            ));
        }
        let complainant_id: i64 = diesel::insert_into(complainants::table)
            .values(&NewComplainant {
                name: input.complainant.name.as_str(),
                email: input.complainant.email.as_ref().map(EmailAddress::as_str),
                postal_address: &input.complainant.postal_address,
                created_at: at,
            })
            .returning(complainants::id)
            .get_result(conn)?;
        let mut rng = rand::rng();
        let mut reference = new_reference(&mut rng);
        // A clash among a million references is rare; try a few fresh ones.
        for _ in 0..5 {
            let taken: i64 = cases::table
                .filter(cases::reference.eq(&reference))
                .count()
                .get_result(conn)?;
            if taken == 0 {
                break;
            }
            reference = new_reference(&mut rng);
        }
        let case_id: i64 = diesel::insert_into(cases::table)
            .values(&NewCase {
                reference: &reference,
                regime: input.regime.slug(),
                authority_id: input.authority_id,
                complainant_id,
                officer_id: None,
                created_by: Some(ctx.actor.user_id),
                status: CaseStatus::Received.slug(),
                created_at: at,
                updated_at: at,
            })
            .returning(cases::id)
            .get_result(conn)?;
        let case = cases::table
            .find(case_id)
            .select(CaseRow::as_select())
            .first(conn)?;
        let rows = input
            .events
            .iter()
            .map(|e| new_event_row(case_id, e, None, false, ctx))
            .collect::<Result<Vec<_>, _>>()?;
        apply_and_store(conn, &case, rows, ctx)?;
        audit(conn, ctx.actor, "case.create", &reference, at)?;
        Ok(reference)
    })?;
    let reference = CaseReference::parse(&reference)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
    detail(conn, ctx, &reference)
}

/// Records an event on a case.
///
/// # Errors
/// Not found, forbidden, or an illegal/impossible event (nothing is written).
pub fn record_event(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    input: &EventInput,
) -> Result<CaseDetail, ServiceError> {
    if matches!(input.kind, CaseEventKind::Workflow(WorkflowKind::Allocated)) {
        ctx.actor.require_manager("allocate cases")?;
    }
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        check_can_change(ctx.actor, &case)?;
        record_event_in(conn, ctx, &case, input)
    })?;
    detail(conn, ctx, reference)
}

/// Records an event inside the caller's transaction (used when issuing a notice).
///
/// # Errors
/// An illegal or impossible event.
pub fn record_event_in(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    input: &EventInput,
) -> Result<(), ServiceError> {
    let row = new_event_row(case.id, input, None, false, ctx)?;
    apply_and_store(conn, case, vec![row], ctx)?;
    audit(
        conn,
        ctx.actor,
        &format!("case.event.{}", input.kind.slug()),
        &case.reference,
        stamp(ctx.now),
    )
}

/// A correction: a replacement for an event, or its withdrawal.
#[derive(Debug, Clone)]
pub enum Correction {
    /// The event as it should have been recorded (same kind).
    Replace(EventInput),
    /// The event happened on another day: same kind and details, the new date.
    Redate(NaiveDate),
    /// The event should never have been recorded.
    Retract,
}

/// Corrects an event by appending a row that supersedes it; history is never rewritten.
///
/// # Errors
/// Not found, forbidden, already corrected (409), or an impossible result (422).
pub fn correct_event(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    event_id: i64,
    correction: &Correction,
) -> Result<CaseDetail, ServiceError> {
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        check_can_change(ctx.actor, &case)?;
        let stored = load_events(conn, case.id)?;
        let original = stored
            .iter()
            .find(|e| e.id == event_id)
            .ok_or_else(|| ServiceError::NotFound(format!("case {reference} has no event {event_id}")))?;
        if let Some(later) = stored.iter().find(|e| e.supersedes == Some(event_id)) {
            return Err(ServiceError::Conflict(format!(
                "event {event_id} was already corrected by event {}; correct that one instead",
                later.id
            )));
        }
        if original.retracted {
            return Err(ServiceError::Conflict(format!("event {event_id} is a withdrawal and cannot be corrected")));
        }
        let original_kind = CaseEventKind::from_slug(&original.kind).map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
        if matches!(original_kind, CaseEventKind::Workflow(WorkflowKind::Allocated)) {
            ctx.actor.require_manager("change allocations")?;
        }
        let row = match correction {
            Correction::Replace(input) => {
                if input.kind != original_kind {
                    return Err(ServiceError::invalid(
                        "kind_changed",
                        format!(
                            "a correction keeps the event's kind ({}); withdraw the event and record a new one instead",
                            original.kind
                        ),
                    ));
                }
                new_event_row(case.id, input, Some(event_id), false, ctx)?
            }
            Correction::Redate(date) => {
                let input = EventInput {
                    kind: original_kind,
                    date: *date,
                    timestamp: None,
                    details: serde_json::from_str(&original.details).unwrap_or_default(),
                };
                new_event_row(case.id, &input, Some(event_id), false, ctx)?
            }
            Correction::Retract => {
                let input = EventInput {
                    kind: original_kind,
                    date: original.event_date,
                    timestamp: original.event_timestamp,
                    details: serde_json::from_str(&original.details).unwrap_or_default(),
                };
                new_event_row(case.id, &input, Some(event_id), true, ctx)?
            }
        };
        apply_and_store(conn, &case, vec![row], ctx)?;
        audit(conn, ctx.actor, "case.event.correct", reference.as_str(), stamp(ctx.now))
    })?;
    detail(conn, ctx, reference)
}

/// Allocates a case to an officer (managers and admins).
///
/// # Errors
/// Forbidden, not found, unknown officer, or an illegal move.
pub fn allocate(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    officer_id: i64,
    date: NaiveDate,
) -> Result<CaseDetail, ServiceError> {
    let input = EventInput {
        kind: CaseEventKind::Workflow(WorkflowKind::Allocated),
        date,
        timestamp: None,
        details: EventDetails {
            officer_id: Some(officer_id),
            ..EventDetails::default()
        },
    };
    record_event(conn, ctx, reference, &input)
}

/// One case with its parties, log and deadlines evaluated today.
///
/// # Errors
/// Not found (also when the actor may not see it).
pub fn detail(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<CaseDetail, ServiceError> {
    // The case with its authority and complainant in one query (the busiest read there is).
    let (case, authority, complainant): (CaseRow, AuthorityRow, ComplainantRow) = cases::table
        .inner_join(authorities::table)
        .inner_join(complainants::table)
        .filter(cases::reference.eq(reference.as_str()))
        .select((
            CaseRow::as_select(),
            AuthorityRow::as_select(),
            ComplainantRow::as_select(),
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no case {reference}")))?;
    if !can_read(ctx.actor, &case) {
        return Err(ServiceError::NotFound(format!(
            "there is no case {reference}"
        )));
    }
    let officer_name = super::users::officer_name(conn, case.officer_id)?;
    let stored = load_events(conn, case.id)?;
    let effective_rows = effective(&stored);
    let effective_ids: std::collections::HashSet<i64> =
        effective_rows.iter().map(|r| r.id).collect();
    let regime = Regime::from_slug(&case.regime)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
    let state = replay(
        regime,
        &to_domain(&effective_rows)?,
        ctx.settings,
        ctx.calendars,
        ctx.today,
    )?;
    let events = stored
        .iter()
        .map(|r| EventView {
            id: r.id,
            kind: r.kind.clone(),
            label: CaseEventKind::from_slug(&r.kind)
                .map(|k| k.label().to_owned())
                .unwrap_or_default(),
            date: r.event_date,
            timestamp: r.event_timestamp,
            details: serde_json::from_str(&r.details).unwrap_or_default(),
            supersedes: r.supersedes,
            retracted: r.retracted,
            effective: effective_ids.contains(&r.id),
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        })
        .collect();
    let changes = date_changes(&case, &state.summary);
    Ok(CaseDetail {
        date_changes: changes,
        reference: case.reference,
        regime: case.regime,
        status: state.status.slug().to_owned(),
        status_label: state.status.label().to_owned(),
        rejection_reason: case.rejection_reason,
        authority: authority.into(),
        complainant: ComplainantView {
            name: complainant.name,
            email: complainant.email,
            postal_address: complainant.postal_address,
        },
        officer_id: case.officer_id,
        officer_name,
        events,
        deadlines: state.evaluation.deadlines,
        warnings: state.evaluation.warnings,
        version: case.version,
    })
}

diesel::define_sql_function! {
    /// SQL `lower()`, the same on SQLite and PostgreSQL (case-insensitive search on both).
    fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// Escapes LIKE's wildcards in text searched for literally.
fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The caseload, sorted by next deadline, filtered and paged; officers see their own cases.
///
/// # Errors
/// Unexpected database failures.
pub fn list(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    filter: &CaseFilter,
) -> Result<CasePage, ServiceError> {
    let per_page = filter.per_page.clamp(1, 100);
    let page = filter.page.max(1);
    // A search matches the reference, or an authority's names (a small table, looked up
    // first), or a complainant's name (a subquery): the cases table is never joined for it.
    let search = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|text| format!("%{}%", escape_like(&text.to_lowercase())));
    let authority_matches: Vec<i64> = match &search {
        Some(pattern) => authorities::table
            .filter(
                lower(authorities::short_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(authorities::formal_name)
                        .like(pattern.clone())
                        .escape('\\')),
            )
            .select(authorities::id)
            .load(conn)?,
        None => Vec::new(),
    };
    let build = || {
        let mut q = cases::table.into_boxed();
        if !ctx.actor.sees_every_case() {
            let me = ctx.actor.user_id;
            q = q.filter(
                cases::officer_id
                    .eq(me)
                    .or(cases::officer_id.is_null().and(cases::created_by.eq(me))),
            );
        }
        if let Some(s) = filter.status {
            q = q.filter(cases::status.eq(s.slug()));
        }
        if let Some(a) = filter.authority_id {
            q = q.filter(cases::authority_id.eq(a));
        }
        if let Some(o) = filter.officer_id {
            q = q.filter(cases::officer_id.eq(o));
        }
        if let Some(r) = filter.regime {
            q = q.filter(cases::regime.eq(r.slug()));
        }
        if filter.overdue {
            q = q.filter(cases::next_deadline.lt(ctx.today));
        }
        if let Some(d) = filter.due_before {
            q = q.filter(cases::next_deadline.le(d));
        }
        if let Some(pattern) = &search {
            q = q.filter(
                lower(cases::reference)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(cases::authority_id.eq_any(authority_matches.clone()))
                    .or(cases::complainant_id.eq_any(
                        complainants::table
                            .filter(lower(complainants::name).like(pattern.clone()).escape('\\'))
                            .select(complainants::id),
                    )),
            );
        }
        q
    };
    let total: i64 = build().count().get_result(conn)?;
    // Next deadline first, cases without one last. The two parts are read separately so that
    // each follows an index and stops after a page, instead of sorting the whole caseload.
    let dated: i64 = build()
        .filter(cases::next_deadline.is_not_null())
        .count()
        .get_result(conn)?;
    let offset = (page - 1) * per_page;
    let mut found: Vec<CaseRow> = Vec::new();
    if offset < dated {
        found = build()
            .filter(cases::next_deadline.is_not_null())
            .order((cases::next_deadline.asc(), cases::id.asc()))
            .limit(per_page)
            .offset(offset)
            .select(CaseRow::as_select())
            .load(conn)?;
    }
    let missing = per_page - i64::try_from(found.len()).unwrap_or(per_page);
    if missing > 0 {
        let undated: Vec<CaseRow> = build()
            .filter(cases::next_deadline.is_null())
            .order(cases::id.asc())
            .limit(missing)
            .offset((offset - dated).max(0))
            .select(CaseRow::as_select())
            .load(conn)?;
        found.extend(undated);
    }
    let ids: Vec<i64> = found.iter().map(|c| c.authority_id).collect();
    let names: std::collections::HashMap<i64, String> = authorities::table
        .filter(authorities::id.eq_any(ids))
        .select((authorities::id, authorities::short_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let rows: Vec<(CaseRow, String)> = found
        .into_iter()
        .map(|c| {
            let name = names.get(&c.authority_id).cloned().unwrap_or_default();
            (c, name)
        })
        .collect();
    let items = rows
        .into_iter()
        .map(|(c, authority)| CaseSummaryView {
            status_label: CaseStatus::from_slug(&c.status)
                .map(|s| s.label().to_owned())
                .unwrap_or_default(),
            overdue: c.next_deadline.is_some_and(|d| d < ctx.today),
            reference: c.reference,
            regime: c.regime,
            status: c.status,
            authority_id: c.authority_id,
            authority,
            officer_id: c.officer_id,
            next_deadline: c.next_deadline,
            next_deadline_name: c.next_deadline_name,
        })
        .collect();
    Ok(CasePage {
        items,
        page,
        per_page,
        total,
    })
}

/// The members of staff who can be allocated cases.
///
/// # Errors
/// Unexpected database failures.
pub fn officers(conn: &mut AnyConnection) -> Result<Vec<(i64, String, Role)>, ServiceError> {
    let rows: Vec<UserRow> = users::table
        .filter(users::active.eq(true))
        .order(users::name.asc())
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|u| Role::from_slug(&u.role).ok().map(|r| (u.id, u.name, r)))
        .collect())
}

/// The stored dates that differ from the dates the current calendar gives.
fn date_changes(case: &CaseRow, now: &crate::db::rows::CaseSummary) -> Vec<String> {
    let pairs = [
        ("response due date", case.response_due, now.response_due),
        (
            "extended response date",
            case.final_response_due,
            now.final_response_due,
        ),
        ("next deadline", case.next_deadline, now.next_deadline),
    ];
    pairs
        .into_iter()
        .filter(|(_, stored, current)| stored != current)
        .map(|(what, stored, current)| {
            let show = |d: Option<NaiveDate>| d.map_or("none".to_owned(), crate::domain::timeline::human_date);
            format!(
                "The {what} moved from {} to {} because the bank holidays changed since the case was last saved",
                show(stored),
                show(current)
            )
        })
        .collect()
}

/// Recomputes the summary columns of every open case with the current calendar (run after a
/// bank holiday is proclaimed): returns (cases checked, cases whose dates moved).
///
/// # Errors
/// Database failures; a case whose log no longer replays is reported, not skipped silently.
pub fn recompute_open_cases(
    conn: &mut AnyConnection,
    settings: &ClockSettings,
    calendars: &Calendars,
    today: NaiveDate,
) -> Result<(u64, u64), ServiceError> {
    let open: Vec<CaseRow> = cases::table
        .filter(cases::closed_on.is_null())
        .select(CaseRow::as_select())
        .load(conn)?;
    let mut changed = 0u64;
    for case in &open {
        conn.transaction(|conn| -> Result<(), ServiceError> {
            let regime = Regime::from_slug(&case.regime)
                .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
            let stored = load_events(conn, case.id)?;
            let state = replay(
                regime,
                &to_domain(&effective(&stored))?,
                settings,
                calendars,
                today,
            )
            .map_err(|e| {
                ServiceError::Unexpected(anyhow::anyhow!(
                    "case {} no longer replays: {e}",
                    case.reference
                ))
            })?;
            if !date_changes(case, &state.summary).is_empty() {
                changed += 1;
                diesel::update(cases::table.find(case.id))
                    .set(&state.summary)
                    .execute(conn)?;
            }
            Ok(())
        })?;
    }
    Ok((open.len() as u64, changed))
}
