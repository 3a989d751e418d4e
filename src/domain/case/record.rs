//! The case record beside the log: the request's wording, the provisions the authority cited,
//! the authority's own reference, the parties, internal notes and links to other cases. Each
//! change is a [`RecordCommand`] whose permission is in `commands`; this module checks it and
//! works out what changed (old → new, for the record's own audit list). Nothing here stores
//! anything, and none of it goes into emails, notices, exports or the public register.

use super::{Case, CaseError, RecordCommand};
use crate::domain::input;
use crate::domain::notice::Provision;
use crate::domain::staff::Actor;
use chrono::NaiveDate;

impl Case {
    /// Whether `actor` may carry out a change to the record (its permission is the command's
    /// door: whoever may change the case).
    ///
    /// # Errors
    /// [`CaseError::Refused`] saying why.
    pub fn authorize_record(&self, actor: &Actor, command: RecordCommand) -> Result<(), CaseError> {
        self.require_door(actor, command.door())
    }
}

/// Reads the provisions an authority cited, as an officer types them ("s40(2), s43(2)",
/// "section 40(2); regulation 12(4)(a)"): separated by commas, semicolons or line breaks,
/// each read by [`Provision::parse`], duplicates dropped, in the order typed.
///
/// # Errors
/// A message naming the first provision that cannot be read, in words.
pub fn parse_cited(text: &str) -> Result<Vec<Provision>, String> {
    input::EXEMPTIONS_CITED.check(text.trim())?;
    let mut cited: Vec<Provision> = Vec::new();
    for part in text
        .split([',', ';', '\n'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let provision = Provision::parse(part).map_err(|_| {
            format!(
                "\"{part}\" is not a section of FOIA or a regulation of the EIR: write each as \
                 s40(2) or reg12(4)(a), separated by commas"
            )
        })?;
        if !cited.contains(&provision) {
            cited.push(provision);
        }
    }
    Ok(cited)
}

/// The provisions cited, stored: their stored forms separated by a space.
#[must_use]
pub fn stored_cited(cited: &[Provision]) -> String {
    cited
        .iter()
        .map(Provision::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The provisions cited, in a case officer's words: "section 40(2), section 43(2)".
#[must_use]
pub fn cited_in_words(cited: &[Provision]) -> String {
    cited
        .iter()
        .map(Provision::in_words)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field of the record or the parties that can change after opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordField {
    /// The request's wording.
    RequestWording,
    /// The provisions the authority cited.
    ExemptionsCited,
    /// The authority's own reference.
    AuthorityReference,
    /// The public authority complained about.
    Authority,
    /// The complainant's name.
    ComplainantName,
    /// The complainant's email address.
    ComplainantEmail,
    /// The complainant's postal address.
    ComplainantAddress,
}

impl RecordField {
    /// Every field, in the order the case page shows them.
    pub const ALL: [RecordField; 7] = [
        RecordField::RequestWording,
        RecordField::ExemptionsCited,
        RecordField::AuthorityReference,
        RecordField::Authority,
        RecordField::ComplainantName,
        RecordField::ComplainantEmail,
        RecordField::ComplainantAddress,
    ];

    /// The stored identifier.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            RecordField::RequestWording => "request_wording",
            RecordField::ExemptionsCited => "exemptions_cited",
            RecordField::AuthorityReference => "authority_reference",
            RecordField::Authority => "authority",
            RecordField::ComplainantName => "complainant_name",
            RecordField::ComplainantEmail => "complainant_email",
            RecordField::ComplainantAddress => "complainant_address",
        }
    }

    /// In words, as the case page names it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            RecordField::RequestWording => "The request's wording",
            RecordField::ExemptionsCited => "Exemptions or exceptions cited",
            RecordField::AuthorityReference => "The authority's reference",
            RecordField::Authority => "Public authority",
            RecordField::ComplainantName => "Complainant's name",
            RecordField::ComplainantEmail => "Complainant's email address",
            RecordField::ComplainantAddress => "Complainant's postal address",
        }
    }

    /// Reads a stored identifier.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<RecordField> {
        RecordField::ALL.into_iter().find(|f| f.slug() == slug)
    }
}

/// One change to the record: the field, the value before and the value after, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    /// The field.
    pub field: RecordField,
    /// Before (empty when there was none).
    pub old: String,
    /// After.
    pub new: String,
}

/// The changes between two values of each field (`(field, before, after)`), leaving out the
/// fields that did not change.
#[must_use]
pub fn changes(pairs: Vec<(RecordField, String, String)>) -> Vec<RecordChange> {
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(field, old, new)| RecordChange { field, old, new })
        .collect()
}

/// How two cases are linked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Complaints about the same request.
    SameRequest,
    /// The same complainant again.
    RepeatComplainant,
    /// The same matter at the same authority.
    SameAuthorityMatter,
}

impl LinkKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [LinkKind; 3] = [
        LinkKind::SameRequest,
        LinkKind::RepeatComplainant,
        LinkKind::SameAuthorityMatter,
    ];

    /// The stored identifier.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            LinkKind::SameRequest => "same_request",
            LinkKind::RepeatComplainant => "repeat_complainant",
            LinkKind::SameAuthorityMatter => "same_authority_matter",
        }
    }

    /// In words.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            LinkKind::SameRequest => "Same request",
            LinkKind::RepeatComplainant => "Repeat complainant",
            LinkKind::SameAuthorityMatter => "Same matter at the authority",
        }
    }

    /// Reads a stored or typed identifier.
    ///
    /// # Errors
    /// A message listing the kinds, in words.
    pub fn from_slug(slug: &str) -> Result<LinkKind, String> {
        LinkKind::ALL
            .into_iter()
            .find(|k| k.slug() == slug.trim())
            .ok_or_else(|| {
                "Choose how the cases are linked: the same request, a repeat complainant, or \
                 the same matter at the authority"
                    .to_owned()
            })
    }
}

/// Checks a note's date: the day the officer gives, today or earlier.
///
/// # Errors
/// A message in words for a date after today.
pub fn check_note_date(date: NaiveDate, today: NaiveDate) -> Result<(), String> {
    if date > today {
        return Err(format!(
            "The note is dated {}, which is after today ({}): date it the day it records",
            crate::domain::timeline::human_date(date),
            crate::domain::timeline::human_date(today)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisions_cited_are_read_in_the_officers_words() {
        // Named cases: what an officer types → the stored forms.
        let cases: &[(&str, &str, &str)] = &[
            ("a section", "s40(2)", "s40(2)"),
            ("two sections", "s40(2), s43(2)", "s40(2) s43(2)"),
            (
                "words and semicolon",
                "section 40(2); regulation 12(4)(a)",
                "s40(2) reg12(4)(a)",
            ),
            ("joined by and", "s31(1)(a) and s38", "s31(1)(a) s38"),
            ("a duplicate", "s40(2), S 40(2)", "s40(2)"),
            ("nothing", "  ", ""),
        ];
        for (name, typed, stored) in cases {
            let cited = parse_cited(typed).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(stored_cited(&cited), *stored, "{name}");
        }
        let both = parse_cited("s40(2), reg12(4)(a)").unwrap_or_default();
        assert_eq!(cited_in_words(&both), "section 40(2), regulation 12(4)(a)");
    }

    #[test]
    fn a_provision_that_cannot_be_read_is_refused_in_words() {
        for typed in ["personal data", "s40(2), article 6", "s", "reg(4)"] {
            let message = parse_cited(typed).expect_err(typed);
            assert!(
                message.contains("is not a section of FOIA"),
                "{typed}: {message}"
            );
        }
    }

    #[test]
    fn a_note_dated_after_today_is_refused() {
        let today = NaiveDate::from_ymd_opt(2024, 2, 8).unwrap_or_default();
        assert!(check_note_date(today, today).is_ok());
        assert!(check_note_date(today.pred_opt().unwrap_or_default(), today).is_ok());
        let message =
            check_note_date(today.succ_opt().unwrap_or_default(), today).expect_err("tomorrow");
        assert!(message.contains("9 February 2024"), "{message}");
    }
}
