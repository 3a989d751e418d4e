//! The decision-notice document model: a header, sections in the standard order, sub-headings,
//! numbered paragraphs (one counter through the whole notice; headings never numbered) with
//! lettered or bulleted items, verbatim quotations and footnotes, cross-references by label,
//! annexes and a signature. Text is structured runs, never markup: what a case officer types is
//! printed literally.
//!
//! [`Notice::resolve`] numbers paragraphs and footnotes and resolves cross-references in Rust, so
//! the typesetter receives finished numbers and lays the notice out in one pass.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The current version of the stored JSON.
pub const SCHEMA_VERSION: u32 = 1;

/// Which legislation the notice decides under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeRegime {
    /// Freedom of Information Act 2000.
    Foia,
    /// Environmental Information Regulations 2004.
    Eir,
    /// Both (mixed cases stack both titles).
    Both,
}

impl NoticeRegime {
    /// The title lines of the notice.
    #[must_use]
    pub fn titles(self) -> Vec<&'static str> {
        match self {
            NoticeRegime::Foia => vec!["Freedom of Information Act 2000 (FOIA)"],
            NoticeRegime::Eir => vec!["Environmental Information Regulations 2004 (EIR)"],
            NoticeRegime::Both => vec![
                "Freedom of Information Act 2000 (FOIA)",
                "Environmental Information Regulations 2004 (EIR)",
            ],
        }
    }
}

/// The sections of a notice, in the order they must appear.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Always.
    Decision,
    /// Optional.
    Background,
    /// Always.
    RequestAndResponse,
    /// Normally.
    Scope,
    /// The reasoning.
    Reasons,
    /// Optional observations.
    OtherMatters,
    /// Always.
    RightOfAppeal,
}

impl SectionKind {
    /// Every section kind in order.
    pub const ALL: [SectionKind; 7] = [
        SectionKind::Decision,
        SectionKind::Background,
        SectionKind::RequestAndResponse,
        SectionKind::Scope,
        SectionKind::Reasons,
        SectionKind::OtherMatters,
        SectionKind::RightOfAppeal,
    ];

    /// The standard heading.
    #[must_use]
    pub fn heading(self) -> &'static str {
        match self {
            SectionKind::Decision => "Decision (including any steps ordered)",
            SectionKind::Background => "Background",
            SectionKind::RequestAndResponse => "Request and response",
            SectionKind::Scope => "Scope of the case",
            SectionKind::Reasons => "Reasons for decision",
            SectionKind::OtherMatters => "Other matters",
            SectionKind::RightOfAppeal => "Right of appeal",
        }
    }

    /// Whether every notice must have it.
    #[must_use]
    pub fn required(self) -> bool {
        matches!(
            self,
            SectionKind::Decision | SectionKind::RequestAndResponse | SectionKind::RightOfAppeal
        )
    }
}

/// A run of text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Run {
    /// Plain text.
    Text {
        /// The text, printed literally.
        text: String,
    },
    /// Italic.
    Emph {
        /// The text.
        text: String,
    },
    /// Bold.
    Strong {
        /// The text.
        text: String,
    },
    /// A cross-reference to a labelled paragraph, printed as its number.
    Ref {
        /// The paragraph's label.
        label: String,
    },
    /// A footnote, numbered through the document.
    Footnote {
        /// The footnote's text.
        text: String,
    },
    /// A web address.
    Link {
        /// The address.
        url: String,
        /// The text shown (the address when empty).
        #[serde(default)]
        text: String,
    },
}

impl Run {
    /// Plain text.
    #[must_use]
    pub fn text(t: impl Into<String>) -> Self {
        Run::Text { text: t.into() }
    }
}

/// How list items are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ListStyle {
    /// • bullets (steps, lists of items).
    Bullet,
    /// (a), (b) … (legal limbs).
    Letter,
}

/// A part of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Part {
    /// Running text.
    Text {
        /// The runs.
        runs: Vec<Run>,
    },
    /// A verbatim quotation, set indented and italic.
    Quote {
        /// The runs (kept verbatim, "[sic]" included).
        runs: Vec<Run>,
    },
    /// Bulleted or lettered items.
    List {
        /// The marker style.
        style: ListStyle,
        /// The items.
        items: Vec<Vec<Run>>,
    },
}

/// A block inside a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// A sub-heading (never numbered).
    Subheading {
        /// Its text.
        text: String,
    },
    /// A paragraph: numbered unless `numbered` is false (a continuation).
    Paragraph {
        /// A label other paragraphs refer to.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        label: Option<String>,
        /// Numbered (default true).
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        numbered: bool,
        /// The library entry or generator it came from, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        /// Its parts.
        parts: Vec<Part>,
    },
}

fn yes() -> bool {
    true
}

#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_true(b: &bool) -> bool {
    *b
}

/// A section: a kind and its blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Which section.
    pub kind: SectionKind,
    /// Its blocks.
    pub blocks: Vec<Block>,
}

/// An annex after the signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annex {
    /// Its title.
    pub title: String,
    /// Its blocks (paragraphs in annexes are not numbered).
    pub blocks: Vec<Block>,
}

/// The signature block.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Who signs.
    pub name: String,
    /// Their title, e.g. "Senior Case Officer".
    pub title: String,
    /// The regulator's name and address lines.
    pub organisation: Vec<String>,
}

/// The public authority in the header.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderAuthority {
    /// Formal name.
    pub name: String,
    /// Address lines (may be empty).
    #[serde(default)]
    pub address: Vec<String>,
}

/// A decision notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Schema version of this JSON.
    pub schema_version: u32,
    /// Case references (joined cases carry several).
    pub references: Vec<String>,
    /// FOIA, EIR or both.
    pub regime: NoticeRegime,
    /// The notice date, fixed when it is issued.
    #[serde(default)]
    pub date: Option<chrono::NaiveDate>,
    /// The public authority.
    pub authority: HeaderAuthority,
    /// The steps period in calendar days, when steps are ordered.
    #[serde(default)]
    pub steps_period_days: Option<u32>,
    /// The sections.
    pub sections: Vec<Section>,
    /// The signature.
    pub signature: Signature,
    /// Annexes.
    #[serde(default)]
    pub annexes: Vec<Annex>,
    /// Each provision decided, with its outcome (recorded as data when issued).
    #[serde(default)]
    pub provisions: Vec<ProvisionDecided>,
}

/// A provision the notice decides, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionDecided {
    /// "s31", "reg12(5)(e)".
    pub provision: String,
    /// The outcome.
    pub outcome: crate::domain::paragraphs::Outcome,
}

/// Where a notice is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Being drafted by the officer.
    Draft,
    /// Submitted to a manager.
    Submitted,
    /// Approved by a manager: may be issued.
    Approved,
    /// Returned by a manager with comments.
    Returned,
    /// Issued: immutable.
    Issued,
}

/// A step in the notice workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeAction {
    /// Save an edit.
    Save,
    /// Submit for approval.
    Submit,
    /// Approve.
    Approve,
    /// Return with comments.
    Return,
    /// Issue.
    Issue,
}

impl NoticeState {
    /// Every state.
    pub const ALL: [NoticeState; 5] = [
        NoticeState::Draft,
        NoticeState::Submitted,
        NoticeState::Approved,
        NoticeState::Returned,
        NoticeState::Issued,
    ];

    /// The identifier stored.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            NoticeState::Draft => "draft",
            NoticeState::Submitted => "submitted",
            NoticeState::Approved => "approved",
            NoticeState::Returned => "returned",
            NoticeState::Issued => "issued",
        }
    }

    /// Parses the stored identifier.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Submitted,
            Self::Approved,
            Self::Returned,
            Self::Issued,
        ]
        .into_iter()
        .find(|x| x.slug() == s)
    }

    /// The state after `action`, or why it cannot happen now.
    ///
    /// # Errors
    /// A sentence for the person who tried.
    pub fn apply(self, action: NoticeAction) -> Result<NoticeState, String> {
        use NoticeAction as A;
        use NoticeState as S;
        match (self, action) {
            (S::Draft | S::Returned | S::Approved, A::Save) => Ok(S::Draft),
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Approve) => Ok(S::Approved),
            (S::Submitted | S::Approved, A::Return) => Ok(S::Returned),
            (S::Approved, A::Issue) => Ok(S::Issued),
            (S::Issued, _) => Err("the notice has been issued and can no longer change".to_owned()),
            (S::Submitted, A::Save) => Err(
                "the notice is with a manager for approval; it can be edited once returned"
                    .to_owned(),
            ),
            (from, action) => Err(format!(
                "a {} notice cannot be {}",
                from.slug(),
                match action {
                    A::Save => "saved",
                    A::Submit => "submitted",
                    A::Approve => "approved",
                    A::Return => "returned",
                    A::Issue => "issued before it is approved",
                }
            )),
        }
    }
}

/// A run after resolution: references replaced by numbers, footnotes numbered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedRun {
    /// Plain text.
    Text {
        /// The text.
        text: String,
    },
    /// Italic.
    Emph {
        /// The text.
        text: String,
    },
    /// Bold.
    Strong {
        /// The text.
        text: String,
    },
    /// A footnote with its number.
    Footnote {
        /// Its number.
        number: usize,
        /// Its text.
        text: String,
    },
    /// A web address.
    Link {
        /// The address.
        url: String,
        /// The text.
        text: String,
    },
}

/// A resolved part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedPart {
    /// Running text.
    Text {
        /// Runs.
        runs: Vec<ResolvedRun>,
    },
    /// A quotation.
    Quote {
        /// Runs.
        runs: Vec<ResolvedRun>,
    },
    /// A list with its markers.
    List {
        /// Items with their markers ("•", "(a)" …).
        items: Vec<(String, Vec<ResolvedRun>)>,
    },
}

/// A resolved block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResolvedBlock {
    /// A sub-heading.
    Subheading {
        /// Text.
        text: String,
    },
    /// A paragraph with its number ("" when unnumbered).
    Paragraph {
        /// "12", or "" for a continuation.
        number: String,
        /// Parts.
        parts: Vec<ResolvedPart>,
    },
}

/// A resolved section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedSection {
    /// Heading.
    pub heading: String,
    /// Blocks.
    pub blocks: Vec<ResolvedBlock>,
}

/// What the typesetter receives: every number final, every string plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResolvedNotice {
    /// The running header's reference text.
    pub reference: String,
    /// Title lines.
    pub titles: Vec<&'static str>,
    /// "8 February 2024", or "Draft" before issue.
    pub date: String,
    /// The authority.
    pub authority: HeaderAuthority,
    /// "DRAFT" until issued.
    pub watermark: Option<String>,
    /// Sections.
    pub sections: Vec<ResolvedSection>,
    /// Signature.
    pub signature: Signature,
    /// Annexes.
    pub annexes: Vec<ResolvedSection>,
    /// How many numbered paragraphs there are.
    pub paragraph_count: usize,
    /// The complainant's name and address: only on the copy sent to the parties, never on the
    /// published notice.
    pub complainant: Option<Vec<String>>,
}

/// A problem that blocks issuing (or rendering, for unresolved references).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// A stable identifier.
    pub rule: &'static str,
    /// Where: "paragraph 12", "section Reasons for decision".
    pub location: String,
    /// What to fix.
    pub message: String,
}

fn letter(i: usize) -> String {
    let mut n = i;
    let mut s = String::new();
    loop {
        s.insert(0, (b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    format!("({s})")
}

impl Notice {
    /// Every run of text in the published parts, with where it is (for checks).
    pub fn texts(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut number = 0usize;
        let mut visit_blocks = |blocks: &[Block],
                                where_: &str,
                                numbered_ok: bool,
                                out: &mut Vec<(String, String)>| {
            for block in blocks {
                match block {
                    Block::Subheading { text } => {
                        out.push((format!("{where_}, sub-heading"), text.clone()))
                    }
                    Block::Paragraph {
                        numbered, parts, ..
                    } => {
                        let loc = if *numbered && numbered_ok {
                            number += 1;
                            format!("paragraph {number}")
                        } else {
                            format!("{where_}, unnumbered paragraph")
                        };
                        for part in parts {
                            let runs: Vec<&Run> = match part {
                                Part::Text { runs } | Part::Quote { runs } => runs.iter().collect(),
                                Part::List { items, .. } => items.iter().flatten().collect(),
                            };
                            for run in runs {
                                let t = match run {
                                    Run::Text { text }
                                    | Run::Emph { text }
                                    | Run::Strong { text }
                                    | Run::Footnote { text } => text.clone(),
                                    Run::Link { url, text } => format!("{text} {url}"),
                                    Run::Ref { .. } => continue,
                                };
                                out.push((loc.clone(), t));
                            }
                        }
                    }
                }
            }
        };
        for s in &self.sections {
            visit_blocks(&s.blocks, s.kind.heading(), true, &mut out);
        }
        for a in &self.annexes {
            visit_blocks(&a.blocks, &a.title, false, &mut out);
        }
        out.push(("header".into(), self.authority.name.clone()));
        out.extend(
            self.authority
                .address
                .iter()
                .map(|l| ("header".to_owned(), l.clone())),
        );
        out
    }

    /// The labels and their paragraph numbers.
    #[must_use]
    pub fn labels(&self) -> HashMap<String, usize> {
        let mut map = HashMap::new();
        let mut n = 0;
        for s in &self.sections {
            for b in &s.blocks {
                if let Block::Paragraph {
                    numbered: true,
                    label,
                    ..
                } = b
                {
                    n += 1;
                    if let Some(l) = label {
                        map.insert(l.clone(), n);
                    }
                }
            }
        }
        map
    }

    /// Numbers the paragraphs and footnotes and replaces cross-references with numbers.
    ///
    /// # Errors
    /// The findings for references to labels that do not exist (and duplicate labels).
    pub fn resolve(&self, issued: bool) -> Result<ResolvedNotice, Vec<Finding>> {
        let labels = self.labels();
        let mut findings = self.label_findings();
        let mut number = 0usize;
        let mut footnote = 0usize;
        let mut resolve_runs = |runs: &[Run],
                                loc: &str,
                                findings: &mut Vec<Finding>|
         -> Vec<ResolvedRun> {
            runs.iter()
                .map(|r| match r {
                    Run::Text { text } => ResolvedRun::Text { text: text.clone() },
                    Run::Emph { text } => ResolvedRun::Emph { text: text.clone() },
                    Run::Strong { text } => ResolvedRun::Strong { text: text.clone() },
                    Run::Link { url, text } => ResolvedRun::Link {
                        url: url.clone(),
                        text: if text.is_empty() { url.clone() } else { text.clone() },
                    },
                    Run::Footnote { text } => {
                        footnote += 1;
                        ResolvedRun::Footnote {
                            number: footnote,
                            text: text.clone(),
                        }
                    }
                    Run::Ref { label } => match labels.get(label) {
                        Some(n) => ResolvedRun::Text { text: n.to_string() },
                        None => {
                            findings.push(Finding {
                                rule: "missing_label",
                                location: loc.to_owned(),
                                message: format!("the cross-reference to \"{label}\" points to no labelled paragraph"),
                            });
                            ResolvedRun::Text { text: "??".to_owned() }
                        }
                    },
                })
                .collect()
        };
        let mut resolve_blocks = |blocks: &[Block],
                                  numbered_ok: bool,
                                  findings: &mut Vec<Finding>|
         -> Vec<ResolvedBlock> {
            blocks
                .iter()
                .map(|b| match b {
                    Block::Subheading { text } => ResolvedBlock::Subheading { text: text.clone() },
                    Block::Paragraph {
                        numbered, parts, ..
                    } => {
                        let num = if *numbered && numbered_ok {
                            number += 1;
                            number.to_string()
                        } else {
                            String::new()
                        };
                        let loc = if num.is_empty() {
                            "an unnumbered paragraph".to_owned()
                        } else {
                            format!("paragraph {num}")
                        };
                        let parts = parts
                            .iter()
                            .map(|p| match p {
                                Part::Text { runs } => ResolvedPart::Text {
                                    runs: resolve_runs(runs, &loc, findings),
                                },
                                Part::Quote { runs } => ResolvedPart::Quote {
                                    runs: resolve_runs(runs, &loc, findings),
                                },
                                Part::List { style, items } => ResolvedPart::List {
                                    items: items
                                        .iter()
                                        .enumerate()
                                        .map(|(i, item)| {
                                            let marker = match style {
                                                ListStyle::Bullet => "•".to_owned(),
                                                ListStyle::Letter => letter(i),
                                            };
                                            (marker, resolve_runs(item, &loc, findings))
                                        })
                                        .collect(),
                                },
                            })
                            .collect();
                        ResolvedBlock::Paragraph { number: num, parts }
                    }
                })
                .collect()
        };
        let mut sections = Vec::new();
        for s in &self.sections {
            sections.push(ResolvedSection {
                heading: s.kind.heading().to_owned(),
                blocks: resolve_blocks(&s.blocks, true, &mut findings),
            });
        }
        let annexes = self
            .annexes
            .iter()
            .map(|a| ResolvedSection {
                heading: a.title.clone(),
                blocks: resolve_blocks(&a.blocks, false, &mut findings),
            })
            .collect();
        if !findings.is_empty() {
            return Err(findings);
        }
        Ok(ResolvedNotice {
            reference: self.references.join(", "),
            titles: self.regime.titles(),
            date: match (self.date, issued) {
                (Some(d), _) => d.format("%-d %B %Y").to_string(),
                (None, _) => "Draft".to_owned(),
            },
            authority: self.authority.clone(),
            watermark: (!issued).then(|| "DRAFT".to_owned()),
            sections,
            signature: self.signature.clone(),
            annexes,
            paragraph_count: number,
            complainant: None,
        })
    }

    fn label_findings(&self) -> Vec<Finding> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut out = Vec::new();
        for s in &self.sections {
            for b in &s.blocks {
                if let Block::Paragraph { label: Some(l), .. } = b {
                    *seen.entry(l.as_str()).or_default() += 1;
                }
            }
        }
        for (label, count) in seen {
            if count > 1 {
                out.push(Finding {
                    rule: "duplicate_label",
                    location: "labels".to_owned(),
                    message: format!("the label \"{label}\" is used by {count} paragraphs"),
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_run_a_to_z_then_aa() {
        assert_eq!(letter(0), "(a)");
        assert_eq!(letter(25), "(z)");
        assert_eq!(letter(26), "(aa)");
    }
}

/// One line of a difference between two versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", content = "text", rename_all = "snake_case")]
pub enum DiffLine {
    /// In both.
    Same(String),
    /// Only in the later version.
    Added(String),
    /// Only in the earlier version.
    Removed(String),
}

impl Notice {
    /// The notice as lines of readable text (headings, numbered paragraphs), for differences.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut n = 0;
        for s in &self.sections {
            out.push(format!("# {}", s.kind.heading()));
            for b in &s.blocks {
                match b {
                    Block::Subheading { text } => out.push(format!("## {text}")),
                    Block::Paragraph {
                        numbered, parts, ..
                    } => {
                        let prefix = if *numbered {
                            n += 1;
                            format!("{n}. ")
                        } else {
                            String::new()
                        };
                        for (i, p) in parts.iter().enumerate() {
                            let text = match p {
                                Part::Text { runs } => runs_text(runs),
                                Part::Quote { runs } => format!("> {}", runs_text(runs)),
                                Part::List { items, .. } => items
                                    .iter()
                                    .map(|r| format!("- {}", runs_text(r)))
                                    .collect::<Vec<_>>()
                                    .join("\n"),
                            };
                            out.push(if i == 0 {
                                format!("{prefix}{text}")
                            } else {
                                text
                            });
                        }
                    }
                }
            }
        }
        out
    }
}

fn runs_text(runs: &[Run]) -> String {
    runs.iter()
        .map(|r| match r {
            Run::Text { text } | Run::Emph { text } | Run::Strong { text } => text.clone(),
            Run::Footnote { text } => format!("[footnote: {text}]"),
            Run::Ref { label } => format!("[paragraph {label}]"),
            Run::Link { url, text } => format!("{text} <{url}>"),
        })
        .collect()
}

/// The line differences between two versions (longest common subsequence).
#[must_use]
pub fn diff(earlier: &Notice, later: &Notice) -> Vec<DiffLine> {
    let a = earlier.lines();
    let b = later.lines();
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a[i] == b[j] {
            out.push(DiffLine::Same(a[i].clone()));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            out.push(DiffLine::Removed(a[i].clone()));
            i += 1;
        } else {
            out.push(DiffLine::Added(b[j].clone()));
            j += 1;
        }
    }
    out.extend(a[i..].iter().cloned().map(DiffLine::Removed));
    out.extend(b[j..].iter().cloned().map(DiffLine::Added));
    out
}
