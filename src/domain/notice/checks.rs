//! Pre-issue checks: the slips real notices contain, caught before a notice is issued — the
//! complainant named in the published text, references to missing labels, FOIA wording in an
//! EIR notice and the reverse, empty or missing sections, steps without a steps period, and
//! dates that contradict the case's event log.

use crate::domain::notice::{Block, Finding, Notice, NoticeRegime, Part, Run, SectionKind};
use chrono::NaiveDate;

/// What the checks need to know about the case beside the notice.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    /// The complainant's name (personal data: must not be published).
    pub complainant_name: Option<String>,
    /// The complainant's email.
    pub complainant_email: Option<String>,
    /// Event dates by event kind slug, from the event log.
    pub event_dates: Vec<(String, NaiveDate)>,
}

/// The date used in notices: "13 February 2023" (the one format).
#[must_use]
pub fn long_date(d: NaiveDate) -> String {
    crate::domain::dates::uk_date(d)
}

fn paragraph_text(parts: &[Part]) -> String {
    let mut s = String::new();
    for p in parts {
        let runs: Vec<&Run> = match p {
            Part::Text { runs } | Part::Quote { runs } => runs.iter().collect(),
            Part::List { items, .. } => items.iter().flatten().collect(),
        };
        for r in runs {
            match r {
                Run::Text { text }
                | Run::Emph { text }
                | Run::Strong { text }
                | Run::Footnote { text } => s.push_str(text),
                Run::Link { url, text } => {
                    s.push_str(text);
                    s.push_str(url);
                }
                Run::Ref { .. } => {}
            }
            s.push(' ');
        }
    }
    s
}

/// Words that cite FOIA where an EIR-only notice should cite regulations.
const FOIA_ONLY: &[&str] = &[
    "section 1(1)",
    "section 10(1)",
    "section 12",
    "section 14",
    "section 17",
    "section 21",
    "section 22",
    "section 24",
    "section 27",
    "section 30",
    "section 31",
    "section 35",
    "section 36",
    "section 38",
    "section 40",
    "section 41",
    "section 42",
    "section 43",
    "section 44",
    "exemption",
];

/// Words that cite the EIR where a FOIA-only notice should cite sections.
const EIR_ONLY: &[&str] = &[
    "regulation 5(2)",
    "regulation 12",
    "regulation 13",
    "regulation 11",
    "regulation 7",
    "exception",
];

/// Whether `word` occurs in `text` as a whole word (a plural "s" allowed): "exception" is not
/// found in "exceptional", nor "section 12" in "section 120".
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before_ok = text[..i]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let mut after = text[i + word.len()..].chars();
        let after_ok = match after.next() {
            None => true,
            Some('s') => after.next().is_none_or(|c| !c.is_alphanumeric()),
            Some(c) => !c.is_alphanumeric(),
        };
        before_ok && after_ok
    })
}

/// Runs every pre-issue check; an empty list means the notice may be submitted and issued.
#[must_use]
pub fn check(notice: &Notice, facts: &CaseFacts) -> Vec<Finding> {
    let mut findings = Vec::new();
    if let Err(mut unresolved) = notice.resolve(false) {
        findings.append(&mut unresolved);
    }
    check_texts(notice, facts, &mut findings);
    check_sections(notice, &mut findings);
    check_steps_and_dates(notice, facts, &mut findings);
    check_outcomes(notice, &mut findings);
    findings
}

/// Every piece of published text: nothing left to complete, the complainant never named, the
/// wording of the notice's own regime.
fn check_texts(notice: &Notice, facts: &CaseFacts, findings: &mut Vec<Finding>) {
    // The complainant is never named in the published notice: every printed field, any case,
    // spacing or split across runs (domain::register::redaction).
    findings.extend(crate::domain::register::redaction::complainant_traces(
        notice,
        facts.complainant_name.as_deref(),
        facts.complainant_email.as_deref(),
    ));
    for (location, text) in notice.texts() {
        let lower = text.to_lowercase();
        if text.contains(crate::domain::notice::draft::TO_COMPLETE) {
            findings.push(Finding {
                rule: "unfinished_text",
                location: location.clone(),
                message: "replace the \"[To complete: …]\" text before issuing".to_owned(),
            });
        }
        check_regime_wording(notice.regime, &lower, &location, findings);
    }
}

fn check_regime_wording(
    regime: NoticeRegime,
    lower: &str,
    location: &str,
    findings: &mut Vec<Finding>,
) {
    let wrong: &[&str] = match regime {
        NoticeRegime::Eir => FOIA_ONLY,
        NoticeRegime::Foia => EIR_ONLY,
        NoticeRegime::Both => &[],
    };
    for word in wrong {
        if contains_word(lower, word) {
            let (found, should) = match regime {
                NoticeRegime::Eir => ("FOIA", "EIR"),
                _ => ("EIR", "FOIA"),
            };
            findings.push(Finding {
                rule: "wrong_regime_wording",
                location: location.to_owned(),
                message: format!("\"{word}\" is {found} wording in an {should} notice"),
            });
        }
    }
}

/// The required sections present, in order, none empty.
fn check_sections(notice: &Notice, findings: &mut Vec<Finding>) {
    for kind in SectionKind::ALL.into_iter().filter(|k| k.required()) {
        if !notice.sections.iter().any(|s| s.kind == kind) {
            findings.push(Finding {
                rule: "missing_section",
                location: kind.heading().to_owned(),
                message: format!("every notice needs the section \"{}\"", kind.heading()),
            });
        }
    }
    for s in &notice.sections {
        if !s
            .blocks
            .iter()
            .any(|b| matches!(b, Block::Paragraph { .. }))
        {
            findings.push(Finding {
                rule: "empty_section",
                location: s.kind.heading().to_owned(),
                message: format!("the section \"{}\" has no paragraphs", s.kind.heading()),
            });
        }
    }
    let kinds: Vec<SectionKind> = notice.sections.iter().map(|s| s.kind).collect();
    let mut sorted = kinds.clone();
    sorted.sort();
    sorted.dedup();
    if kinds != sorted {
        findings.push(Finding {
            rule: "section_order",
            location: "sections".to_owned(),
            message: "sections must appear once each, in the standard order".to_owned(),
        });
    }
}

/// Steps need a steps period, and a period needs steps; generated chronology paragraphs still
/// carry the date of their event in the log.
fn check_steps_and_dates(notice: &Notice, facts: &CaseFacts, findings: &mut Vec<Finding>) {
    let mut number = 0;
    let mut mentions_steps = false;
    for b in notice.sections.iter().flat_map(|s| &s.blocks) {
        let Block::Paragraph {
            numbered,
            parts,
            source,
            ..
        } = b
        else {
            continue;
        };
        if *numbered {
            number += 1;
        }
        let text = paragraph_text(parts);
        if text.contains("take the following steps") || source.as_deref() == Some("generated:steps")
        {
            mentions_steps = true;
        }
        if let Some(kind) = source.as_deref().and_then(|s| s.strip_prefix("event:"))
            && let Some((_, date)) = facts.event_dates.iter().find(|(k, _)| k == kind)
            && !text.contains(&long_date(*date))
        {
            findings.push(Finding {
                rule: "date_contradicts_log",
                location: format!("paragraph {number}"),
                message: format!(
                    "this paragraph describes the {} but does not give its date in the event log, {}",
                    kind.replace('_', " "),
                    long_date(*date)
                ),
            });
        }
    }
    if mentions_steps && notice.steps_period_days.is_none() {
        findings.push(Finding {
            rule: "steps_without_period",
            location: SectionKind::Decision.heading().to_owned(),
            message: "the notice orders steps but sets no steps period".to_owned(),
        });
    }
    if !mentions_steps && notice.steps_period_days.is_some() {
        findings.push(Finding {
            rule: "period_without_steps",
            location: SectionKind::Decision.heading().to_owned(),
            message: "the notice sets a steps period but orders no steps".to_owned(),
        });
    }
}

/// Every notice records what it decided: at least one provision with its outcome, each
/// provision once, and an EIR notice decides regulations, a FOIA notice sections.
fn check_outcomes(notice: &Notice, findings: &mut Vec<Finding>) {
    let location = "outcomes".to_owned();
    if notice.provisions.is_empty() {
        findings.push(Finding {
            rule: "no_outcomes",
            location: location.clone(),
            message: "record each provision decided and its outcome".to_owned(),
        });
    }
    for (i, p) in notice.provisions.iter().enumerate() {
        if notice.provisions[..i]
            .iter()
            .any(|q| q.provision == p.provision)
        {
            findings.push(Finding {
                rule: "duplicate_provision",
                location: location.clone(),
                message: format!("{} is recorded more than once", p.provision.register_code()),
            });
        }
        let wrong_act = match notice.regime {
            NoticeRegime::Foia => p.provision.is_eir(),
            NoticeRegime::Eir => !p.provision.is_eir(),
            NoticeRegime::Both => false,
        };
        if wrong_act {
            findings.push(Finding {
                rule: "wrong_regime_provision",
                location: location.clone(),
                message: format!(
                    "{} is not a provision of the legislation this notice decides under",
                    p.provision.register_code()
                ),
            });
        }
    }
}
