//! The public register of decision notices: what a published entry holds (the Commissioner's
//! shape — authority, date, sector, abstract, the outcome per provision, the PDF — plus the
//! case's key dates, the steps and their due date, and the appeal status), the provisions and
//! outcomes in the Commissioner's words ("FOI 10: Complaint upheld"), the published text with
//! the complainant removed ([`redaction`]), the search filters, and historical notices
//! ([`history`]).

pub mod appeal;
pub mod history;
pub mod redaction;
pub mod text;
mod words;

pub use words::{
    decided_line, outcome_from_slug, outcome_words, provision_in_words, provision_key,
    provision_within, provision_words,
};

use crate::domain::notice::{Block, Notice, Part, SectionKind};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::Sector;
use crate::domain::regime::Regime;
use chrono::NaiveDate;
use serde::Serialize;

/// Whether the public can see an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// On the register.
    Published,
    /// Kept off the register by a manager, with a recorded reason.
    Withheld,
}

/// Where an entry came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Issued through this service.
    Issued,
    /// Loaded from the historical register (`section50 decisions import`).
    Imported,
}

/// Whether the notice was appealed to the tribunal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    /// No appeal (or none yet).
    #[default]
    None,
    /// An appeal is pending.
    Lodged,
    /// The tribunal determined it.
    Determined,
}

macro_rules! slugs {
    ($name:ident { $($variant:ident => $slug:literal, $label:literal;)+ }) => {
        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// The identifier stored and used in URLs.
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
            #[must_use]
            pub fn from_slug(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.slug() == s)
            }
        }
    };
}

slugs!(Visibility { Published => "published", "Published"; Withheld => "withheld", "Withheld"; });
slugs!(Source { Issued => "issued", "Issued here"; Imported => "imported", "Historical register"; });
slugs!(AppealStatus {
    None => "none", "Not appealed";
    Lodged => "lodged", "Appealed to the tribunal";
    Determined => "determined", "Appeal determined";
});

/// The case's dates a researcher needs, as the register publishes them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KeyDates {
    /// The request reached the authority.
    pub request_received: Option<NaiveDate>,
    /// The authority responded.
    pub response_sent: Option<NaiveDate>,
    /// An internal review (EIR: reconsideration) was asked for.
    pub review_requested: Option<NaiveDate>,
    /// It was completed.
    pub review_completed: Option<NaiveDate>,
    /// The complaint reached the Commissioner.
    pub complaint_received: Option<NaiveDate>,
    /// The case was allocated to an officer.
    pub allocated_on: Option<NaiveDate>,
}

/// A notice on the register, as stored and shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The case reference: the permalink's key, never changing.
    pub reference: String,
    /// Issued here or imported.
    pub source: Source,
    /// Published or withheld.
    pub visibility: Visibility,
    /// The notice's date.
    pub issued_on: NaiveDate,
    /// The authority's id, when it is one of ours.
    pub authority_id: Option<i64>,
    /// The authority's formal name.
    pub authority_name: String,
    /// Its sector.
    pub sector: Sector,
    /// The law the complaint was under.
    pub regime: Regime,
    /// The abstract: the decision in the notice's own first words.
    pub summary: String,
    /// The published text (the complainant never named), plain: what the search reads.
    pub body: String,
    /// The same text structured (headings, numbered paragraphs, quotations, lists), for a
    /// notice issued here; none for an imported one (its page structures `body`) and in
    /// listings.
    pub structure: Option<text::PublishedText>,
    /// Key dates.
    pub dates: KeyDates,
    /// The steps period in calendar days, when steps were ordered.
    pub steps_period_days: Option<i32>,
    /// When the steps fall due.
    pub steps_due: Option<NaiveDate>,
    /// The appeal, as published (status, court, reference, outcome; the window to appeal).
    pub appeal: appeal::PublicAppeal,
    /// Each provision decided and its outcome, in the notice's order.
    pub provisions: Vec<(String, Outcome)>,
    /// Where an imported notice's PDF is published.
    pub pdf_url: Option<String>,
}

impl Entry {
    /// The text to show: the stored structure, or the plain text structured.
    #[must_use]
    pub fn text(&self) -> text::PublishedText {
        self.structure
            .clone()
            .unwrap_or_else(|| text::of_plain(&self.body))
    }

    /// Whether steps were ordered.
    #[must_use]
    pub fn steps_ordered(&self) -> bool {
        self.steps_period_days.is_some() || self.steps_due.is_some()
    }
}

/// The plain text of each paragraph (footnotes and cross-references left out).
fn paragraph_texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { parts, .. } => Some(
                parts
                    .iter()
                    .map(|p| match p {
                        Part::Text { runs } | Part::Quote { runs } => runs_plain(runs),
                        Part::List { items, .. } => items
                            .iter()
                            .map(|i| runs_plain(i))
                            .collect::<Vec<_>>()
                            .join("; "),
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            Block::Subheading { .. } => None,
        })
        .collect()
}

fn runs_plain(runs: &[crate::domain::notice::Run]) -> String {
    use crate::domain::notice::Run;
    runs.iter()
        .filter_map(|r| match r {
            Run::Text { text } | Run::Emph { text } | Run::Strong { text } => Some(text.as_str()),
            Run::Link { text, url } => Some(if text.is_empty() { url } else { text }),
            Run::Footnote { .. } | Run::Ref { .. } => None,
        })
        .collect()
}

/// The abstract of a notice: the first paragraph of its decision section.
#[must_use]
pub fn summary_of(notice: &Notice) -> String {
    notice
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::Decision)
        .and_then(|s| paragraph_texts(&s.blocks).into_iter().next())
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// The published text of a notice, for reading and searching: the sections and annexes in
/// reading order (fields the complainant check scans; the header, references and signature,
/// shown beside it as metadata, are left out).
#[must_use]
pub fn body_of(notice: &Notice) -> String {
    redaction::published_fields(notice)
        .iter()
        .filter(|f| {
            !matches!(
                f.location.as_str(),
                "references" | "header" | "signature" | "provisions"
            )
        })
        .map(redaction::Field::text)
        .filter(|t| !t.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What to look for in the register, parsed from the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words to find (letters and digits only; every word must occur).
    pub words: Vec<String>,
    /// Part of the authority's name.
    pub authority: Option<String>,
    /// Sector.
    pub sector: Option<Sector>,
    /// Regime.
    pub regime: Option<Regime>,
    /// A provision decided ("s31", "reg12(4)(b)").
    pub provision: Option<String>,
    /// Its outcome (with `provision`, on that provision; alone, on any).
    pub outcome: Option<Outcome>,
    /// Notices dated on or after.
    pub from: Option<NaiveDate>,
    /// Notices dated on or before.
    pub to: Option<NaiveDate>,
    /// Only notices that ordered steps (true) or did not (false).
    pub steps: Option<bool>,
    /// Only notices appealed (true) or not (false).
    pub appealed: Option<bool>,
}

/// The longest search the register accepts (words), and the longest word.
pub const MAX_WORDS: usize = 12;
const MAX_WORD_CHARS: usize = 40;

/// Words a search ignores: PostgreSQL's English stop words (its `english.stop`), left out on
/// both databases so that a search finds the same notices on each (SQLite's FTS5 has no stop
/// words of its own).
const STOP_WORDS: &[&str] = &[
    "i",
    "me",
    "my",
    "myself",
    "we",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "yourselves",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "what",
    "which",
    "who",
    "whom",
    "this",
    "that",
    "these",
    "those",
    "am",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "do",
    "does",
    "did",
    "doing",
    "a",
    "an",
    "the",
    "and",
    "but",
    "if",
    "or",
    "because",
    "as",
    "until",
    "while",
    "of",
    "at",
    "by",
    "for",
    "with",
    "about",
    "against",
    "between",
    "into",
    "through",
    "during",
    "before",
    "after",
    "above",
    "below",
    "to",
    "from",
    "up",
    "down",
    "in",
    "out",
    "on",
    "off",
    "over",
    "under",
    "again",
    "further",
    "then",
    "once",
    "here",
    "there",
    "when",
    "where",
    "why",
    "how",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "no",
    "nor",
    "not",
    "only",
    "own",
    "same",
    "so",
    "than",
    "too",
    "very",
    "s",
    "t",
    "can",
    "will",
    "just",
    "don",
    "should",
    "now",
];

/// The words of a search: letters and digits, lowercased, stop words left out; anything else
/// separates words (so a search is never query syntax, on either database).
#[must_use]
pub fn search_words(q: &str) -> Vec<String> {
    q.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.to_lowercase()
                .chars()
                .take(MAX_WORD_CHARS)
                .collect::<String>()
        })
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .take(MAX_WORDS)
        .collect()
}

/// A part of a highlighted snippet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SnippetPart {
    /// The text (escaped by the template, never markup).
    pub text: String,
    /// Whether it is a word searched for.
    pub hit: bool,
}

/// The start and end markers the databases put around matched words in a snippet (control
/// characters a notice's text never holds).
pub const HIT_START: char = '\u{2}';
/// See [`HIT_START`].
pub const HIT_END: char = '\u{3}';

/// Splits a database snippet with [`HIT_START`]/[`HIT_END`] markers into parts.
#[must_use]
pub fn snippet_parts(marked: &str) -> Vec<SnippetPart> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut hit = false;
    for ch in marked.chars() {
        if ch == HIT_START || ch == HIT_END {
            if !current.is_empty() {
                parts.push(SnippetPart {
                    text: std::mem::take(&mut current),
                    hit,
                });
            }
            hit = ch == HIT_START;
        } else {
            current.push(ch);
        }
    }
    if !current.is_empty() {
        parts.push(SnippetPart { text: current, hit });
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_is_words_never_query_syntax() {
        assert_eq!(search_words("invoices"), vec!["invoices"]);
        assert_eq!(
            search_words("\"NEAR(a b)\" OR x* -y:z"),
            vec!["near", "b", "x", "y", "z"]
        );
        assert!(search_words("  ** \"\" ").is_empty());
        assert_eq!(search_words(&"w ".repeat(40)).len(), MAX_WORDS);
        // Stop words are left out on both databases alike.
        assert_eq!(
            search_words("the invoices of the police"),
            vec!["invoices", "police"]
        );
    }

    #[test]
    fn snippets_mark_the_words_found_and_keep_the_rest_as_text() {
        let parts = snippet_parts("the \u{2}invoices\u{3} <b>listed</b>");
        assert_eq!(
            parts,
            vec![
                SnippetPart {
                    text: "the ".into(),
                    hit: false
                },
                SnippetPart {
                    text: "invoices".into(),
                    hit: true
                },
                SnippetPart {
                    text: " <b>listed</b>".into(),
                    hit: false
                },
            ]
        );
    }
}
