//! Changing the case record after opening: the request's wording, the provisions cited, the
//! authority's reference, the complainant's details and the authority complained about. One
//! transaction: the new values, one entry per changed field in the case's own list of changes
//! (who, when, old → new; staff only) and an audit entry naming the action but no values (the
//! audit log never holds personal data).

use super::record::RecordInput;
use super::{CaseRecord, ComplainantInput, Context, detail, load_for_change, not_found};
use crate::db::case_record as store;
use crate::db::{AnyConnection, authorities, cases};
use crate::domain::case::RecordCommand;
use crate::domain::case::record::{RecordField, changes, cited_in_words, parse_cited};
use crate::domain::input;
use crate::domain::notice::Provision;
use crate::domain::parties::{CaseReference, EmailAddress};
use crate::service::authorities::{FieldError, audit, take};
use crate::service::{ServiceError, stamp};

/// What to change; a part left out stays as it is.
#[derive(Debug, Clone, Default)]
pub struct RecordEdit {
    /// The request's wording.
    pub request_wording: Option<String>,
    /// The provisions the authority cited.
    pub exemptions_cited: Option<Vec<Provision>>,
    /// The authority's own reference.
    pub authority_reference: Option<String>,
    /// The complainant's details.
    pub complainant: Option<ComplainantInput>,
    /// Another authority complained about.
    pub authority_id: Option<i64>,
}

impl RecordEdit {
    /// Parses the record's fields given (`request_wording`, `exemptions_cited`,
    /// `authority_reference`), returning every problem at once; a field not given stays.
    ///
    /// # Errors
    /// Each field refused, named by its field.
    pub fn of_record(
        request_wording: Option<&str>,
        exemptions_cited: Option<&str>,
        authority_reference: Option<&str>,
    ) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut edit = RecordEdit::default();
        if let Some(text) = request_wording {
            edit.request_wording = take(
                &mut errors,
                "request_wording",
                input::REQUEST_WORDING.optional(text),
            );
        }
        if let Some(text) = exemptions_cited {
            edit.exemptions_cited = take(&mut errors, "exemptions_cited", parse_cited(text));
        }
        if let Some(text) = authority_reference {
            edit.authority_reference = take(
                &mut errors,
                "authority_reference",
                input::AUTHORITY_REFERENCE.optional(text),
            );
        }
        if errors.is_empty() {
            Ok(edit)
        } else {
            Err(errors)
        }
    }

    fn touches_record(&self) -> bool {
        self.request_wording.is_some()
            || self.exemptions_cited.is_some()
            || self.authority_reference.is_some()
    }

    /// The record after the edit.
    fn applied_to(&self, before: &RecordInput) -> RecordInput {
        RecordInput {
            request_wording: self
                .request_wording
                .clone()
                .unwrap_or_else(|| before.request_wording.clone()),
            exemptions_cited: self
                .exemptions_cited
                .clone()
                .unwrap_or_else(|| before.exemptions_cited.clone()),
            authority_reference: self
                .authority_reference
                .clone()
                .unwrap_or_else(|| before.authority_reference.clone()),
        }
    }
}

/// Changes the record and the parties of a case (whoever may change the case; the permission
/// is each command's, in `domain::case::commands`). A field given with the value it has is not
/// a change. The authority cannot change once a decision notice has been issued naming it.
///
/// # Errors
/// Not found, forbidden, an unknown authority; nothing is written then.
pub fn edit(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    edit: &RecordEdit,
) -> Result<CaseRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        let at = stamp(ctx.now);
        let mut pairs = Vec::new();
        if edit.touches_record() {
            case.authorize_record(ctx.actor, RecordCommand::EditRecord)?;
            let before = RecordInput::of_row(store::record(conn, row.id)?)?;
            let record = edit.applied_to(&before);
            pairs.extend(record_pairs(&before, &record));
            store::save_record(conn, row.id, &record.row())?;
            audit(
                conn,
                ctx.actor,
                RecordCommand::EditRecord.audit_action(),
                &row.reference,
                at,
            )?;
        }
        if edit.complainant.is_some() || edit.authority_id.is_some() {
            case.authorize_record(ctx.actor, RecordCommand::EditParties)?;
            pairs.extend(parties(conn, &row, &case, edit)?);
            audit(
                conn,
                ctx.actor,
                RecordCommand::EditParties.audit_action(),
                &row.reference,
                at,
            )?;
        }
        let changed = changes(pairs);
        let rows: Vec<(&str, &str, &str)> = changed
            .iter()
            .map(|c| (c.field.slug(), c.old.as_str(), c.new.as_str()))
            .collect();
        store::add_changes(conn, row.id, &rows, ctx.actor.user_id, at)?;
        Ok(())
    })?;
    detail(conn, ctx, reference)
}

/// The record's fields before and after, in words.
fn record_pairs(before: &RecordInput, after: &RecordInput) -> Vec<(RecordField, String, String)> {
    vec![
        (
            RecordField::RequestWording,
            before.request_wording.clone(),
            after.request_wording.clone(),
        ),
        (
            RecordField::ExemptionsCited,
            cited_in_words(&before.exemptions_cited),
            cited_in_words(&after.exemptions_cited),
        ),
        (
            RecordField::AuthorityReference,
            before.authority_reference.clone(),
            after.authority_reference.clone(),
        ),
    ]
}

/// Writes the parties' changes and returns each field before and after, in words.
fn parties(
    conn: &mut AnyConnection,
    row: &crate::db::rows::CaseRow,
    case: &crate::domain::case::Case,
    edit: &RecordEdit,
) -> Result<Vec<(RecordField, String, String)>, ServiceError> {
    let (_, authority, complainant) =
        cases::with_parties(conn, &row.reference)?.ok_or_else(|| not_found(&row.reference))?;
    let mut pairs = Vec::new();
    if let Some(new) = &edit.complainant {
        let email = new.email.as_ref().map(EmailAddress::as_str);
        store::update_complainant(
            conn,
            complainant.id,
            new.name.as_str(),
            email,
            &new.postal_address,
        )?;
        pairs.extend([
            (
                RecordField::ComplainantName,
                complainant.name,
                new.name.as_str().to_owned(),
            ),
            (
                RecordField::ComplainantEmail,
                complainant.email.unwrap_or_default(),
                email.unwrap_or_default().to_owned(),
            ),
            (
                RecordField::ComplainantAddress,
                complainant.postal_address,
                new.postal_address.clone(),
            ),
        ]);
    }
    if let Some(id) = edit.authority_id.filter(|id| *id != authority.id) {
        let new = authorities::find(conn, id)?.ok_or_else(|| {
            ServiceError::invalid(
                "unknown_authority",
                format!("There is no public authority {id}: choose one from the list"),
            )
        })?;
        if case.summary().decided_on.is_some() {
            return Err(ServiceError::invalid(
                "authority_after_decision",
                format!(
                    "The decision notice was issued to {}; the authority of a decided case \
                     cannot change",
                    authority.formal_name
                ),
            ));
        }
        store::set_authority(conn, row.id, id)?;
        pairs.push((
            RecordField::Authority,
            authority.formal_name,
            new.formal_name,
        ));
    }
    Ok(pairs)
}
