//! Storage of the case record beside the log: the request's wording, the provisions cited and
//! the authority's reference (`case_records`), the changes made to the record and the parties
//! (`case_record_changes`), internal notes (`case_notes`) and links between cases
//! (`case_links`). Every query on those tables lives here. None of them is read by the
//! register, the exports or the emails.

use super::AnyConnection;
use super::schema::{authorities, case_links, case_notes, case_record_changes, case_records};
use super::schema::{cases, complainants};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// The record's own fields, as stored.
#[derive(Debug, Clone, Default, Queryable, Selectable)]
#[diesel(table_name = case_records)]
pub struct RecordRow {
    /// The request's wording.
    pub request_wording: String,
    /// The provisions cited, stored forms separated by a space.
    pub exemptions_cited: String,
    /// The authority's own reference.
    pub authority_reference: String,
}

/// One change, as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_record_changes)]
pub struct ChangeRow {
    /// The field's identifier.
    pub field: String,
    /// Before.
    pub old_value: String,
    /// After.
    pub new_value: String,
    /// Who.
    pub changed_by: Option<i64>,
    /// When (UTC).
    pub changed_at: NaiveDateTime,
}

/// One note, as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = case_notes)]
pub struct NoteRow {
    /// Identifier.
    pub id: i64,
    /// The date the officer gave it.
    pub noted_on: NaiveDate,
    /// The text.
    pub body: String,
    /// Who wrote it.
    pub written_by: Option<i64>,
    /// When it was written (UTC).
    pub written_at: NaiveDateTime,
}

/// A case linked to another, seen from one side.
#[derive(Debug, Clone)]
pub struct LinkRow {
    /// The kind's identifier.
    pub kind: String,
    /// The other case's reference.
    pub reference: String,
    /// The other case's authority, full name.
    pub authority: String,
    /// Who linked them.
    pub linked_by: Option<i64>,
    /// When (UTC).
    pub linked_at: NaiveDateTime,
}

/// The record's fields of a case (empty when none was ever written).
///
/// # Errors
/// Database failures.
pub fn record(conn: &mut AnyConnection, case_id: i64) -> Result<RecordRow, DbError> {
    Ok(case_records::table
        .find(case_id)
        .select(RecordRow::as_select())
        .first(conn)
        .optional()?
        .unwrap_or_default())
}

/// Writes the record's fields of a case.
///
/// # Errors
/// Database failures.
pub fn save_record(conn: &mut AnyConnection, case_id: i64, row: &RecordRow) -> Result<(), DbError> {
    let updated = diesel::update(case_records::table.find(case_id))
        .set((
            case_records::request_wording.eq(&row.request_wording),
            case_records::exemptions_cited.eq(&row.exemptions_cited),
            case_records::authority_reference.eq(&row.authority_reference),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(case_records::table)
            .values((
                case_records::case_id.eq(case_id),
                case_records::request_wording.eq(&row.request_wording),
                case_records::exemptions_cited.eq(&row.exemptions_cited),
                case_records::authority_reference.eq(&row.authority_reference),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The changes made to a case's record, newest first.
///
/// # Errors
/// Database failures.
pub fn changes(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<ChangeRow>, DbError> {
    case_record_changes::table
        .filter(case_record_changes::case_id.eq(case_id))
        .order(case_record_changes::id.desc())
        .select(ChangeRow::as_select())
        .load(conn)
}

/// Appends changes: `(field, old, new)` each.
///
/// # Errors
/// Database failures.
pub fn add_changes(
    conn: &mut AnyConnection,
    case_id: i64,
    changed: &[(&str, &str, &str)],
    by: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    for (field, old, new) in changed {
        diesel::insert_into(case_record_changes::table)
            .values((
                case_record_changes::case_id.eq(case_id),
                case_record_changes::field.eq(field),
                case_record_changes::old_value.eq(old),
                case_record_changes::new_value.eq(new),
                case_record_changes::changed_by.eq(Some(by)),
                case_record_changes::changed_at.eq(at),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Changes a complainant's details.
///
/// # Errors
/// Database failures.
pub fn update_complainant(
    conn: &mut AnyConnection,
    complainant_id: i64,
    name: &str,
    email: Option<&str>,
    postal_address: &str,
) -> Result<(), DbError> {
    diesel::update(complainants::table.find(complainant_id))
        .set((
            complainants::name.eq(name),
            complainants::email.eq(email),
            complainants::postal_address.eq(postal_address),
        ))
        .execute(conn)?;
    Ok(())
}

/// Moves a case to another authority.
///
/// # Errors
/// Database failures.
pub fn set_authority(
    conn: &mut AnyConnection,
    case_id: i64,
    authority_id: i64,
) -> Result<(), DbError> {
    diesel::update(cases::table.find(case_id))
        .set(cases::authority_id.eq(authority_id))
        .execute(conn)?;
    Ok(())
}

/// A case's notes, newest first (by the date given, then by when written).
///
/// # Errors
/// Database failures.
pub fn notes(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<NoteRow>, DbError> {
    case_notes::table
        .filter(case_notes::case_id.eq(case_id))
        .order((case_notes::noted_on.desc(), case_notes::id.desc()))
        .select(NoteRow::as_select())
        .load(conn)
}

/// Adds a note.
///
/// # Errors
/// Database failures.
pub fn add_note(
    conn: &mut AnyConnection,
    case_id: i64,
    noted_on: NaiveDate,
    body: &str,
    by: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(case_notes::table)
        .values((
            case_notes::case_id.eq(case_id),
            case_notes::noted_on.eq(noted_on),
            case_notes::body.eq(body),
            case_notes::written_by.eq(Some(by)),
            case_notes::written_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

type LinkTuple = (String, String, String, Option<i64>, NaiveDateTime);

/// The cases linked to a case, from either side, oldest link first.
///
/// # Errors
/// Database failures.
pub fn links(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<LinkRow>, DbError> {
    let columns = (
        case_links::kind,
        cases::reference,
        authorities::formal_name,
        case_links::linked_by,
        case_links::linked_at,
    );
    let made_here: Vec<(i64, LinkTuple)> = case_links::table
        .inner_join(cases::table.on(cases::id.eq(case_links::other_case_id)))
        .inner_join(authorities::table.on(authorities::id.eq(cases::authority_id)))
        .filter(case_links::case_id.eq(case_id))
        .select((case_links::id, columns))
        .load(conn)?;
    let made_there: Vec<(i64, LinkTuple)> = case_links::table
        .inner_join(cases::table.on(cases::id.eq(case_links::case_id)))
        .inner_join(authorities::table.on(authorities::id.eq(cases::authority_id)))
        .filter(case_links::other_case_id.eq(case_id))
        .select((case_links::id, columns))
        .load(conn)?;
    let mut all: Vec<(i64, LinkTuple)> = made_here.into_iter().chain(made_there).collect();
    all.sort_by_key(|(id, _)| *id);
    Ok(all
        .into_iter()
        .map(
            |(_, (kind, reference, authority, linked_by, linked_at))| LinkRow {
                kind,
                reference,
                authority,
                linked_by,
                linked_at,
            },
        )
        .collect())
}

/// Whether two cases are linked, from either side.
///
/// # Errors
/// Database failures.
pub fn linked(conn: &mut AnyConnection, a: i64, b: i64) -> Result<bool, DbError> {
    let n: i64 = case_links::table
        .filter(
            (case_links::case_id
                .eq(a)
                .and(case_links::other_case_id.eq(b)))
            .or(case_links::case_id
                .eq(b)
                .and(case_links::other_case_id.eq(a))),
        )
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Links two cases.
///
/// # Errors
/// Database failures.
pub fn add_link(
    conn: &mut AnyConnection,
    case_id: i64,
    other_case_id: i64,
    kind: &str,
    by: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::insert_into(case_links::table)
        .values((
            case_links::case_id.eq(case_id),
            case_links::other_case_id.eq(other_case_id),
            case_links::kind.eq(kind),
            case_links::linked_by.eq(Some(by)),
            case_links::linked_at.eq(at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Removes the link between two cases, from either side; returns how many were removed.
///
/// # Errors
/// Database failures.
pub fn remove_link(conn: &mut AnyConnection, a: i64, b: i64) -> Result<usize, DbError> {
    diesel::delete(
        case_links::table.filter(
            (case_links::case_id
                .eq(a)
                .and(case_links::other_case_id.eq(b)))
            .or(case_links::case_id
                .eq(b)
                .and(case_links::other_case_id.eq(a))),
        ),
    )
    .execute(conn)
}
