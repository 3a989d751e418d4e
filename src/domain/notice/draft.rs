//! Drafting a notice from the case record: the chronology under "Request and response", the
//! opening of "Scope of the case", the section 10 / regulation 5(2) / regulation 11(4) lateness
//! finding with the due date and working days late from the clock engine, the steps paragraph
//! with the notice's own period, the right of appeal and the signature. The parts a case officer
//! must write are marked `[To complete: …]`, which blocks issuing until replaced.

use crate::domain::notice::checks::long_date;
use crate::domain::notice::{
    Block, HeaderAuthority, ListStyle, Notice, NoticeRegime, Part, Run, SCHEMA_VERSION, Section,
    SectionKind, Signature,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The marker of text an officer must still write.
pub const TO_COMPLETE: &str = "[To complete:";

/// The regulator's and the tribunal's details (configuration, never hard-coded in templates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RegulatorDetails {
    /// "the Commissioner".
    pub short_name: String,
    /// Name and address lines for the signature block.
    pub address: Vec<String>,
    /// The tribunal's contact lines for the right of appeal.
    pub tribunal: Vec<String>,
    /// Whether a manager may approve a notice they wrote (a one-person office). Off by default:
    /// the approver is never someone who saved a version of the text. When on, each such
    /// approval is recorded in the audit log as `notice.approve.own`.
    pub self_approval: bool,
}

impl Default for RegulatorDetails {
    fn default() -> Self {
        RegulatorDetails {
            short_name: "the Commissioner".to_owned(),
            address: [
                "Information Commissioner's Office",
                "Wycliffe House",
                "Water Lane",
                "Wilmslow",
                "Cheshire",
                "SK9 5AF",
            ]
            .map(str::to_owned)
            .to_vec(),
            tribunal: [
                "First-tier Tribunal (Information Rights), GRC & GRP Tribunals, PO Box 9300, LEICESTER, LE1 8DJ",
                "Tel: 0203 936 8963",
                "Email: grc@justice.gov.uk",
                "Website: www.justice.gov.uk/tribunals/general-regulatory-chamber",
            ]
            .map(str::to_owned)
            .to_vec(),
            self_approval: false,
        }
    }
}

/// What the case record says, as the drafter needs it.
#[derive(Debug, Clone, Default)]
pub struct DraftFacts {
    /// Case references.
    pub references: Vec<String>,
    /// True for EIR, false for FOIA.
    pub eir: bool,
    /// The authority's formal name.
    pub authority_name: String,
    /// Its short name, as defined in the notice ("the MPS").
    pub authority_short: String,
    /// Its address lines.
    pub authority_address: Vec<String>,
    /// The request date.
    pub request: Option<NaiveDate>,
    /// The response date.
    pub response: Option<NaiveDate>,
    /// The response due date and working days late, when the response was late.
    pub late_response: Option<(NaiveDate, i64)>,
    /// Internal review (reconsideration) requested.
    pub review_requested: Option<NaiveDate>,
    /// Internal review completed.
    pub review_completed: Option<NaiveDate>,
    /// The review's due date and working days late, when late.
    pub late_review: Option<(NaiveDate, i64, i64)>,
    /// Complaint received.
    pub complaint: Option<NaiveDate>,
    /// Steps period, when steps are ordered.
    pub steps_period_days: Option<u32>,
    /// Signatory name and title.
    pub signatory: (String, String),
}

fn para(source: Option<&str>, runs: Vec<Run>) -> Block {
    Block::Paragraph {
        label: None,
        numbered: true,
        source: source.map(str::to_owned),
        parts: vec![Part::Text { runs }],
    }
}

fn text(t: impl Into<String>) -> Vec<Run> {
    vec![Run::text(t)]
}

/// The text with its first letter a capital, for the start of a sentence ("The MPS must…").
#[must_use]
pub fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

/// Words that, first in an authority's formal name, make it a common-noun title taking "the"
/// ("the Department for Work and Pensions", "the Home Office") — unlike a proper name such as
/// "Cheshire East Council".
const TAKES_THE: &[&str] = &[
    "department",
    "ministry",
    "office",
    "commissioner",
    "cabinet",
    "home",
    "foreign",
    "chief",
    "crown",
    "financial",
    "national",
    "royal",
    "information",
    "electoral",
    "environment",
    "health",
    "care",
    "scottish",
    "welsh",
    "police",
    "metropolitan",
    "government",
    "house",
    "board",
    "council",
    "university",
    "british",
    "general",
    "legal",
    "independent",
    "charity",
];

/// The formal name as a sentence uses it: "the Department for Work and Pensions",
/// "Cheshire East Council"; a name that already starts with "The" is kept.
#[must_use]
pub fn formal_in_sentence(name: &str) -> String {
    let name = name.trim();
    let first = name.split_whitespace().next().unwrap_or("");
    if first.eq_ignore_ascii_case("the") {
        format!("the {}", name[first.len()..].trim_start())
    } else if TAKES_THE.contains(&first.to_lowercase().as_str()) {
        format!("the {name}")
    } else {
        name.to_owned()
    }
}

/// The names a drafted notice uses: the authority's short form ("the MPS") and the regulator's
/// ("the Commissioner"), each also with a capital to begin a sentence.
struct Names<'a> {
    short: &'a str,
    short_cap: String,
    who: &'a str,
    who_cap: String,
}

/// Drafts a notice from the case record.
#[must_use]
pub fn draft(facts: &DraftFacts, regulator: &RegulatorDetails) -> Notice {
    let names = Names {
        short: &facts.authority_short,
        short_cap: capitalised(&facts.authority_short),
        who: &regulator.short_name,
        who_cap: capitalised(&regulator.short_name),
    };
    let decision = decision_blocks(facts, &names);
    let chronology = chronology_blocks(facts, &names);
    let scope = scope_blocks(facts, &names);
    let (reasons, other) = reasons_blocks(facts, &names);
    let appeal = appeal_blocks(regulator);
    let mut sections = vec![
        Section {
            kind: SectionKind::Decision,
            blocks: decision,
        },
        Section {
            kind: SectionKind::RequestAndResponse,
            blocks: chronology,
        },
        Section {
            kind: SectionKind::Scope,
            blocks: scope,
        },
        Section {
            kind: SectionKind::Reasons,
            blocks: reasons,
        },
    ];
    if !other.is_empty() {
        sections.push(Section {
            kind: SectionKind::OtherMatters,
            blocks: other,
        });
    }
    sections.push(Section {
        kind: SectionKind::RightOfAppeal,
        blocks: appeal,
    });
    Notice {
        schema_version: SCHEMA_VERSION,
        references: facts.references.clone(),
        regime: if facts.eir {
            NoticeRegime::Eir
        } else {
            NoticeRegime::Foia
        },
        date: None,
        authority: HeaderAuthority {
            name: facts.authority_name.clone(),
            address: facts.authority_address.clone(),
        },
        steps_period_days: facts.steps_period_days,
        sections,
        signature: Signature {
            name: facts.signatory.0.clone(),
            title: facts.signatory.1.clone(),
            organisation: regulator.address.clone(),
        },
        annexes: Vec::new(),
        provisions: Vec::new(),
        overall_outcome: None,
    }
}

/// "Decision": the summary and decision to complete, then the steps (with their period) or that
/// none are required.
fn decision_blocks(facts: &DraftFacts, names: &Names<'_>) -> Vec<Block> {
    let Names {
        short,
        short_cap,
        who,
        who_cap,
    } = names;
    let mut decision = vec![
        para(
            Some("generated:summary"),
            text(format!(
                "The complainant requested information from {} (\"{short}\"). {TO_COMPLETE} what was asked and what {short} did]",
                formal_in_sentence(&facts.authority_name),
            )),
        ),
        para(
            Some("generated:decision"),
            text(format!(
                "{who_cap}'s decision is that {TO_COMPLETE} the decision]"
            )),
        ),
    ];
    match facts.steps_period_days {
        Some(days) => {
            decision.push(Block::Paragraph {
                label: Some("steps".to_owned()),
                numbered: true,
                source: Some("generated:steps".to_owned()),
                parts: vec![
                    Part::Text {
                        runs: text(format!("{who_cap} requires {short} to take the following steps to ensure compliance with the legislation.")),
                    },
                    Part::List {
                        style: ListStyle::Bullet,
                        items: vec![text(format!("{TO_COMPLETE} the step required]"))],
                    },
                ],
            });
            let court = "the High Court";
            decision.push(para(
                Some("generated:steps_period"),
                text(format!(
                    "{short_cap} must take these steps within {days} calendar days of the date of this decision notice. Failure to comply may result in {who} making written certification of this fact to {court} pursuant to section 54 of {} and may be dealt with as a contempt of court.",
                    if facts.eir { "FOIA, as applied by regulation 18 of the EIR" } else { "the Act" }
                )),
            ));
        }
        None => decision.push(para(
            Some("generated:no_steps"),
            text(format!(
                "{who_cap} does not require {short} to take any steps."
            )),
        )),
    }

    decision
}

/// "Request and response": the chronology from the case's events.
fn chronology_blocks(facts: &DraftFacts, names: &Names<'_>) -> Vec<Block> {
    let Names {
        short, short_cap, ..
    } = names;
    let mut chronology = Vec::new();
    if let Some(d) = facts.request {
        chronology.push(Block::Paragraph {
            label: Some("request".to_owned()),
            numbered: true,
            source: Some("event:request_received".to_owned()),
            parts: vec![
                Part::Text {
                    runs: text(format!("On {}, the complainant wrote to {short} and requested information in the following terms:", long_date(d))),
                },
                Part::Quote {
                    runs: text(format!("{TO_COMPLETE} the request, verbatim]")),
                },
            ],
        });
    }
    if let Some(d) = facts.response {
        chronology.push(para(
            Some("event:response_sent"),
            text(format!(
                "On {}, {short} responded. {TO_COMPLETE} what the response said]",
                long_date(d)
            )),
        ));
    }
    if let Some(d) = facts.review_requested {
        chronology.push(para(
            Some("event:internal_review_requested"),
            text(format!(
                "The complainant requested an internal review on {}.",
                long_date(d)
            )),
        ));
    }
    if let Some(d) = facts.review_completed {
        chronology.push(para(
            Some("event:internal_review_completed"),
            text(format!("{short_cap} provided the outcome of its internal review on {}. {TO_COMPLETE} the outcome]", long_date(d))),
        ));
    }

    chronology
}

/// "Scope of the case": when the complaint came, and the scope to complete.
fn scope_blocks(facts: &DraftFacts, names: &Names<'_>) -> Vec<Block> {
    let Names { who, who_cap, .. } = names;
    let mut scope = Vec::new();
    if let Some(d) = facts.complaint {
        scope.push(para(
            Some("event:complaint_received"),
            text(format!(
                "The complainant contacted {who} on {} to complain about the way their request for information had been handled.",
                long_date(d)
            )),
        ));
    }
    scope.push(para(
        Some("generated:scope"),
        text(format!(
            "{who_cap} considers the scope of this case to be {TO_COMPLETE} the scope]"
        )),
    ));

    scope
}

/// "Reasons for decision" (the reasoning to complete, and the lateness findings from the clock
/// engine) and "Other matters" (a late FOIA internal review).
fn reasons_blocks(facts: &DraftFacts, names: &Names<'_>) -> (Vec<Block>, Vec<Block>) {
    let Names {
        short,
        short_cap,
        who_cap,
        ..
    } = names;
    let mut reasons = vec![para(
        Some("generated:reasons"),
        text(format!(
            "{TO_COMPLETE} the reasoning, or insert paragraphs from the library]"
        )),
    )];
    if let (Some((due, late)), Some(request), Some(response)) =
        (facts.late_response, facts.request, facts.response)
    {
        let provision = if facts.eir {
            "Regulation 5(2) of the EIR requires a public authority to make environmental information available no later than 20 working days after the date of receipt of the request"
        } else {
            "Section 10(1) of FOIA requires a public authority to respond to a request promptly and in any event not later than the twentieth working day following the date of receipt"
        };
        let breach = if facts.eir {
            "regulation 5(2) of the EIR"
        } else {
            "section 10(1) of FOIA"
        };
        reasons.push(Block::Subheading {
            text: if facts.eir {
                "Regulation 5(2) - Time for compliance".to_owned()
            } else {
                "Section 10 - Time for compliance".to_owned()
            },
        });
        reasons.push(Block::Paragraph {
            label: Some("time-for-compliance".to_owned()),
            numbered: true,
            source: Some("generated:late_response".to_owned()),
            parts: vec![Part::Text {
                runs: text(format!(
                    "{provision}. {short_cap} received the request on {}, so its response was due by {}. It responded on {}, {late} working day{} late, and so breached {breach}.",
                    long_date(request),
                    long_date(due),
                    long_date(response),
                    if late == 1 { "" } else { "s" }
                )),
            }],
        });
    }
    let mut other = Vec::new();
    if let Some((due, late, taken)) = facts.late_review {
        if facts.eir {
            reasons.push(Block::Subheading {
                text: "Regulation 11(4) - Reconsideration".to_owned(),
            });
            reasons.push(para(
                Some("generated:late_review"),
                text(format!(
                    "Regulation 11(4) of the EIR requires a reconsideration within 40 working days of receiving the representations. The reconsideration was due by {}; it was {late} working day{} late, and so {short} breached regulation 11(4) of the EIR.",
                    long_date(due),
                    if late == 1 { "" } else { "s" }
                )),
            ));
        } else {
            other.push(para(
                Some("generated:late_review"),
                text(format!(
                    "{who_cap} notes that {short} took {taken} working days to complete its internal review. The section 45 Code of Practice expects internal reviews to be completed within 20 working days, or 40 in exceptional circumstances."
                )),
            ));
        }
    }

    (reasons, other)
}

/// "Right of appeal", with the tribunal's contact lines.
fn appeal_blocks(regulator: &RegulatorDetails) -> Vec<Block> {
    let tribunal_runs: Vec<Vec<Run>> = regulator.tribunal.iter().map(|l| text(l.clone())).collect();
    vec![
        Block::Paragraph {
            label: Some("appeal".to_owned()),
            numbered: true,
            source: Some("generated:appeal".to_owned()),
            parts: vec![
                Part::Text {
                    runs: text(
                        "Either party has the right to appeal against this decision notice to the First-tier Tribunal (Information Rights). Information about the appeals process may be obtained from:",
                    ),
                },
                Part::List {
                    style: ListStyle::Bullet,
                    items: tribunal_runs,
                },
            ],
        },
        para(
            Some("generated:appeal_forms"),
            text(
                "If you wish to appeal against a decision notice, you can obtain information on how to appeal along with the relevant forms from the Information Tribunal website.",
            ),
        ),
        para(
            Some("generated:appeal_time"),
            text(
                "Any Notice of Appeal should be served on the Tribunal within 28 (calendar) days of the date on which this decision notice is sent.",
            ),
        ),
    ]
}
