//! The library of standard paragraphs: reasoning blocks keyed by provision and outcome, in the
//! team's own words, with placeholders filled from the case (`{authority_short}`,
//! `{request_date}` …). Filling never evaluates anything: placeholders are plain text swaps.

use serde::Serialize;
use std::collections::BTreeMap;

/// How a provision was decided in a notice.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The complaint succeeded on this provision.
    Upheld,
    /// In part.
    PartlyUpheld,
    /// The authority was right.
    NotUpheld,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 3] = [Outcome::Upheld, Outcome::PartlyUpheld, Outcome::NotUpheld];

    /// The identifier.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Outcome::Upheld => "upheld",
            Outcome::PartlyUpheld => "partly_upheld",
            Outcome::NotUpheld => "not_upheld",
        }
    }

    /// Reads the identifier [`Outcome::slug`] gives.
    #[must_use]
    pub fn from_slug(slug: &str) -> Option<Self> {
        Outcome::ALL.into_iter().find(|o| o.slug() == slug)
    }
}

/// Which legislation a provision belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// FOIA.
    Foia,
    /// EIR.
    Eir,
}

/// One standard paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LibraryEntry {
    /// "s31:not_upheld".
    pub key: String,
    /// The provision: "s31", "s24(2)", "reg12(5)(a)".
    pub provision: &'static str,
    /// The sub-heading it sits under.
    pub heading: &'static str,
    /// FOIA or EIR.
    pub act: Act,
    /// The outcome it expresses.
    pub outcome: Outcome,
    /// The text with placeholders.
    pub text: String,
}

/// (provision, act, heading, what it protects or requires, kind)
/// kind: 'p' prejudice-based qualified exemption, 'q' qualified class exemption, 'a' absolute,
/// 'n' neither confirm nor deny, 'x' procedural or other.
const PROVISIONS: &[(&str, Act, &str, &str, char)] = &[
    (
        "s1",
        Act::Foia,
        "Section 1 - General right of access",
        "the duty to confirm whether information is held and to communicate it",
        'x',
    ),
    (
        "s10",
        Act::Foia,
        "Section 10 - Time for compliance",
        "the duty to respond within 20 working days",
        'x',
    ),
    (
        "s12",
        Act::Foia,
        "Section 12 - Cost of compliance",
        "the appropriate limit on the cost of compliance",
        'x',
    ),
    (
        "s14",
        Act::Foia,
        "Section 14 - Vexatious requests",
        "the power to refuse vexatious requests",
        'x',
    ),
    (
        "s17",
        Act::Foia,
        "Section 17 - Refusal of request",
        "the duty to issue a refusal notice that explains the exemptions relied on",
        'x',
    ),
    (
        "s21",
        Act::Foia,
        "Section 21 - Information accessible by other means",
        "information reasonably accessible to the requester by other means",
        'a',
    ),
    (
        "s22",
        Act::Foia,
        "Section 22 - Information intended for future publication",
        "information intended for future publication",
        'q',
    ),
    (
        "s24",
        Act::Foia,
        "Section 24 - National security",
        "safeguarding national security",
        'q',
    ),
    (
        "s27",
        Act::Foia,
        "Section 27 - International relations",
        "the United Kingdom's international relations",
        'p',
    ),
    (
        "s30",
        Act::Foia,
        "Section 30 - Investigations and proceedings",
        "information held for investigations and proceedings",
        'q',
    ),
    (
        "s31",
        Act::Foia,
        "Section 31 - Law enforcement",
        "the prevention or detection of crime and the other law enforcement interests",
        'p',
    ),
    (
        "s35",
        Act::Foia,
        "Section 35 - Formulation of government policy",
        "the formulation and development of government policy",
        'q',
    ),
    (
        "s36",
        Act::Foia,
        "Section 36 - Prejudice to effective conduct of public affairs",
        "the effective conduct of public affairs, on the reasonable opinion of the qualified person",
        'p',
    ),
    (
        "s38",
        Act::Foia,
        "Section 38 - Health and safety",
        "the physical or mental health and the safety of any individual",
        'p',
    ),
    (
        "s40",
        Act::Foia,
        "Section 40 - Personal information",
        "the personal data of third parties under the data protection principles",
        'a',
    ),
    (
        "s41",
        Act::Foia,
        "Section 41 - Information provided in confidence",
        "information whose disclosure would be an actionable breach of confidence",
        'a',
    ),
    (
        "s42",
        Act::Foia,
        "Section 42 - Legal professional privilege",
        "information subject to legal professional privilege",
        'q',
    ),
    (
        "s43",
        Act::Foia,
        "Section 43 - Commercial interests",
        "trade secrets and the commercial interests of any person",
        'p',
    ),
    (
        "s44",
        Act::Foia,
        "Section 44 - Prohibitions on disclosure",
        "information whose disclosure is prohibited by another enactment",
        'a',
    ),
    (
        "s24(2)",
        Act::Foia,
        "Neither confirm nor deny - section 24(2)",
        "national security",
        'n',
    ),
    (
        "s31(3)",
        Act::Foia,
        "Neither confirm nor deny - section 31(3)",
        "law enforcement",
        'n',
    ),
    (
        "s40(5)",
        Act::Foia,
        "Neither confirm nor deny - section 40(5)",
        "the personal data of any individual",
        'n',
    ),
    (
        "s43(3)",
        Act::Foia,
        "Neither confirm nor deny - section 43(3)",
        "commercial interests",
        'n',
    ),
    (
        "reg2(1)",
        Act::Eir,
        "Regulation 2(1) - Environmental information",
        "whether the information is environmental information",
        'x',
    ),
    (
        "reg5(2)",
        Act::Eir,
        "Regulation 5(2) - Time for compliance",
        "the duty to make information available within 20 working days",
        'x',
    ),
    (
        "reg7",
        Act::Eir,
        "Regulation 7 - Extension of time",
        "the extension to 40 working days for complex and voluminous requests",
        'x',
    ),
    (
        "reg11",
        Act::Eir,
        "Regulation 11 - Reconsideration",
        "the duty to reconsider within 40 working days",
        'x',
    ),
    (
        "reg12(4)(a)",
        Act::Eir,
        "Regulation 12(4)(a) - Information not held",
        "information not held when the request was received",
        'e',
    ),
    (
        "reg12(4)(b)",
        Act::Eir,
        "Regulation 12(4)(b) - Manifestly unreasonable requests",
        "requests that are manifestly unreasonable",
        'e',
    ),
    (
        "reg12(4)(c)",
        Act::Eir,
        "Regulation 12(4)(c) - Requests formulated too generally",
        "requests formulated in too general a manner",
        'e',
    ),
    (
        "reg12(4)(d)",
        Act::Eir,
        "Regulation 12(4)(d) - Material in the course of completion",
        "unfinished documents and incomplete data",
        'e',
    ),
    (
        "reg12(4)(e)",
        Act::Eir,
        "Regulation 12(4)(e) - Internal communications",
        "internal communications",
        'e',
    ),
    (
        "reg12(5)(a)",
        Act::Eir,
        "Regulation 12(5)(a) - International relations, defence, national security or public safety",
        "international relations, defence, national security or public safety",
        'e',
    ),
    (
        "reg12(5)(b)",
        Act::Eir,
        "Regulation 12(5)(b) - The course of justice",
        "the course of justice and the ability to conduct inquiries",
        'e',
    ),
    (
        "reg12(5)(c)",
        Act::Eir,
        "Regulation 12(5)(c) - Intellectual property rights",
        "intellectual property rights",
        'e',
    ),
    (
        "reg12(5)(d)",
        Act::Eir,
        "Regulation 12(5)(d) - Confidentiality of proceedings",
        "the confidentiality of the proceedings of a public authority",
        'e',
    ),
    (
        "reg12(5)(e)",
        Act::Eir,
        "Regulation 12(5)(e) - Commercial confidentiality",
        "the confidentiality of commercial or industrial information",
        'e',
    ),
    (
        "reg12(5)(f)",
        Act::Eir,
        "Regulation 12(5)(f) - Interests of the person who provided the information",
        "the interests of a person who provided the information voluntarily",
        'e',
    ),
    (
        "reg12(5)(g)",
        Act::Eir,
        "Regulation 12(5)(g) - Protection of the environment",
        "the protection of the environment to which the information relates",
        'e',
    ),
    (
        "reg13",
        Act::Eir,
        "Regulation 13 - Personal data",
        "the personal data of third parties",
        'a',
    ),
];

fn cite(provision: &str, act: Act) -> String {
    match act {
        Act::Foia => {
            let rest = provision.trim_start_matches('s');
            format!("section {rest} of FOIA")
        }
        Act::Eir => {
            let rest = provision.trim_start_matches("reg");
            format!("regulation {rest} of the EIR")
        }
    }
}

/// One arm per kind of provision and outcome: the library's standard wording.
/// Long because it is kept as one table, so that it reads like the guidance it follows.
fn text_for(provision: &str, act: Act, protects: &str, kind: char, outcome: Outcome) -> String {
    let c = cite(provision, act);
    match (kind, outcome) {
        ('x', Outcome::Upheld) => format!(
            "The Commissioner finds that {{authority_short}} did not comply with {c}, which concerns {protects}."
        ),
        ('x', Outcome::PartlyUpheld) => format!(
            "The Commissioner finds that {{authority_short}} complied with {c}, which concerns {protects}, in part only."
        ),
        ('x', Outcome::NotUpheld) => format!(
            "The Commissioner is satisfied that {{authority_short}} complied with {c}, which concerns {protects}."
        ),
        ('p', o) => {
            let finding = match o {
                Outcome::NotUpheld => {
                    "The Commissioner is satisfied that all three criteria are met, so the exemption is engaged, and that the public interest favours maintaining it."
                }
                Outcome::PartlyUpheld => {
                    "The Commissioner is satisfied that the exemption is engaged for part of the information only; for the rest, the prejudice claimed has not been shown."
                }
                Outcome::Upheld => {
                    "The Commissioner is not satisfied that the prejudice claimed is real, actual or of substance, so the exemption is not engaged."
                }
            };
            format!(
                "{c} protects {protects}. To engage it, the harm must relate to that interest, there must be a causal link between disclosure and the harm, and the harm must be shown at the level claimed ('would' or 'would be likely to'). {finding}"
            )
        }
        ('q', o) | ('e', o) => {
            let what = if kind == 'e' {
                "exception"
            } else {
                "exemption"
            };
            let presumption = if kind == 'e' {
                " Regulation 12(2) requires a presumption in favour of disclosure."
            } else {
                ""
            };
            let finding = match o {
                Outcome::NotUpheld => format!(
                    "The Commissioner finds that the {what} is engaged and that the public interest in maintaining it outweighs the public interest in disclosure."
                ),
                Outcome::PartlyUpheld => format!(
                    "The Commissioner finds that the {what} is engaged for some of the information only, and that the public interest favours disclosing the remainder."
                ),
                Outcome::Upheld => format!(
                    "The Commissioner finds that the {what} is not engaged, or that the public interest favours disclosure."
                ),
            };
            format!("{c} concerns {protects}.{presumption} {finding}")
        }
        ('a', o) => {
            let finding = match o {
                Outcome::NotUpheld => {
                    "The Commissioner is satisfied that it applies to the withheld information, and as an absolute provision no public interest test is needed."
                }
                Outcome::PartlyUpheld => {
                    "The Commissioner is satisfied that it applies to part of the withheld information only."
                }
                Outcome::Upheld => {
                    "The Commissioner is not satisfied that it applies to the withheld information."
                }
            };
            format!("{c} concerns {protects}. {finding}")
        }
        (_, o) => {
            let finding = match o {
                Outcome::NotUpheld => {
                    "The Commissioner is satisfied that confirming or denying whether the information is held would itself cause the harm the exclusion protects against, and that {authority_short} was entitled to neither confirm nor deny."
                }
                Outcome::PartlyUpheld => {
                    "The Commissioner is satisfied that {authority_short} was entitled to neither confirm nor deny for part of the request only."
                }
                Outcome::Upheld => {
                    "The Commissioner is not satisfied that confirming or denying would cause the harm claimed; {authority_short} must confirm or deny whether the information is held."
                }
            };
            format!(
                "The duty to confirm or deny in section 1(1)(a) of FOIA is excluded by {c} where confirming or denying would itself harm {protects}. The Commissioner considers the question consistently, whether or not the information is in fact held. {finding}"
            )
        }
    }
}

/// Whether `provision` ("s31(1)(a)", "reg12(5)(b)") falls under a provision the library has
/// paragraphs for in `act`: an exemption, exception or duty a notice decides on. A section
/// cited for another reason ("the section 45 code of practice", "section 50") is not one.
#[must_use]
pub fn decides_under(provision: &str, act: Act) -> bool {
    PROVISIONS.iter().any(|&(p, a, ..)| {
        a == act
            && (provision == p
                || provision
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.starts_with('(')))
    })
}

/// The act a library key ("s31:upheld", "reg12(5)(a):not_upheld") belongs to.
#[must_use]
pub fn act_of_key(key: &str) -> Option<Act> {
    let provision = key.split(':').next()?;
    PROVISIONS
        .iter()
        .find(|&&(p, ..)| p == provision)
        .map(|&(_, a, ..)| a)
}

/// The built-in library: every provision with each outcome.
#[must_use]
pub fn library() -> Vec<LibraryEntry> {
    let mut out = Vec::new();
    for &(provision, act, heading, protects, kind) in PROVISIONS {
        for outcome in Outcome::ALL {
            out.push(LibraryEntry {
                key: format!("{provision}:{}", outcome.slug()),
                provision,
                heading,
                act,
                outcome,
                text: text_for(provision, act, protects, kind, outcome),
            });
        }
    }
    out
}

/// Fills `{placeholders}` from the values; unknown placeholders are left visible so a check or a
/// reader notices them.
#[must_use]
pub fn fill(text: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) if values.contains_key(&after[..end]) => {
                out.push_str(&values[&after[..end]]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_covers_the_required_provisions_with_every_outcome() {
        let lib = library();
        for p in [
            "s1",
            "s10",
            "s12",
            "s14",
            "s17",
            "s21",
            "s22",
            "s24",
            "s27",
            "s30",
            "s31",
            "s35",
            "s36",
            "s38",
            "s40",
            "s41",
            "s42",
            "s43",
            "s44",
            "s24(2)",
            "s31(3)",
            "s40(5)",
            "s43(3)",
            "reg2(1)",
            "reg5(2)",
            "reg7",
            "reg11",
            "reg12(4)(a)",
            "reg12(4)(e)",
            "reg12(5)(a)",
            "reg12(5)(g)",
            "reg13",
        ] {
            for o in Outcome::ALL {
                assert!(
                    lib.iter().any(|e| e.key == format!("{p}:{}", o.slug())),
                    "{p} {o:?}"
                );
            }
        }
    }

    #[test]
    fn filling_swaps_known_placeholders_and_keeps_unknown_ones_visible() {
        let mut v = BTreeMap::new();
        v.insert("authority_short", "the MPS".to_owned());
        assert_eq!(
            fill("{authority_short} said {nothing} #read(\"x\")", &v),
            "the MPS said {nothing} #read(\"x\")"
        );
    }
}
