//! The API's view of a public authority: the JSON `GET/POST/PUT /api/v1/authorities` send, with
//! the sector and nation as their slugs.

use crate::domain::authority::Authority;
use serde::Serialize;

/// A public authority as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuthorityView {
    /// Identifier.
    pub id: i64,
    /// Formal name, as in a decision notice ("Commissioner of Police of the Metropolis").
    pub formal_name: String,
    /// Short name ("the MPS").
    pub short_name: String,
    /// Postal address.
    pub address: String,
    /// Sector.
    pub sector: String,
    /// Nation.
    pub nation: String,
    /// FOI contact email.
    pub foi_email: Option<String>,
    /// The article before the short name ("the", or empty).
    pub article: String,
    /// Whether it may issue a ministerial certificate under FOIA s53.
    pub s53_certificate: bool,
    /// How screens name it: "Commissioner of Police of the Metropolis (the MPS)".
    pub display_name: String,
}

impl From<&Authority> for AuthorityView {
    fn from(a: &Authority) -> Self {
        AuthorityView {
            id: a.id,
            formal_name: a.formal_name.clone(),
            short_name: a.short_name.clone(),
            address: a.address.clone(),
            sector: a.sector.slug().to_owned(),
            nation: a.nation.slug().to_owned(),
            foi_email: a.foi_email.clone(),
            article: a.article.clone(),
            s53_certificate: a.s53_certificate,
            display_name: a.named_with_short(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parties::{Nation, Sector};

    #[test]
    fn the_json_is_the_stored_slugs_in_the_fields_order() {
        let a = Authority {
            id: 7,
            formal_name: "Commissioner of Police of the Metropolis".to_owned(),
            short_name: "the MPS".to_owned(),
            address: "New Scotland Yard".to_owned(),
            sector: Sector::LocalGovernment,
            nation: Nation::UkWide,
            foi_email: None,
            article: "the".to_owned(),
            s53_certificate: false,
        };
        assert_eq!(
            serde_json::to_string(&AuthorityView::from(&a)).unwrap(),
            r#"{"id":7,"formal_name":"Commissioner of Police of the Metropolis","short_name":"the MPS","address":"New Scotland Yard","sector":"local_government","nation":"uk_wide","foi_email":null,"article":"the","s53_certificate":false,"display_name":"Commissioner of Police of the Metropolis (the MPS)"}"#
        );
    }
}
