//! How the register names provisions and outcomes: in the Commissioner's own register's words
//! ("FOI 31: Complaint not upheld"), a provision typed in a filter in its stored form, and
//! which decided provisions a filter on one finds.

use crate::domain::notice::Provision;
pub use crate::domain::notice::outcome_words;
use crate::domain::paragraphs::Outcome;

/// A provision as the Commissioner's register names it: "s10" → "FOI 10", "s35(1)(a)" →
/// "FOI 35(1)(a)", "reg12(4)(a)" → "EIR 12(4)(a)" ([`Provision::register_code`]); anything
/// else as given.
#[must_use]
pub fn provision_words(provision: &str) -> String {
    Provision::parse(provision).map_or_else(|_| provision.trim().to_owned(), |p| p.register_code())
}

/// A provision as a case officer writes it, "s40(2)" → "section 40(2)", "reg12(4)(b)" →
/// "regulation 12(4)(b)" ([`Provision::in_words`]); anything else as given.
#[must_use]
pub fn provision_in_words(provision: &str) -> String {
    Provision::parse(provision).map_or_else(|_| provision.trim().to_owned(), |p| p.in_words())
}

/// One line of the register: "FOI 10: Complaint upheld".
#[must_use]
pub fn decided_line(provision: &str, outcome: Outcome) -> String {
    format!("{}: {}", provision_words(provision), outcome_words(outcome))
}

/// Parses the stored outcome identifier.
#[must_use]
pub fn outcome_from_slug(s: &str) -> Option<Outcome> {
    Outcome::ALL.into_iter().find(|o| o.slug() == s)
}

/// Whether a filter on `wanted` (stored form) finds a notice that decided `decided`: the
/// provision itself or any of its sub-sections ("s31" finds "s31(1)(a)" and "s31(3)", not
/// "s310"). A notice recorded as deciding "s31" is not found by "s31(1)": it may have decided
/// another sub-section.
#[must_use]
pub fn provision_within(decided: &str, wanted: &str) -> bool {
    decided
        .strip_prefix(wanted)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('('))
}

/// A provision as typed in a filter ("FOI 31", "s 31", "s31", "EIR 12(4)(b)") in the stored
/// form ("s31", "reg12(4)(b)").
#[must_use]
pub fn provision_key(text: &str) -> String {
    let compact: String = text.split_whitespace().collect::<String>().to_lowercase();
    if let Some(rest) = compact.strip_prefix("foi") {
        format!("s{rest}")
    } else if let Some(rest) = compact.strip_prefix("eir") {
        format!("reg{rest}")
    } else if let Some(rest) = compact.strip_prefix("section") {
        format!("s{rest}")
    } else if let Some(rest) = compact.strip_prefix("regulation") {
        format!("reg{rest}")
    } else {
        compact
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_provision_filter_finds_the_provision_and_its_sub_sections() {
        // (decided, wanted, found, why)
        let table = [
            ("s31", "s31", true, "the provision itself"),
            ("s31(1)(a)", "s31", true, "a sub-section"),
            ("s31(3)", "s31", true, "another sub-section"),
            (
                "s310",
                "s31",
                false,
                "another section whose number starts alike",
            ),
            (
                "s31",
                "s31(1)",
                false,
                "the section does not say which sub-section",
            ),
            ("reg12(4)(b)", "reg12(4)", true, "an EIR exception's limb"),
            ("reg12(5)(e)", "reg12(4)", false, "another exception"),
        ];
        for (decided, wanted, found, why) in table {
            assert_eq!(provision_within(decided, wanted), found, "{why}");
        }
    }

    #[test]
    fn provisions_and_outcomes_read_as_the_commissioners_register_does() {
        let cases = [
            ("s10", Outcome::Upheld, "FOI 10: Complaint upheld"),
            (
                "s14(1)",
                Outcome::NotUpheld,
                "FOI 14(1): Complaint not upheld",
            ),
            (
                "s35(1)(a)",
                Outcome::PartlyUpheld,
                "FOI 35(1)(a): Complaint partly upheld",
            ),
            (
                "reg12(4)(a)",
                Outcome::NotUpheld,
                "EIR 12(4)(a): Complaint not upheld",
            ),
            ("reg5", Outcome::Upheld, "EIR 5: Complaint upheld"),
        ];
        for (provision, outcome, words) in cases {
            assert_eq!(decided_line(provision, outcome), words, "{provision}");
            // Typed back in the register's words, it finds the stored provision.
            assert_eq!(
                provision_key(words.split(':').next().unwrap_or_default()),
                provision
            );
        }
    }
}
