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
    /// The article a notice puts before the short name: "the" (the DWP) or empty (Ofsted).
    pub article: String,
    /// Whether it may issue a ministerial certificate under FOIA s53 (the "accountable person"
    /// of s53(8): a government department, the Welsh or Northern Ireland executive, or one
    /// designated by order).
    pub s53_certificate: bool,
}

impl Authority {
    /// How a notice refers to it after first mention: the article, if any, and the short name
    /// ("the DWP", "Ofsted"). A short name that already starts with the article keeps one.
    #[must_use]
    pub fn referred_to(&self) -> String {
        let article = self.article.trim();
        let short = self.short_name.trim();
        let starts_with_article = short
            .split_whitespace()
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case(article));
        if article.is_empty() || starts_with_article {
            short.to_owned()
        } else {
            format!("{article} {short}")
        }
    }

    /// The one way a screen names it: the formal name and, in brackets, how notices refer to
    /// it ("Commissioner of Police of the Metropolis (the MPS)"); the formal name alone when the
    /// short name adds nothing.
    #[must_use]
    pub fn named_with_short(&self) -> String {
        let short = self.referred_to();
        if short.is_empty() || short == self.formal_name.trim() {
            self.formal_name.clone()
        } else {
            format!("{} ({short})", self.formal_name)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::parties::{Nation, Sector};

    fn named(article: &str, short: &str) -> String {
        Authority {
            id: 1,
            formal_name: "Formal".to_owned(),
            short_name: short.to_owned(),
            address: String::new(),
            sector: Sector::Other,
            nation: Nation::England,
            foi_email: None,
            article: article.to_owned(),
            s53_certificate: false,
        }
        .referred_to()
    }

    #[test]
    fn the_article_goes_before_the_short_name_once() {
        let cases = [
            ("the", "DWP", "the DWP"),                       // the usual case
            ("", "Ofsted", "Ofsted"),                        // no article
            ("the", "the MPS", "the MPS"), // older rows kept the article in the name
            ("The", "the Council", "the Council"), // case of the article does not matter
            ("the", "Theatres Trust", "the Theatres Trust"), // a word starting "The" is not it
            ("  ", "HMRC", "HMRC"),        // blank article is none
        ];
        for (article, short, expected) in cases {
            assert_eq!(named(article, short), expected, "{article:?} {short:?}");
        }
    }
}
