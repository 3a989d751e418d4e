//! A complainant as typed, parsed once for the API, the new-case page and the parties' edit.

use crate::domain::input;
use crate::domain::parties::{EmailAddress, RequiredText};
use crate::service::authorities::{FieldError, take};

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

impl ComplainantInput {
    /// Parses a complainant as typed (the API's body, the new-case page), returning every
    /// problem at once, each named by its field (`complainant_name`, `complainant_email`,
    /// `complainant_address`). An empty email is none.
    ///
    /// # Errors
    /// Each field refused, in the order of the fields.
    pub fn parse(name: &str, email: &str, postal_address: &str) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = take(
            &mut errors,
            "complainant_name",
            RequiredText::of(&input::COMPLAINANT_NAME, name),
        );
        let email = Some(email.trim())
            .filter(|e| !e.is_empty())
            .map(EmailAddress::parse)
            .transpose();
        let email = take(&mut errors, "complainant_email", email);
        let postal_address = take(
            &mut errors,
            "complainant_address",
            input::POSTAL_ADDRESS.optional(postal_address),
        );
        match (name, email, postal_address) {
            (Some(name), Some(email), Some(postal_address)) => Ok(ComplainantInput {
                name,
                email,
                postal_address,
            }),
            _ => Err(errors),
        }
    }
}
