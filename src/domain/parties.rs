//! The values cases are made of, parsed once at the edge: case references, email addresses,
//! authority sectors and nations, staff roles, and required text.

use super::input;
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

/// An email address that at least has one `@` with text either side, no spaces and none of
/// the characters [`input::refused`] names, within [`input::EMAIL`]'s limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct EmailAddress(String);

/// The form an account's email address is stored and compared in: trimmed, ASCII letters in
/// lower case. Mail systems treat the part before the `@` as case-insensitive in practice
/// (RFC 5321 §2.4 allows otherwise, but no provider staff use does), so `Ann@x.org` and
/// `ann@x.org` are one mailbox and may hold one account. Only ASCII is folded, as SQLite's
/// `lower()` does, so the database's unique index and this agree; other letters compare as
/// typed.
#[must_use]
pub fn account_email_key(text: &str) -> String {
    text.trim().to_ascii_lowercase()
}

impl EmailAddress {
    /// Parses an address (trimmed, domain lower-cased).
    ///
    /// # Errors
    /// A message for the person who typed it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        input::EMAIL.check(t)?;
        match t.split_once('@') {
            Some((local, domain))
                if !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !t.contains(char::is_whitespace)
                    && !domain.contains('@') =>
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

    /// The address as an account is stored and found by ([`account_email_key`]).
    #[must_use]
    pub fn account_key(&self) -> String {
        account_email_key(&self.0)
    }
}

/// Text that must not be blank, with a length limit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct RequiredText(String);

impl RequiredText {
    /// Trims and checks the text as a one-line field named `field` of at most `max`
    /// characters (prefer [`RequiredText::of`] with a field of [`input`]).
    ///
    /// # Errors
    /// A message naming the field.
    pub fn parse(field: &'static str, text: &str, max: usize) -> Result<Self, String> {
        Self::of(&input::Field::line(field, max), text)
    }

    /// Trims and checks the text against one of the fields of [`input`].
    ///
    /// # Errors
    /// A message naming the field: blank, a refused character, or over the limit.
    pub fn of(field: &input::Field, text: &str) -> Result<Self, String> {
        field.required(text).map(RequiredText)
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
            "ann\0@example.org",
            "ann\u{202E}gro.elpmaxe@example.org",
            "ann@exa\u{7}mple.org",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        let long = format!("{}@example.org", "a".repeat(243));
        assert_eq!(long.len(), 255);
        assert_eq!(
            EmailAddress::parse(&long),
            Err("the email address must be 254 characters or fewer (it has 255)".to_owned())
        );
        assert!(EmailAddress::parse(&long[1..]).is_ok(), "254 characters");
    }

    #[test]
    fn an_account_is_found_by_its_address_in_any_case() {
        // (typed, stored key, why)
        let cases = [
            (
                "Ann@Example.org",
                "ann@example.org",
                "capitals before the @",
            ),
            ("ANN@EXAMPLE.ORG", "ann@example.org", "all capitals"),
            ("  ann@example.org ", "ann@example.org", "spaces around"),
            (
                "Ann.O'Brien+foi@x.org",
                "ann.o'brien+foi@x.org",
                "punctuation kept",
            ),
            (
                "Ärne@x.org",
                "Ärne@x.org",
                "only ASCII letters fold, as SQLite's lower()",
            ),
        ];
        for (typed, key, why) in cases {
            assert_eq!(account_email_key(typed), key, "{why}");
            assert_eq!(
                EmailAddress::parse(typed).unwrap().account_key(),
                key,
                "{why}"
            );
        }
    }
}
