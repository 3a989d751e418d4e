//! The decision-notice document model: a header, sections in the standard order, sub-headings,
//! numbered paragraphs (one counter through the whole notice; headings never numbered) with
//! lettered or bulleted items, verbatim quotations and footnotes, cross-references by label,
//! annexes and a signature. Text is structured runs, never markup: what a case officer types is
//! printed literally.
//!
//! [`Notice::resolve`] numbers paragraphs and footnotes and resolves cross-references in Rust, so
//! the typesetter receives finished numbers and lays the notice out in one pass.

use crate::domain::input;
use serde::{Deserialize, Serialize};

pub mod checks;
mod diff;
pub mod draft;
pub mod edit;
mod outcome;
mod resolve;
pub mod text;
mod workflow;

pub use diff::{DiffLine, diff};
pub use outcome::{Provision, ProvisionError, derived_outcome, outcome_label, outcome_words};
pub use resolve::{
    Finding, ResolvedBlock, ResolvedNotice, ResolvedPart, ResolvedRun, ResolvedSection,
};
pub use workflow::{NoticeAction, NoticeState};

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
    /// Each provision decided, with its outcome (entered in the editor; required before the
    /// notice is submitted; recorded for the statistics when issued).
    #[serde(default)]
    pub provisions: Vec<ProvisionDecided>,
    /// The case's overall outcome when the officer sets it; otherwise it is derived from the
    /// provisions ([`Notice::outcome`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_outcome: Option<crate::domain::paragraphs::Outcome>,
}

impl Notice {
    /// A notice with nothing in it (what an editor shows before one is drafted).
    #[must_use]
    pub fn empty() -> Self {
        Notice {
            schema_version: SCHEMA_VERSION,
            references: Vec::new(),
            regime: NoticeRegime::Foia,
            date: None,
            authority: HeaderAuthority::default(),
            steps_period_days: None,
            sections: Vec::new(),
            signature: Signature::default(),
            annexes: Vec::new(),
            provisions: Vec::new(),
            overall_outcome: None,
        }
    }
}

/// A provision the notice decides, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionDecided {
    /// "s31", "reg12(5)(e)".
    pub provision: Provision,
    /// The outcome.
    pub outcome: crate::domain::paragraphs::Outcome,
}

/// The schemes a notice's link may use: a web page or an email address. Anything else
/// (`javascript:`, `data:`, `file:`) would be a live link in the PDF that does something other
/// than open a page.
const LINK_SCHEMES: [&str; 3] = ["http://", "https://", "mailto:"];

/// Checks a link's address: `http://…`, `https://…` or `mailto:…` (in any case), with
/// something after the scheme, and none of the characters typed text may not hold.
///
/// # Errors
/// A message for the person who typed it.
pub fn check_link(url: &str) -> Result<(), String> {
    let lower = url.to_ascii_lowercase();
    let scheme = LINK_SCHEMES.iter().find(|s| lower.starts_with(*s));
    match scheme {
        Some(s) if url.len() > s.len() && !url.contains(char::is_whitespace) => {
            input::NOTICE_LINE.named("link").check(url)
        }
        _ => Err(format!(
            "the link \"{}\" must be a web address starting https:// or http://, or an email \
             address starting mailto:",
            url.chars().take(80).collect::<String>()
        )),
    }
}

impl Notice {
    /// Checks every piece of text a person typed into the notice: each link's address
    /// ([`check_link`]), every run against [`input::NOTICE_TEXT`], and every one-line part
    /// (headings, labels, titles, the header, the signature, the provisions) against
    /// [`input::NOTICE_LINE`]: no control characters or direction overrides, and the length
    /// limits. Saving a notice calls it, so neither the editor nor the API can store what it
    /// refuses.
    ///
    /// # Errors
    /// The first problem found, in words.
    pub fn check_text(&self) -> Result<(), String> {
        let (text, line) = (input::NOTICE_TEXT, input::NOTICE_LINE);
        let run = |r: &Run| match r {
            Run::Text { text: t }
            | Run::Emph { text: t }
            | Run::Strong { text: t }
            | Run::Footnote { text: t } => text.check(t),
            Run::Ref { label } => line.check(label),
            Run::Link { url, text: t } => check_link(url).and_then(|()| text.check(t)),
        };
        let block = |b: &Block| match b {
            Block::Subheading { text: t } => line.check(t),
            Block::Paragraph { label, parts, .. } => {
                label.as_deref().map_or(Ok(()), |l| line.check(l))?;
                parts.iter().try_for_each(|p| match p {
                    Part::Text { runs } | Part::Quote { runs } => runs.iter().try_for_each(run),
                    Part::List { items, .. } => items.iter().flatten().try_for_each(run),
                })
            }
        };
        let mut lines = std::iter::once(self.authority.name.as_str())
            .chain(self.authority.address.iter().map(String::as_str))
            .chain([self.signature.name.as_str(), self.signature.title.as_str()])
            .chain(self.signature.organisation.iter().map(String::as_str))
            .chain(self.provisions.iter().map(|p| p.provision.as_str()))
            .chain(self.annexes.iter().map(|a| a.title.as_str()));
        lines.try_for_each(|l| line.check(l))?;
        self.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .chain(self.annexes.iter().flat_map(|a| &a.blocks))
            .try_for_each(block)
    }
}

#[cfg(test)]
mod link_tests {
    use super::*;

    #[test]
    fn links_are_web_pages_or_email_addresses_only() {
        // (address, accepted, why)
        let cases = [
            ("https://ico.org.uk/decisions", true, "the usual"),
            ("http://example.org", true, "plain http"),
            ("HTTPS://EXAMPLE.ORG", true, "scheme in capitals"),
            ("mailto:foi@example.org", true, "an email address"),
            ("javascript:alert(1)", false, "script"),
            ("JavaScript:alert(1)", false, "script, mixed case"),
            ("data:text/html;base64,PHNjcmlwdD4=", false, "data URL"),
            ("file:///etc/passwd", false, "a local file"),
            ("ftp://example.org", false, "another scheme"),
            ("//example.org", false, "scheme-relative"),
            ("example.org", false, "no scheme"),
            ("https://", false, "nothing after the scheme"),
            ("https://exa mple.org", false, "a space"),
            (
                "https://example.org/\u{202E}fdp.exe",
                false,
                "a direction override",
            ),
            ("https://example.org/\u{0}", false, "NUL"),
            ("", false, "empty"),
        ];
        for (url, accepted, why) in cases {
            assert_eq!(check_link(url).is_ok(), accepted, "{why}: {url:?}");
        }
        assert!(check_link(&format!("https://example.org/{}", "a".repeat(480))).is_ok());
        assert!(
            check_link(&format!("https://example.org/{}", "a".repeat(500))).is_err(),
            "over the notice line's limit"
        );
        assert_eq!(
            check_link("javascript:alert(1)"),
            Err(
                "the link \"javascript:alert(1)\" must be a web address starting https:// or \
                 http://, or an email address starting mailto:"
                    .to_owned()
            )
        );
    }
}
