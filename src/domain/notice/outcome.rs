//! What a notice decided: each provision with its outcome, in the words the ICO's register of
//! decision notices uses ("FOI 10: Complaint upheld", "EIR 12(4)(a): Complaint not upheld"), the
//! case's overall outcome (derived from the provisions unless the officer sets it), and the
//! provisions an officer is offered when recording them (from the library paragraphs used and
//! the provisions the notice's text cites).

use super::{Block, Notice, Part, ProvisionDecided, Run};
use crate::domain::paragraphs::{Act, Outcome, decides_under};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A provision of FOIA ("s35(1)(a)") or of the EIR ("reg12(4)(a)"), checked when read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Provision(String);

/// Why a provision could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" is not a provision: write a section as s35(1)(a) or a regulation as reg12(4)(a)")]
pub struct ProvisionError(pub String);

impl Provision {
    /// Reads "s35(1)(a)", "S 35(1)(a)", "section 35(1)(a)", "reg12(4)(a)", "regulation 12(4)(a)".
    ///
    /// # Errors
    /// Anything that is not a section or regulation number with optional bracketed parts.
    pub fn parse(text: &str) -> Result<Self, ProvisionError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        let (prefix, rest) = if let Some(r) = compact.strip_prefix("regulation") {
            ("reg", r)
        } else if let Some(r) = compact.strip_prefix("reg") {
            ("reg", r)
        } else if let Some(r) = compact.strip_prefix("section") {
            ("s", r)
        } else if let Some(r) = compact.strip_prefix('s') {
            ("s", r)
        } else {
            return Err(ProvisionError(text.trim().to_owned()));
        };
        if !well_formed(rest) {
            return Err(ProvisionError(text.trim().to_owned()));
        }
        Ok(Provision(format!("{prefix}{rest}")))
    }

    /// The stored form: "s35(1)(a)".
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is a regulation of the EIR.
    #[must_use]
    pub fn is_eir(&self) -> bool {
        self.0.starts_with("reg")
    }

    /// The number with its parts: "35(1)(a)".
    #[must_use]
    pub fn number(&self) -> &str {
        self.0
            .strip_prefix("reg")
            .or_else(|| self.0.strip_prefix('s'))
            .unwrap_or(&self.0)
    }

    /// As the register cites it: "FOI 35(1)(a)", "EIR 12(4)(a)".
    #[must_use]
    pub fn register_code(&self) -> String {
        let act = if self.is_eir() { "EIR" } else { "FOI" };
        format!("{act} {}", self.number())
    }

    /// As a case officer writes it: "section 40(2)", "regulation 12(4)(a)".
    #[must_use]
    pub fn in_words(&self) -> String {
        let unit = if self.is_eir() {
            "regulation"
        } else {
            "section"
        };
        format!("{unit} {}", self.number())
    }
}

/// One to three digits, then any number of "(x)" parts of letters or digits.
fn well_formed(rest: &str) -> bool {
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let mut tail = &rest[digits..];
    while !tail.is_empty() {
        let Some(inner) = tail.strip_prefix('(') else {
            return false;
        };
        let Some(close) = inner.find(')') else {
            return false;
        };
        let part = &inner[..close];
        if part.is_empty() || part.len() > 4 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return false;
        }
        tail = &inner[close + 1..];
    }
    true
}

impl TryFrom<String> for Provision {
    type Error = ProvisionError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Provision::parse(&value)
    }
}

impl From<Provision> for String {
    fn from(p: Provision) -> Self {
        p.0
    }
}

impl fmt::Display for Provision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The ICO's words for an outcome: "Complaint upheld", "Complaint partly upheld",
/// "Complaint not upheld".
#[must_use]
pub fn outcome_words(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Upheld => "Complaint upheld",
        Outcome::PartlyUpheld => "Complaint partly upheld",
        Outcome::NotUpheld => "Complaint not upheld",
    }
}

/// A provision decided, as the ICO's register shows it: "FOI 35(1)(a): Complaint partly
/// upheld", "EIR 12(4)(a): Complaint not upheld". The one place this wording is made: pages,
/// statistics and the public register use it.
#[must_use]
pub fn outcome_label(decided: &ProvisionDecided) -> String {
    format!(
        "{}: {}",
        decided.provision.register_code(),
        outcome_words(decided.outcome)
    )
}

/// The overall outcome the provisions add up to: upheld when every one is upheld, not upheld
/// when none is upheld at all, partly upheld otherwise; none without provisions.
#[must_use]
pub fn derived_outcome(provisions: &[ProvisionDecided]) -> Option<Outcome> {
    if provisions.is_empty() {
        None
    } else if provisions.iter().all(|p| p.outcome == Outcome::Upheld) {
        Some(Outcome::Upheld)
    } else if provisions.iter().all(|p| p.outcome == Outcome::NotUpheld) {
        Some(Outcome::NotUpheld)
    } else {
        Some(Outcome::PartlyUpheld)
    }
}

impl Notice {
    /// The case's overall outcome: the officer's choice when set, else derived from the
    /// provisions.
    #[must_use]
    pub fn outcome(&self) -> Option<Outcome> {
        self.overall_outcome
            .or_else(|| derived_outcome(&self.provisions))
    }

    /// The provisions to offer when recording outcomes, in the notice's order: the library
    /// paragraphs used (with the outcome they express) and the sections or regulations the
    /// text cites (without one), the generated lateness finding as a breach (upheld). Those
    /// already recorded are left out.
    #[must_use]
    pub fn suggested_provisions(&self) -> Vec<(Provision, Option<Outcome>)> {
        let mut out: Vec<(Provision, Option<Outcome>)> = Vec::new();
        let mut add = |p: Provision, o: Option<Outcome>| {
            if self.provisions.iter().any(|d| d.provision == p) {
                return;
            }
            match out.iter_mut().find(|(q, _)| *q == p) {
                Some((_, existing)) if existing.is_none() => *existing = o,
                Some(_) => {}
                None => out.push((p, o)),
            }
        };
        for block in self.sections.iter().flat_map(|s| &s.blocks) {
            let Block::Paragraph { source, parts, .. } = block else {
                continue;
            };
            match source.as_deref() {
                Some(s) if s.starts_with("library:") => {
                    let key = &s["library:".len()..];
                    if let Some((provision, outcome)) = key.split_once(':')
                        && let Ok(p) = Provision::parse(provision)
                    {
                        add(p, Outcome::from_slug(outcome));
                    }
                }
                Some("generated:late_response") => {
                    let p = if self.regime == super::NoticeRegime::Eir {
                        "reg5(2)"
                    } else {
                        "s10"
                    };
                    if let Ok(p) = Provision::parse(p) {
                        add(p, Some(Outcome::Upheld));
                    }
                }
                _ => {}
            }
            // Only what the notice can decide under its own legislation is suggested: no EIR
            // regulation on a FOIA case, and no section cited for another reason (s45, s50).
            for cited in cited_provisions(parts) {
                let acts: &[Act] = match self.regime {
                    super::NoticeRegime::Foia => &[Act::Foia],
                    super::NoticeRegime::Eir => &[Act::Eir],
                    super::NoticeRegime::Both => &[Act::Foia, Act::Eir],
                };
                if acts.iter().any(|a| decides_under(cited.as_str(), *a)) {
                    add(cited, None);
                }
            }
        }
        out
    }
}

/// The sections and regulations a paragraph cites: "section 31(1)", "sections 24(1), 31(1)",
/// "regulation 12(4)(a)".
fn cited_provisions(parts: &[Part]) -> Vec<Provision> {
    let mut text = String::new();
    for part in parts {
        let runs: Vec<&Run> = match part {
            Part::Text { runs } | Part::Quote { runs } => runs.iter().collect(),
            Part::List { items, .. } => items.iter().flatten().collect(),
        };
        for run in runs {
            if let Run::Text { text: t } | Run::Emph { text: t } | Run::Strong { text: t } = run {
                text.push_str(t);
                text.push(' ');
            }
        }
    }
    let lower = text.to_lowercase();
    let mut found = Vec::new();
    for (word, prefix) in [
        ("sections ", "s"),
        ("section ", "s"),
        ("regulations ", "reg"),
        ("regulation ", "reg"),
    ] {
        for (i, _) in lower.match_indices(word) {
            // A list after the word: "sections 24(1), 31(1) and 43(2)".
            let tail = &lower[i + word.len()..];
            for token in tail.split(|c: char| c == ',' || c.is_whitespace()).take(12) {
                let token = token.trim_end_matches(['.', ';', ':']);
                if token == "and" || token == "or" || token.is_empty() {
                    continue;
                }
                match Provision::parse(&format!("{prefix}{token}")) {
                    Ok(p) if !found.contains(&p) => found.push(p),
                    Ok(_) => {}
                    Err(_) => break,
                }
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provisions_are_read_in_the_forms_officers_write() {
        for (typed, stored) in [
            ("s35(1)(a)", "s35(1)(a)"),
            ("S 35(1)(a)", "s35(1)(a)"),
            ("section 10", "s10"),
            ("reg12(4)(a)", "reg12(4)(a)"),
            ("Regulation 12(5)(e)", "reg12(5)(e)"),
        ] {
            assert_eq!(Provision::parse(typed).map(String::from), Ok(stored.into()));
        }
        for bad in ["", "35", "s", "sx", "s35(", "s35()", "s35(1)x", "article 6"] {
            assert!(Provision::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn citations_are_found_in_lists() {
        let parts = vec![Part::Text {
            runs: vec![Run::text(
                "citing sections 24(1), 31(1) and 43(2) of FOIA, and regulation 12(4)(a).",
            )],
        }];
        let got: Vec<String> = cited_provisions(&parts)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(got, ["s24(1)", "s31(1)", "s43(2)", "reg12(4)(a)"]);
    }
}
