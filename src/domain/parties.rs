//! The values cases are made of, parsed once at the edge: case references, email addresses,
//! authority sectors and nations, staff roles, and required text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A case reference such as `IC-123456-AB12`: "IC-", six digits, "-", then four capital letters or digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CaseReference(String);

impl CaseReference {
    /// Parses a reference, accepting lower case.
    ///
    /// # Errors
    /// A message showing the expected form.
    pub fn parse(text: &str) -> Result<Self, String> {
        let upper = text.trim().to_ascii_uppercase();
        let b = upper.as_bytes();
        let digits = |range: std::ops::Range<usize>| b[range].iter().all(u8::is_ascii_digit);
        // The Commissioner's formats: IC-123456-AB12 (since 2021), FS50123456 (FOIA cases
        // before then) and FER0123456 (EIR cases before then).
        let current = b.len() == 14
            && upper.starts_with("IC-")
            && digits(3..9)
            && b[9] == b'-'
            && b[10..14]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let older = b.len() == 10
            && (upper.starts_with("FS50") || upper.starts_with("FER0"))
            && digits(4..10);
        if current || older {
            Ok(CaseReference(upper))
        } else {
            Err(format!(
                "\"{}\" is not a case reference: use the form IC-123456-AB12, FS50123456 or \
                 FER0123456",
                text.trim()
            ))
        }
    }

    /// Builds a reference from its number and suffix.
    ///
    /// # Errors
    /// When the parts do not make a valid reference.
    pub fn from_parts(number: u32, suffix: &str) -> Result<Self, String> {
        Self::parse(&format!("IC-{number:06}-{suffix}"))
    }

    /// The reference as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address that at least has one `@` with text either side and no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

impl EmailAddress {
    /// Parses an address (trimmed, domain lower-cased).
    ///
    /// # Errors
    /// A message for the person who typed it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        match t.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !t.contains(char::is_whitespace)
                    && !domain.contains('@')
                    && t.len() <= 254 =>
            {
                Ok(EmailAddress(format!(
                    "{local}@{}",
                    domain.to_ascii_lowercase()
                )))
            }
            _ => Err(
                "enter an email address in the correct format, like name@example.org".to_owned(),
            ),
        }
    }

    /// The address as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Text that must not be blank, with a length limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct RequiredText(String);

impl RequiredText {
    /// Trims and checks the text.
    ///
    /// # Errors
    /// A message naming the field.
    pub fn parse(field: &str, text: &str, max: usize) -> Result<Self, String> {
        let t = text.trim();
        if t.is_empty() {
            Err(format!("enter the {field}"))
        } else if t.chars().count() > max {
            Err(format!("the {field} must be {max} characters or fewer"))
        } else {
            Ok(RequiredText(t.to_owned()))
        }
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The owned text.
    #[must_use]
    pub fn into_string(self) -> String {
        self.0
    }
}

macro_rules! slug_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $slug:literal, $label:literal;)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant,)+ }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The identifier stored and sent in JSON.
            #[must_use]
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug,)+ }
            }

            /// How people say it.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }

            /// Parses the identifier.
            ///
            /// # Errors
            /// A message listing the accepted values.
            pub fn from_slug(s: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.slug() == s).ok_or_else(|| {
                    format!(
                        "unknown {} \"{s}\": use {}",
                        stringify!($name).to_ascii_lowercase(),
                        Self::ALL.iter().map(|v| v.slug()).collect::<Vec<_>>().join(", ")
                    )
                })
            }
        }
    };
}

pub(crate) use slug_enum;

slug_enum! {
    /// The sector of a public authority, as the statistics group them.
    Sector {
        /// Police forces and crime commissioners.
        Police => "police", "Police";
        /// Councils.
        LocalGovernment => "local_government", "Local government";
        /// Departments and arm's-length bodies.
        CentralGovernment => "central_government", "Central government";
        /// NHS bodies.
        Health => "health", "Health";
        /// Schools, colleges and universities.
        Education => "education", "Education";
        /// Everything else.
        Other => "other", "Other";
    }
}

slug_enum! {
    /// The nation a public authority is in.
    Nation {
        /// England.
        England => "england", "England";
        /// Wales.
        Wales => "wales", "Wales";
        /// Scotland.
        Scotland => "scotland", "Scotland";
        /// Northern Ireland.
        NorthernIreland => "northern_ireland", "Northern Ireland";
        /// UK-wide bodies.
        UkWide => "uk_wide", "UK-wide";
    }
}

slug_enum! {
    /// What a member of staff may do.
    Role {
        /// Works the cases allocated to them.
        Officer => "officer", "Case officer";
        /// Reads everything, allocates, edits authorities.
        Manager => "manager", "Manager";
        /// Manages users, and everything a manager may do.
        Admin => "admin", "Administrator";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_references_have_six_digits_and_four_characters() {
        assert_eq!(
            CaseReference::parse("ic-123456-ab12").unwrap().as_str(),
            "IC-123456-AB12"
        );
        // The older FOIA and EIR references.
        assert_eq!(
            CaseReference::parse("fs50123456").unwrap().as_str(),
            "FS50123456"
        );
        assert!(CaseReference::parse("FER0123456").is_ok());
        for bad in [
            "IC-12345-AB12",
            "IC-123456-AB1",
            "FS5012345",
            "FS501234567",
            "FER1123456",
            "FS50A23456",
            "IC-123456_AB12",
            "IC-12345A-AB12",
        ] {
            assert!(CaseReference::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn email_addresses_need_a_local_part_and_a_domain() {
        assert_eq!(
            EmailAddress::parse(" Foi@Example.ORG ").unwrap().as_str(),
            "Foi@example.org"
        );
        for bad in [
            "",
            "foi",
            "foi@",
            "@example.org",
            "foi@example",
            "f oi@example.org",
            "a@b@c.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
    }
}
