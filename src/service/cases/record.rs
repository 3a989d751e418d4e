//! The case record beside the log, read for the case page and the API: the request's wording,
//! the provisions the authority cited, its own reference, the notes (newest first), the links
//! to other cases and the changes made since opening, each with who and when. Staff only: none
//! of it goes into emails, notices, exports or the public register.

use crate::db::case_record::{self as store, RecordRow};
use crate::db::{AnyConnection, cases};
use crate::domain::case::record::{LinkKind, RecordField, parse_cited, stored_cited};
use crate::domain::input;
use crate::domain::notice::Provision;
use crate::service::ServiceError;
use crate::service::authorities::{FieldError, take};
use chrono::{NaiveDate, NaiveDateTime};

/// The record's own fields, parsed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordInput {
    /// The request's wording, as the complainant sent it.
    pub request_wording: String,
    /// The provisions the authority cited, in the order given.
    pub exemptions_cited: Vec<Provision>,
    /// The authority's own reference.
    pub authority_reference: String,
}

impl RecordInput {
    /// Parses the fields as typed (`request_wording`, `exemptions_cited`,
    /// `authority_reference`), returning every problem at once.
    ///
    /// # Errors
    /// Each field refused, named by its field.
    pub fn parse(
        request_wording: &str,
        exemptions_cited: &str,
        authority_reference: &str,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let wording = take(
            &mut errors,
            "request_wording",
            input::REQUEST_WORDING.optional(request_wording),
        );
        let cited = take(
            &mut errors,
            "exemptions_cited",
            parse_cited(exemptions_cited),
        );
        let reference = take(
            &mut errors,
            "authority_reference",
            input::AUTHORITY_REFERENCE.optional(authority_reference),
        );
        match (wording, cited, reference) {
            (Some(request_wording), Some(exemptions_cited), Some(authority_reference)) => {
                Ok(RecordInput {
                    request_wording,
                    exemptions_cited,
                    authority_reference,
                })
            }
            _ => Err(errors),
        }
    }

    /// Whether nothing is recorded.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        *self == RecordInput::default()
    }

    pub(super) fn row(&self) -> RecordRow {
        RecordRow {
            request_wording: self.request_wording.clone(),
            exemptions_cited: stored_cited(&self.exemptions_cited),
            authority_reference: self.authority_reference.clone(),
        }
    }

    pub(super) fn of_row(row: RecordRow) -> Result<Self, ServiceError> {
        let exemptions_cited = row
            .exemptions_cited
            .split_whitespace()
            .map(Provision::parse)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("stored provision: {e}")))?;
        Ok(RecordInput {
            request_wording: row.request_wording,
            exemptions_cited,
            authority_reference: row.authority_reference,
        })
    }
}

/// An internal note.
#[derive(Debug, Clone)]
pub struct Note {
    /// The date the officer gave it.
    pub date: NaiveDate,
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub by: String,
    /// When it was written (UTC).
    pub written_at: NaiveDateTime,
}

/// Another case linked to this one.
#[derive(Debug, Clone)]
pub struct LinkedCase {
    /// How they are linked.
    pub kind: LinkKind,
    /// The other case's reference.
    pub reference: String,
    /// The other case's authority, full name.
    pub authority: String,
    /// Who linked them.
    pub by: String,
    /// When (UTC).
    pub linked_at: NaiveDateTime,
}

/// A change made to the record or the parties after opening.
#[derive(Debug, Clone)]
pub struct Change {
    /// The field.
    pub field: RecordField,
    /// Before.
    pub old: String,
    /// After.
    pub new: String,
    /// Who.
    pub by: String,
    /// When (UTC).
    pub at: NaiveDateTime,
}

/// Everything the case record holds beside the log.
#[derive(Debug, Clone, Default)]
pub struct CaseFile {
    /// The record's own fields.
    pub record: RecordInput,
    /// Notes, newest first.
    pub notes: Vec<Note>,
    /// Linked cases, oldest link first.
    pub links: Vec<LinkedCase>,
    /// Changes, newest first.
    pub changes: Vec<Change>,
}

fn unreadable(what: &str, value: &str) -> ServiceError {
    ServiceError::Unexpected(anyhow::anyhow!("case record: stored {what} \"{value}\""))
}

/// Reads the record of the case stored as `case_id`, with the names of the staff it mentions.
///
/// # Errors
/// Database failures; a stored value that does not read back.
pub(super) fn load(conn: &mut AnyConnection, case_id: i64) -> Result<CaseFile, ServiceError> {
    let record = RecordInput::of_row(store::record(conn, case_id)?)?;
    let notes = store::notes(conn, case_id)?;
    let links = store::links(conn, case_id)?;
    let changes = store::changes(conn, case_id)?;
    let ids: Vec<i64> = notes
        .iter()
        .map(|n| n.written_by)
        .chain(links.iter().map(|l| l.linked_by))
        .chain(changes.iter().map(|c| c.changed_by))
        .flatten()
        .collect();
    let names = cases::staff_names(conn, &ids)?;
    let name = |id: Option<i64>| {
        id.and_then(|i| names.get(&i).cloned())
            .unwrap_or_else(|| "a member of staff no longer here".to_owned())
    };
    Ok(CaseFile {
        record,
        notes: notes
            .into_iter()
            .map(|n| Note {
                date: n.noted_on,
                text: n.body,
                by: name(n.written_by),
                written_at: n.written_at,
            })
            .collect(),
        links: links
            .into_iter()
            .map(|l| {
                Ok(LinkedCase {
                    kind: LinkKind::from_slug(&l.kind).map_err(|_| unreadable("link", &l.kind))?,
                    by: name(l.linked_by),
                    reference: l.reference,
                    authority: l.authority,
                    linked_at: l.linked_at,
                })
            })
            .collect::<Result<_, ServiceError>>()?,
        changes: changes
            .into_iter()
            .map(|c| {
                Ok(Change {
                    field: RecordField::from_slug(&c.field)
                        .ok_or_else(|| unreadable("field", &c.field))?,
                    by: name(c.changed_by),
                    old: c.old_value,
                    new: c.new_value,
                    at: c.changed_at,
                })
            })
            .collect::<Result<_, ServiceError>>()?,
    })
}
