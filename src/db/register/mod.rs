//! Storage of the public register: published (and withheld) notices with their outcome per
//! provision, kept in step with their case, the counts managers audit, similar decisions, and
//! the search ([`search`], over the facet index [`index`]). Stored identifiers (sector, regime, visibility, source, appeal
//! status, outcome) are parsed here once; an unknown one is an error.

pub mod backfill;
mod chains;
pub mod index;
mod remembered;
pub mod search;
mod similar;
mod tally;

pub use similar::similar;

use super::schema::{
    notice_provisions, notice_versions, published_notices, published_provisions,
    published_structures, published_texts, users,
};
use super::{AnyConnection, unreadable};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::Sector;
use crate::domain::regime::Regime;
use crate::domain::register::appeal::PublicAppeal;
use crate::domain::register::text::PublishedText;
use crate::domain::register::{
    AppealStatus, Entry, KeyDates, Source, Visibility, outcome_from_slug,
};
use crate::domain::tribunal::{Outcome as TribunalOutcome, Stage};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// A row of `published_notices` (the text is in `published_texts`).
#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = published_notices)]
pub(crate) struct EntryRow {
    id: i64,
    reference: String,
    source: String,
    status: String,
    issued_on: NaiveDate,
    authority_id: Option<i64>,
    authority_name: String,
    sector: String,
    regime: String,
    summary: String,
    request_received: Option<NaiveDate>,
    response_sent: Option<NaiveDate>,
    review_requested: Option<NaiveDate>,
    review_completed: Option<NaiveDate>,
    complaint_received: Option<NaiveDate>,
    allocated_on: Option<NaiveDate>,
    steps_period_days: Option<i32>,
    steps_due: Option<NaiveDate>,
    appeal_status: String,
    tribunal_reference: Option<String>,
    pdf_url: Option<String>,
    notice_version_id: Option<i64>,
    published_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    appeal_stage: Option<String>,
    appeal_outcome: Option<String>,
    appeal_decided_on: Option<NaiveDate>,
    appeal_window_until: Option<NaiveDate>,
}

/// An entry as stored: the entry and what only storage knows.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    /// Row id.
    pub id: i64,
    /// The entry.
    pub entry: Entry,
    /// Whether a PDF issued here can be served.
    pub has_pdf: bool,
    /// First published.
    pub published_at: NaiveDateTime,
    /// Last changed (an appeal, new dates).
    pub updated_at: NaiveDateTime,
}

const TABLE: &str = "published_notices";

fn parse(
    row: EntryRow,
    provisions: Vec<(String, Outcome)>,
    body: String,
) -> Result<StoredEntry, DbError> {
    let entry = Entry {
        source: Source::from_slug(&row.source)
            .ok_or_else(|| unreadable(TABLE, "source", &row.source))?,
        visibility: Visibility::from_slug(&row.status)
            .ok_or_else(|| unreadable(TABLE, "status", &row.status))?,
        sector: Sector::from_slug(&row.sector)
            .map_err(|_| unreadable(TABLE, "sector", &row.sector))?,
        regime: Regime::from_slug(&row.regime)
            .map_err(|_| unreadable(TABLE, "regime", &row.regime))?,
        appeal: PublicAppeal {
            status: AppealStatus::from_slug(&row.appeal_status)
                .ok_or_else(|| unreadable(TABLE, "appeal_status", &row.appeal_status))?,
            stage: row
                .appeal_stage
                .as_deref()
                .map(|s| Stage::from_slug(s).map_err(|_| unreadable(TABLE, "appeal_stage", s)))
                .transpose()?,
            tribunal_reference: row.tribunal_reference,
            outcome: row
                .appeal_outcome
                .as_deref()
                .map(|s| {
                    TribunalOutcome::from_slug(s)
                        .map_err(|_| unreadable(TABLE, "appeal_outcome", s))
                })
                .transpose()?,
            decided_on: row.appeal_decided_on,
            window_until: row.appeal_window_until,
            chain: Vec::new(),
        },
        reference: row.reference,
        issued_on: row.issued_on,
        authority_id: row.authority_id,
        authority_name: row.authority_name,
        summary: row.summary,
        body,
        structure: None,
        dates: KeyDates {
            request_received: row.request_received,
            response_sent: row.response_sent,
            review_requested: row.review_requested,
            review_completed: row.review_completed,
            complaint_received: row.complaint_received,
            allocated_on: row.allocated_on,
        },
        steps_period_days: row.steps_period_days,
        steps_due: row.steps_due,
        provisions,
        pdf_url: row.pdf_url,
    };
    Ok(StoredEntry {
        id: row.id,
        entry,
        has_pdf: row.notice_version_id.is_some(),
        published_at: row.published_at,
        updated_at: row.updated_at,
    })
}

/// The provisions of several entries, by entry id, in the notice's order.
fn provisions_of(
    conn: &mut AnyConnection,
    ids: &[i64],
) -> Result<HashMap<i64, Vec<(String, Outcome)>>, DbError> {
    let rows: Vec<(i64, String, String)> = published_provisions::table
        .filter(published_provisions::published_id.eq_any(ids))
        .order((
            published_provisions::published_id,
            published_provisions::position,
        ))
        .select((
            published_provisions::published_id,
            published_provisions::provision,
            published_provisions::outcome,
        ))
        .load(conn)?;
    let mut map: HashMap<i64, Vec<(String, Outcome)>> = HashMap::new();
    for (id, provision, outcome) in rows {
        let o = outcome_from_slug(&outcome)
            .ok_or_else(|| unreadable("published_provisions", "outcome", &outcome))?;
        map.entry(id).or_default().push((provision, o));
    }
    Ok(map)
}

/// Rows with their provisions, parsed, in the rows' order (the text left empty: listings).
pub(crate) fn with_provisions(
    conn: &mut AnyConnection,
    rows: Vec<EntryRow>,
) -> Result<Vec<StoredEntry>, DbError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut provisions = provisions_of(conn, &ids)?;
    let mut appeal_chains = chains::load(conn, &ids)?;
    rows.into_iter()
        .map(|r| {
            let p = provisions.remove(&r.id).unwrap_or_default();
            let chain = appeal_chains.remove(&r.id).unwrap_or_default();
            let mut stored = parse(r, p, String::new())?;
            stored.entry.appeal.chain = chain;
            Ok(stored)
        })
        .collect()
}

/// The entry of a reference, whatever its visibility.
///
/// # Errors
/// Database failures; a stored value that does not parse.
pub fn find(conn: &mut AnyConnection, reference: &str) -> Result<Option<StoredEntry>, DbError> {
    let row: Option<EntryRow> = published_notices::table
        .filter(published_notices::reference.eq(reference))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?;
    let Some(mut stored) = with_provisions(conn, row.into_iter().collect())?.pop() else {
        return Ok(None);
    };
    stored.entry.body = published_texts::table
        .find(stored.id)
        .select(published_texts::body)
        .first(conn)
        .optional()?
        .unwrap_or_default();
    let structure: Option<String> = published_structures::table
        .find(stored.id)
        .select(published_structures::structure)
        .first(conn)
        .optional()?;
    stored.entry.structure = structure
        .map(|s| {
            let start: String = s.chars().take(40).collect();
            serde_json::from_str(&s)
                .map_err(|_| unreadable("published_structures", "structure", &start))
        })
        .transpose()?;
    Ok(Some(stored))
}

/// The entry of a case, whatever its visibility.
///
/// # Errors
/// Database failures.
pub fn find_for_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Option<StoredEntry>, DbError> {
    let row: Option<EntryRow> = published_notices::table
        .filter(published_notices::case_id.eq(case_id))
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?;
    Ok(with_provisions(conn, row.into_iter().collect())?.pop())
}

/// Where an entry comes from in this service, when it was issued here.
#[derive(Debug, Clone, Copy)]
pub struct Origin {
    /// The case.
    pub case_id: i64,
    /// The issued version (its frozen PDF is the published PDF).
    pub notice_version_id: i64,
}

/// Writes a new entry and its provisions; returns its id.
///
/// # Errors
/// Database failures (a reference already on the register is a unique violation).
pub fn insert(
    conn: &mut AnyConnection,
    entry: &Entry,
    origin: Option<Origin>,
    at: NaiveDateTime,
) -> Result<i64, DbError> {
    let d = &entry.dates;
    diesel::insert_into(published_notices::table)
        .values((
            (
                published_notices::reference.eq(&entry.reference),
                published_notices::case_id.eq(origin.map(|o| o.case_id)),
                published_notices::notice_version_id.eq(origin.map(|o| o.notice_version_id)),
                published_notices::source.eq(entry.source.slug()),
                published_notices::status.eq(entry.visibility.slug()),
                published_notices::issued_on.eq(entry.issued_on),
                published_notices::authority_id.eq(entry.authority_id),
                published_notices::authority_name.eq(&entry.authority_name),
                published_notices::sector.eq(entry.sector.slug()),
                published_notices::regime.eq(entry.regime.slug()),
                published_notices::summary.eq(&entry.summary),
            ),
            (
                published_notices::request_received.eq(d.request_received),
                published_notices::response_sent.eq(d.response_sent),
                published_notices::review_requested.eq(d.review_requested),
                published_notices::review_completed.eq(d.review_completed),
                published_notices::complaint_received.eq(d.complaint_received),
                published_notices::allocated_on.eq(d.allocated_on),
                published_notices::steps_period_days.eq(entry.steps_period_days),
                published_notices::steps_due.eq(entry.steps_due),
                published_notices::pdf_url.eq(&entry.pdf_url),
                published_notices::published_at.eq(at),
                published_notices::updated_at.eq(at),
            ),
            appeal_columns(&entry.appeal),
        ))
        .execute(conn)?;
    let id: i64 = published_notices::table
        .filter(published_notices::reference.eq(&entry.reference))
        .select(published_notices::id)
        .first(conn)?;
    diesel::insert_into(published_texts::table)
        .values((
            published_texts::published_id.eq(id),
            published_texts::authority_name.eq(&entry.authority_name),
            published_texts::summary.eq(&entry.summary),
            published_texts::body.eq(&entry.body),
        ))
        .execute(conn)?;
    chains::write(conn, id, &entry.appeal.chain)?;
    if let Some(structure) = &entry.structure {
        write_structure(conn, id, structure)?;
    }
    for (position, (provision, outcome)) in entry.provisions.iter().enumerate() {
        diesel::insert_into(published_provisions::table)
            .values((
                published_provisions::published_id.eq(id),
                published_provisions::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                published_provisions::provision.eq(provision),
                published_provisions::outcome.eq(outcome.slug()),
            ))
            .execute(conn)?;
    }
    Ok(id)
}

/// Stores the structure of an entry's published text.
fn write_structure(
    conn: &mut AnyConnection,
    id: i64,
    structure: &PublishedText,
) -> Result<(), DbError> {
    let json =
        serde_json::to_string(structure).map_err(|e| DbError::SerializationError(Box::new(e)))?;
    diesel::insert_into(published_structures::table)
        .values((
            published_structures::published_id.eq(id),
            published_structures::structure.eq(json),
        ))
        .execute(conn)?;
    Ok(())
}

/// The provisions an issued version decided, as recorded in `notice_provisions`.
///
/// # Errors
/// Database failures; an outcome that does not parse.
pub fn decided_provisions(
    conn: &mut AnyConnection,
    notice_version_id: i64,
) -> Result<Vec<(String, Outcome)>, DbError> {
    let rows: Vec<(String, String)> = notice_provisions::table
        .filter(notice_provisions::notice_version_id.eq(notice_version_id))
        .order(notice_provisions::id)
        .select((notice_provisions::provision, notice_provisions::outcome))
        .load(conn)?;
    rows.into_iter()
        .map(|(p, o)| {
            outcome_from_slug(&o)
                .map(|o| (p, o))
                .ok_or_else(|| unreadable("notice_provisions", "outcome", &o))
        })
        .collect()
}

/// The appeal's columns.
#[expect(
    clippy::type_complexity,
    reason = "diesel's assignments, one per column"
)]
fn appeal_columns(
    a: &PublicAppeal,
) -> (
    diesel::dsl::Eq<published_notices::appeal_status, &'static str>,
    diesel::dsl::Eq<published_notices::tribunal_reference, Option<String>>,
    diesel::dsl::Eq<published_notices::appeal_stage, Option<&'static str>>,
    diesel::dsl::Eq<published_notices::appeal_outcome, Option<&'static str>>,
    diesel::dsl::Eq<published_notices::appeal_decided_on, Option<NaiveDate>>,
    diesel::dsl::Eq<published_notices::appeal_window_until, Option<NaiveDate>>,
) {
    (
        published_notices::appeal_status.eq(a.status.slug()),
        published_notices::tribunal_reference.eq(a.tribunal_reference.clone()),
        published_notices::appeal_stage.eq(a.stage.map(Stage::slug)),
        published_notices::appeal_outcome.eq(a.outcome.map(TribunalOutcome::slug)),
        published_notices::appeal_decided_on.eq(a.decided_on),
        published_notices::appeal_window_until.eq(a.window_until),
    )
}

/// What can change on a published entry after its case moves on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveFields {
    /// The notice's date (a manager may correct it).
    pub issued_on: NaiveDate,
    /// Key dates (a corrected event).
    pub dates: KeyDates,
    /// The steps' due date (moved by an appeal).
    pub steps_due: Option<NaiveDate>,
    /// The appeal (from the appeals record) and the window to appeal.
    pub appeal: PublicAppeal,
}

/// Updates the entry's live fields, stamping `updated_at` only when one changed.
///
/// # Errors
/// Database failures.
pub fn update_live(
    conn: &mut AnyConnection,
    id: i64,
    live: &LiveFields,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    let d = &live.dates;
    diesel::update(published_notices::table.find(id))
        .set((
            published_notices::issued_on.eq(live.issued_on),
            published_notices::request_received.eq(d.request_received),
            published_notices::response_sent.eq(d.response_sent),
            published_notices::review_requested.eq(d.review_requested),
            published_notices::review_completed.eq(d.review_completed),
            published_notices::complaint_received.eq(d.complaint_received),
            published_notices::allocated_on.eq(d.allocated_on),
            published_notices::steps_due.eq(live.steps_due),
            published_notices::updated_at.eq(at),
            appeal_columns(&live.appeal),
        ))
        .execute(conn)?;
    chains::write(conn, id, &live.appeal.chain)
}

/// Publishes or withholds an entry, recording who, when and why.
///
/// # Errors
/// Database failures.
pub fn set_visibility(
    conn: &mut AnyConnection,
    id: i64,
    visibility: Visibility,
    reason: &str,
    by: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(published_notices::table.find(id))
        .set((
            published_notices::status.eq(visibility.slug()),
            published_notices::status_reason.eq(reason),
            published_notices::status_by.eq(Some(by)),
            published_notices::status_at.eq(Some(at)),
            published_notices::updated_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The frozen PDF of a published entry issued here.
///
/// # Errors
/// Database failures.
pub fn published_pdf(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<Vec<u8>>, DbError> {
    let pdf: Option<Option<Vec<u8>>> = published_notices::table
        .inner_join(
            notice_versions::table.on(notice_versions::id
                .nullable()
                .eq(published_notices::notice_version_id)),
        )
        .filter(published_notices::reference.eq(reference))
        .filter(published_notices::status.eq(Visibility::Published.slug()))
        .select(notice_versions::pdf)
        .first(conn)
        .optional()?;
    Ok(pdf.flatten())
}

/// The register's counts, so "every outcome published" can be audited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Decision notices issued through this service.
    pub issued: i64,
    /// Of those, on the register.
    pub published: i64,
    /// Of those, withheld by a manager.
    pub withheld: i64,
    /// Historical notices imported.
    pub imported: i64,
}

/// Counts issued, published, withheld and imported notices.
///
/// # Errors
/// Database failures.
pub fn counts(conn: &mut AnyConnection) -> Result<Counts, DbError> {
    let issued: i64 = notice_versions::table
        .filter(notice_versions::state.eq("issued"))
        .count()
        .get_result(conn)?;
    let grouped: Vec<(String, String, i64)> = published_notices::table
        .group_by((published_notices::source, published_notices::status))
        .select((
            published_notices::source,
            published_notices::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)?;
    let mut c = Counts {
        issued,
        ..Counts::default()
    };
    for (source, status, n) in grouped {
        match (source.as_str(), status.as_str()) {
            ("issued", "published") => c.published += n,
            ("issued", "withheld") => c.withheld += n,
            ("imported", _) => c.imported += n,
            _ => {
                return Err(unreadable(
                    TABLE,
                    "source/status",
                    &format!("{source}/{status}"),
                ));
            }
        }
    }
    Ok(c)
}

/// A withheld entry with its reason.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Withheld {
    /// The reference.
    pub reference: String,
    /// The authority.
    pub authority_name: String,
    /// The notice's date.
    pub issued_on: NaiveDate,
    /// Why.
    pub reason: String,
    /// Who withheld it.
    pub by: Option<String>,
    /// When.
    pub at: Option<NaiveDateTime>,
}

type WithheldColumns = (
    String,
    String,
    NaiveDate,
    Option<String>,
    Option<String>,
    Option<NaiveDateTime>,
);

/// Every withheld entry, latest first.
///
/// # Errors
/// Database failures.
pub fn withheld(conn: &mut AnyConnection) -> Result<Vec<Withheld>, DbError> {
    let rows: Vec<WithheldColumns> = published_notices::table
        .left_join(users::table.on(users::id.nullable().eq(published_notices::status_by)))
        .filter(published_notices::status.eq(Visibility::Withheld.slug()))
        .order(published_notices::status_at.desc())
        .select((
            published_notices::reference,
            published_notices::authority_name,
            published_notices::issued_on,
            published_notices::status_reason,
            users::name.nullable(),
            published_notices::status_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(reference, authority_name, issued_on, reason, by, at)| Withheld {
                reference,
                authority_name,
                issued_on,
                reason: reason.unwrap_or_default(),
                by,
                at,
            },
        )
        .collect())
}
