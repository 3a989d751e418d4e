//! Storage of appeals: the appeal row with its summary, its parties and its documents (kept in
//! the database, so any instance serves them). Every query on those tables lives here; stored
//! strings are parsed into their domain enums once, here, and a value that does not parse is an
//! error.

use super::AnyConnection;
use super::schema::{appeal_documents, appeal_parties, appeals};
use crate::domain::appeal::{Appeal, AppealStatus, Hearing, Party, PartyRole, Stance};
use crate::domain::deadline::DeadlineName;
use crate::domain::tribunal::{Appellant, Outcome, Stage, TribunalReference};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::Error as DbError;

mod list;
pub use list::{ListedAppeal, list};

/// The rows of the appeal tables.
#[expect(
    missing_docs,
    reason = "rows mirror schema.rs column for column; the migration describes the columns"
)]
pub mod rows {
    use crate::db::schema::{appeal_documents, appeal_parties, appeals};
    use chrono::{NaiveDate, NaiveDateTime};
    use diesel::prelude::*;

    #[derive(Debug, Clone, Queryable, Selectable)]
    #[diesel(table_name = appeals)]
    pub struct AppealRow {
        pub id: i64,
        pub case_id: i64,
        pub parent_id: Option<i64>,
        pub stage: String,
        pub tribunal_reference: String,
        pub appellant: String,
        pub received_on: NaiveDate,
        pub status: String,
        pub outcome: Option<String>,
        pub decided_on: Option<NaiveDate>,
        pub stance: Option<String>,
        pub stance_on: Option<NaiveDate>,
        pub hearing: Option<String>,
        pub hearing_on: Option<NaiveDate>,
        pub closed_material: bool,
        pub next_deadline: Option<NaiveDate>,
        pub next_deadline_name: Option<String>,
        pub created_by: Option<i64>,
        pub created_at: NaiveDateTime,
        pub updated_at: NaiveDateTime,
    }

    #[derive(Debug, Insertable)]
    #[diesel(table_name = appeals)]
    pub struct NewAppealRow {
        pub case_id: i64,
        pub parent_id: Option<i64>,
        pub stage: String,
        pub tribunal_reference: String,
        pub appellant: String,
        pub received_on: NaiveDate,
        pub status: String,
        pub closed_material: bool,
        pub created_by: Option<i64>,
        pub created_at: NaiveDateTime,
        pub updated_at: NaiveDateTime,
    }

    #[derive(Debug, AsChangeset)]
    #[diesel(table_name = appeals, treat_none_as_null = true)]
    pub struct AppealChangeRow {
        pub status: String,
        pub outcome: Option<String>,
        pub decided_on: Option<NaiveDate>,
        pub stance: Option<String>,
        pub stance_on: Option<NaiveDate>,
        pub hearing: Option<String>,
        pub hearing_on: Option<NaiveDate>,
        pub closed_material: bool,
        pub next_deadline: Option<NaiveDate>,
        pub next_deadline_name: Option<String>,
        pub updated_at: NaiveDateTime,
    }

    #[derive(Debug, Clone, Queryable, Selectable)]
    #[diesel(table_name = appeal_parties)]
    pub struct PartyRow {
        pub id: i64,
        pub appeal_id: i64,
        pub name: String,
        pub role: String,
        pub joined_on: Option<NaiveDate>,
        pub representative: Option<String>,
    }

    #[derive(Debug, Insertable)]
    #[diesel(table_name = appeal_parties)]
    pub struct NewPartyRow<'a> {
        pub appeal_id: i64,
        pub name: &'a str,
        pub role: &'a str,
        pub joined_on: Option<NaiveDate>,
        pub representative: Option<&'a str>,
    }

    #[derive(Debug, Clone, Queryable, Selectable)]
    #[diesel(table_name = appeal_documents)]
    pub struct DocumentMetaRow {
        pub id: i64,
        pub appeal_id: i64,
        pub kind: String,
        pub filename: String,
        pub content_type: String,
        pub size_bytes: i64,
        pub sent_on: Option<NaiveDate>,
        pub received_on: Option<NaiveDate>,
        pub closed: bool,
        pub uploaded_by: Option<i64>,
        pub uploaded_at: NaiveDateTime,
    }

    #[derive(Debug, Insertable)]
    #[diesel(table_name = appeal_documents)]
    pub struct NewDocumentRow<'a> {
        pub appeal_id: i64,
        pub kind: &'a str,
        pub filename: &'a str,
        pub content_type: &'a str,
        pub size_bytes: i64,
        pub sent_on: Option<NaiveDate>,
        pub received_on: Option<NaiveDate>,
        pub closed: bool,
        pub content: &'a [u8],
        pub uploaded_by: Option<i64>,
        pub uploaded_at: NaiveDateTime,
    }
}

use rows::{
    AppealChangeRow, AppealRow, DocumentMetaRow, NewAppealRow, NewDocumentRow, NewPartyRow,
    PartyRow,
};

fn unreadable(what: &str, value: &str) -> DbError {
    DbError::DeserializationError(format!("appeals: stored {what} \"{value}\" is not known").into())
}

fn parse<T>(what: &str, value: &str, f: impl Fn(&str) -> Result<T, String>) -> Result<T, DbError> {
    f(value).map_err(|_| unreadable(what, value))
}

fn parse_opt<T>(
    what: &str,
    value: Option<&str>,
    f: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, DbError> {
    value.map(|v| parse(what, v, &f)).transpose()
}

/// An appeal in domain terms, with its parties.
///
/// # Errors
/// A stored value that does not parse.
pub fn appeal(row: &AppealRow, parties: &[PartyRow]) -> Result<Appeal, DbError> {
    let stance = parse_opt("stance", row.stance.as_deref(), Stance::from_slug)?;
    let hearing = parse_opt("hearing", row.hearing.as_deref(), Hearing::from_slug)?;
    Ok(Appeal {
        id: row.id,
        case_id: row.case_id,
        parent_id: row.parent_id,
        stage: parse("stage", &row.stage, Stage::from_slug)?,
        reference: parse(
            "reference",
            &row.tribunal_reference,
            TribunalReference::parse,
        )?,
        appellant: parse("appellant", &row.appellant, Appellant::from_slug)?,
        received_on: row.received_on,
        status: parse("status", &row.status, AppealStatus::from_slug)?,
        outcome: parse_opt("outcome", row.outcome.as_deref(), Outcome::from_slug)?,
        decided_on: row.decided_on,
        stance: stance.zip(row.stance_on),
        hearing: hearing.map(|h| (h, row.hearing_on)),
        closed_material: row.closed_material,
        parties: parties
            .iter()
            .map(|p| {
                Ok(Party {
                    id: Some(p.id),
                    name: p.name.clone(),
                    role: parse("party role", &p.role, PartyRole::from_slug)?,
                    joined_on: p.joined_on,
                    representative: p.representative.clone(),
                })
            })
            .collect::<Result<_, DbError>>()?,
    })
}

/// The stored next deadline's name.
///
/// # Errors
/// A stored name that does not parse.
pub fn next_deadline_name(row: &AppealRow) -> Result<Option<DeadlineName>, DbError> {
    parse_opt("deadline", row.next_deadline_name.as_deref(), |s| {
        DeadlineName::from_slug(s).ok_or_else(String::new)
    })
}

/// Inserts a new appeal with its first parties and returns its id.
///
/// # Errors
/// Database failures (a reference already recorded at that stage is a unique violation).
pub fn insert(
    conn: &mut AnyConnection,
    appeal: &Appeal,
    created_by: Option<i64>,
    at: NaiveDateTime,
) -> Result<i64, DbError> {
    diesel::insert_into(appeals::table)
        .values(&NewAppealRow {
            case_id: appeal.case_id,
            parent_id: appeal.parent_id,
            stage: appeal.stage.slug().to_owned(),
            tribunal_reference: appeal.reference.as_str().to_owned(),
            appellant: appeal.appellant.slug().to_owned(),
            received_on: appeal.received_on,
            status: appeal.status.slug().to_owned(),
            closed_material: appeal.closed_material,
            created_by,
            created_at: at,
            updated_at: at,
        })
        .execute(conn)?;
    let id = appeals::table
        .filter(appeals::stage.eq(appeal.stage.slug()))
        .filter(appeals::tribunal_reference.eq(appeal.reference.as_str()))
        .select(appeals::id)
        .first(conn)?;
    for p in &appeal.parties {
        add_party(conn, id, p)?;
    }
    Ok(id)
}

/// Adds a party.
///
/// # Errors
/// Database failures.
pub fn add_party(conn: &mut AnyConnection, appeal_id: i64, p: &Party) -> Result<(), DbError> {
    diesel::insert_into(appeal_parties::table)
        .values(&NewPartyRow {
            appeal_id,
            name: &p.name,
            role: p.role.slug(),
            joined_on: p.joined_on,
            representative: p.representative.as_deref(),
        })
        .execute(conn)?;
    Ok(())
}

/// Whether an appeal with this reference is already recorded at this stage.
///
/// # Errors
/// Database failures.
pub fn reference_taken(
    conn: &mut AnyConnection,
    stage: Stage,
    reference: &TribunalReference,
) -> Result<bool, DbError> {
    let n: i64 = appeals::table
        .filter(appeals::stage.eq(stage.slug()))
        .filter(appeals::tribunal_reference.eq(reference.as_str()))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Stores an appeal's record and summary after a change.
///
/// # Errors
/// Database failures.
pub fn store(
    conn: &mut AnyConnection,
    appeal: &Appeal,
    next: Option<(NaiveDate, DeadlineName)>,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(appeals::table.find(appeal.id))
        .set(&AppealChangeRow {
            status: appeal.status.slug().to_owned(),
            outcome: appeal.outcome.map(|o| o.slug().to_owned()),
            decided_on: appeal.decided_on,
            stance: appeal.stance.map(|s| s.0.slug().to_owned()),
            stance_on: appeal.stance.map(|s| s.1),
            hearing: appeal.hearing.map(|h| h.0.slug().to_owned()),
            hearing_on: appeal.hearing.and_then(|h| h.1),
            closed_material: appeal.closed_material,
            next_deadline: next.map(|n| n.0),
            next_deadline_name: next.map(|n| n.1.slug().to_owned()),
            updated_at: at,
        })
        .execute(conn)?;
    Ok(())
}

/// An appeal row and its parties.
///
/// # Errors
/// Database failures; not found.
pub fn find(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<(AppealRow, Vec<PartyRow>)>, DbError> {
    let Some(row) = appeals::table
        .find(id)
        .select(AppealRow::as_select())
        .first(conn)
        .optional()?
    else {
        return Ok(None);
    };
    let parties = appeal_parties::table
        .filter(appeal_parties::appeal_id.eq(id))
        .order(appeal_parties::id.asc())
        .select(PartyRow::as_select())
        .load(conn)?;
    Ok(Some((row, parties)))
}

/// Every appeal of a case, oldest first, with their parties.
///
/// # Errors
/// Database failures.
pub fn of_case(
    conn: &mut AnyConnection,
    case_id: i64,
) -> Result<Vec<(AppealRow, Vec<PartyRow>)>, DbError> {
    let rows: Vec<AppealRow> = appeals::table
        .filter(appeals::case_id.eq(case_id))
        .order(appeals::id.asc())
        .select(AppealRow::as_select())
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let parties: Vec<PartyRow> = appeal_parties::table
        .filter(appeal_parties::appeal_id.eq_any(ids))
        .order(appeal_parties::id.asc())
        .select(PartyRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine = parties
                .iter()
                .filter(|p| p.appeal_id == r.id)
                .cloned()
                .collect();
            (r, mine)
        })
        .collect())
}

/// The filters of the appeals list.
#[derive(Debug, Clone, Default)]
pub struct AppealFilter {
    /// Court or tribunal.
    pub stage: Option<Stage>,
    /// Open or decided.
    pub status: Option<AppealStatus>,
    /// The case's officer.
    pub officer_id: Option<i64>,
    /// The case's public authority.
    pub authority_id: Option<i64>,
    /// A next deadline on or before this date.
    pub due_before: Option<NaiveDate>,
    /// Only appeals whose next deadline is this one.
    pub next_deadline_name: Option<DeadlineName>,
    /// 1-based page.
    pub page: i64,
    /// Page size (1–100).
    pub per_page: i64,
}

/// A document to store.
#[derive(Debug)]
pub struct NewDocument<'a> {
    /// The appeal.
    pub appeal_id: i64,
    /// Its kind's identifier.
    pub kind: &'a str,
    /// A safe file name.
    pub filename: &'a str,
    /// The content type found from its bytes.
    pub content_type: &'a str,
    /// The date it was sent.
    pub sent_on: Option<NaiveDate>,
    /// The date it was received.
    pub received_on: Option<NaiveDate>,
    /// Closed material (GRC rule 14).
    pub closed: bool,
    /// The file.
    pub content: &'a [u8],
}

/// Stores a document and returns its id.
///
/// # Errors
/// Database failures.
pub fn add_document(
    conn: &mut AnyConnection,
    doc: &NewDocument<'_>,
    uploaded_by: Option<i64>,
    at: NaiveDateTime,
) -> Result<i64, DbError> {
    diesel::insert_into(appeal_documents::table)
        .values(&NewDocumentRow {
            appeal_id: doc.appeal_id,
            kind: doc.kind,
            filename: doc.filename,
            content_type: doc.content_type,
            size_bytes: i64::try_from(doc.content.len()).unwrap_or(i64::MAX),
            sent_on: doc.sent_on,
            received_on: doc.received_on,
            closed: doc.closed,
            content: doc.content,
            uploaded_by,
            uploaded_at: at,
        })
        .execute(conn)?;
    appeal_documents::table
        .filter(appeal_documents::appeal_id.eq(doc.appeal_id))
        .order(appeal_documents::id.desc())
        .select(appeal_documents::id)
        .first(conn)
}

/// An appeal's documents, without their content.
///
/// # Errors
/// Database failures.
pub fn documents(
    conn: &mut AnyConnection,
    appeal_id: i64,
) -> Result<Vec<DocumentMetaRow>, DbError> {
    appeal_documents::table
        .filter(appeal_documents::appeal_id.eq(appeal_id))
        .order(appeal_documents::id.asc())
        .select(DocumentMetaRow::as_select())
        .load(conn)
}

/// One document with its content.
///
/// # Errors
/// Database failures.
pub fn document(
    conn: &mut AnyConnection,
    appeal_id: i64,
    id: i64,
) -> Result<Option<(DocumentMetaRow, Vec<u8>)>, DbError> {
    appeal_documents::table
        .filter(appeal_documents::appeal_id.eq(appeal_id))
        .filter(appeal_documents::id.eq(id))
        .select((DocumentMetaRow::as_select(), appeal_documents::content))
        .first(conn)
        .optional()
}
