//! Resolution: paragraphs and footnotes numbered, cross-references replaced by numbers, and
//! the problems that block rendering or issuing.

use super::*;
use serde::Serialize;
use std::collections::HashMap;

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
