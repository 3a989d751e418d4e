//! A public authority and a complainant as the casework knows them: the parties of a case.

use crate::domain::parties::{Nation, Sector};

/// A public authority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authority {
    /// Identifier.
    pub id: i64,
    /// Formal name, as in a decision notice ("Commissioner of Police of the Metropolis").
    pub formal_name: String,
    /// Short name ("the MPS").
    pub short_name: String,
    /// Postal address.
    pub address: String,
    /// Sector.
    pub sector: Sector,
    /// Nation.
    pub nation: Nation,
    /// FOI contact email.
    pub foi_email: Option<String>,
}

/// The person who complained (personal data: never logged, exported or published).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Complainant {
    /// Name.
    pub name: String,
    /// Email, if they gave one.
    pub email: Option<String>,
    /// Postal address.
    pub postal_address: String,
}
