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
    /// What could not be resolved (a draft's preview lists them; an issued notice has none).
    pub problems: Vec<String>,
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
        let (resolved, findings) = self.resolve_with_problems(issued);
        if findings.is_empty() {
            Ok(resolved)
        } else {
            Err(findings)
        }
    }

    /// Resolves as far as it can: a reference to a missing label reads "??", and the problems
    /// are returned beside the result (and listed on it, for a draft's preview).
    #[must_use]
    pub fn resolve_with_problems(&self, issued: bool) -> (ResolvedNotice, Vec<Finding>) {
        let mut resolver = Resolver {
            labels: self.labels(),
            findings: self.label_findings(),
            number: 0,
            footnote: 0,
        };
        let sections = self
            .sections
            .iter()
            .map(|s| ResolvedSection {
                heading: s.kind.heading().to_owned(),
                blocks: resolver.blocks(&s.blocks, true),
            })
            .collect();
        let annexes = self
            .annexes
            .iter()
            .map(|a| ResolvedSection {
                heading: a.title.clone(),
                blocks: resolver.blocks(&a.blocks, false),
            })
            .collect();
        let findings = resolver.findings;
        let resolved = ResolvedNotice {
            reference: self.references.join(", "),
            titles: self.regime.titles(),
            date: match self.date {
                Some(d) => crate::domain::dates::uk_date(d),
                None => "Draft".to_owned(),
            },
            authority: self.authority.clone(),
            watermark: (!issued).then(|| "DRAFT".to_owned()),
            sections,
            signature: self.signature.clone(),
            annexes,
            paragraph_count: resolver.number,
            complainant: None,
            problems: findings
                .iter()
                .map(|f| crate::domain::labelled::labelled(&f.location, &f.message))
                .collect(),
        };
        (resolved, findings)
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

/// The counters and findings of one resolution.
struct Resolver {
    labels: HashMap<String, usize>,
    findings: Vec<Finding>,
    number: usize,
    footnote: usize,
}

impl Resolver {
    fn runs(&mut self, runs: &[Run], loc: &str) -> Vec<ResolvedRun> {
        runs.iter().map(|r| self.run(r, loc)).collect()
    }

    fn run(&mut self, run: &Run, loc: &str) -> ResolvedRun {
        match run {
            Run::Text { text } => ResolvedRun::Text { text: text.clone() },
            Run::Emph { text } => ResolvedRun::Emph { text: text.clone() },
            Run::Strong { text } => ResolvedRun::Strong { text: text.clone() },
            Run::Link { url, text } => ResolvedRun::Link {
                url: url.clone(),
                text: if text.is_empty() {
                    url.clone()
                } else {
                    text.clone()
                },
            },
            Run::Footnote { text } => {
                self.footnote += 1;
                ResolvedRun::Footnote {
                    number: self.footnote,
                    text: text.clone(),
                }
            }
            Run::Ref { label } => {
                if let Some(n) = self.labels.get(label) {
                    ResolvedRun::Text {
                        text: n.to_string(),
                    }
                } else {
                    self.findings.push(Finding {
                        rule: "missing_label",
                        location: loc.to_owned(),
                        message: format!(
                            "the cross-reference to \"{label}\" points to no labelled paragraph"
                        ),
                    });
                    ResolvedRun::Text {
                        text: "??".to_owned(),
                    }
                }
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block], numbered_ok: bool) -> Vec<ResolvedBlock> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Subheading { text } => ResolvedBlock::Subheading { text: text.clone() },
                Block::Paragraph {
                    numbered, parts, ..
                } => {
                    let number = if *numbered && numbered_ok {
                        self.number += 1;
                        self.number.to_string()
                    } else {
                        String::new()
                    };
                    let loc = if number.is_empty() {
                        "an unnumbered paragraph".to_owned()
                    } else {
                        format!("paragraph {number}")
                    };
                    let parts = parts.iter().map(|p| self.part(p, &loc)).collect();
                    ResolvedBlock::Paragraph { number, parts }
                }
            })
            .collect()
    }

    fn part(&mut self, part: &Part, loc: &str) -> ResolvedPart {
        match part {
            Part::Text { runs } => ResolvedPart::Text {
                runs: self.runs(runs, loc),
            },
            Part::Quote { runs } => ResolvedPart::Quote {
                runs: self.runs(runs, loc),
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
                        (marker, self.runs(item, loc))
                    })
                    .collect(),
            },
        }
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
