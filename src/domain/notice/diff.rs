//! The difference between two versions of a notice, as readable lines. Paragraphs are matched
//! by what they say, not by their number: inserting a paragraph marks that one added, not
//! every later one changed because its number moved.

use super::*;
use serde::Serialize;

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
        self.keyed_lines().into_iter().map(|(_, l)| l).collect()
    }

    /// Each line with its identity: the line without the paragraph's number.
    fn keyed_lines(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut n = 0;
        for s in &self.sections {
            let heading = format!("# {}", s.kind.heading());
            out.push((heading.clone(), heading));
            for b in &s.blocks {
                match b {
                    Block::Subheading { text } => {
                        let line = format!("## {text}");
                        out.push((line.clone(), line));
                    }
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
                            let shown = if i == 0 {
                                format!("{prefix}{text}")
                            } else {
                                text.clone()
                            };
                            out.push((format!("¶ {text}"), shown));
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

/// The line differences between two versions (longest common subsequence over the lines'
/// identities; a line is shown as numbered in the version it comes from).
#[must_use]
pub fn diff(earlier: &Notice, later: &Notice) -> Vec<DiffLine> {
    let (a_keys, a): (Vec<String>, Vec<String>) = earlier.keyed_lines().into_iter().unzip();
    let (b_keys, b): (Vec<String>, Vec<String>) = later.keyed_lines().into_iter().unzip();
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a_keys[i] == b_keys[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < n && j < m {
        if a_keys[i] == b_keys[j] {
            out.push(DiffLine::Same(b[j].clone()));
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
