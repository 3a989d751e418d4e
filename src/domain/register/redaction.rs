//! The complainant must never be named in a published notice. This module lists every field a
//! published notice prints (sections, sub-headings, every run, footnotes, links, quotations and
//! list items, annex titles and their paragraphs, the signature, the references, the authority's
//! header) and finds the complainant's name or email address in any of them, whatever the case,
//! the spacing or the punctuation between the words, and when the text is split across runs
//! ("Ja" in one run, "ne Requester" in the next).
//!
//! Matching compares only letters and digits, lowercased, and requires the name to start and end
//! on a word boundary (a run boundary counts as one), so "Ann Ash" is found in "ANN  ASH" and in
//! "Ann\u{2011}Ash" but not in "plann ashore".

use crate::domain::notice::{Block, Finding, Notice, Part, Run};

/// One printed field of a notice: where it is, and its text as the runs that make it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// For the officer: "paragraph 12", "annex 1, title", "signature".
    pub location: String,
    /// The text, run by run (a paragraph's runs in order).
    pub segments: Vec<String>,
}

impl Field {
    fn one(location: impl Into<String>, text: &str) -> Self {
        Field {
            location: location.into(),
            segments: vec![text.to_owned()],
        }
    }

    /// The field's text as printed (runs joined as they are).
    #[must_use]
    pub fn text(&self) -> String {
        self.segments.concat()
    }
}

fn run_texts(runs: &[Run], out: &mut Vec<String>) {
    for run in runs {
        match run {
            Run::Text { text }
            | Run::Emph { text }
            | Run::Strong { text }
            | Run::Footnote { text } => out.push(text.clone()),
            Run::Link { url, text } => {
                out.push(text.clone());
                out.push(url.clone());
            }
            Run::Ref { .. } => {}
        }
    }
}

fn block_fields(blocks: &[Block], place: &str, number: &mut usize, out: &mut Vec<Field>) {
    for block in blocks {
        match block {
            Block::Subheading { text } => {
                out.push(Field::one(format!("{place}, sub-heading"), text))
            }
            Block::Paragraph {
                numbered, parts, ..
            } => {
                let location = if *numbered && !place.starts_with("annex") {
                    *number += 1;
                    format!("paragraph {number}")
                } else {
                    format!("{place}, unnumbered paragraph")
                };
                let mut segments = Vec::new();
                for part in parts {
                    match part {
                        Part::Text { runs } | Part::Quote { runs } => {
                            run_texts(runs, &mut segments)
                        }
                        Part::List { items, .. } => {
                            for item in items {
                                run_texts(item, &mut segments);
                            }
                        }
                    }
                }
                out.push(Field { location, segments });
            }
        }
    }
}

/// Every field a published notice prints, in reading order.
#[must_use]
pub fn published_fields(notice: &Notice) -> Vec<Field> {
    let mut out = Vec::new();
    for reference in &notice.references {
        out.push(Field::one("references", reference));
    }
    out.push(Field::one("header", &notice.authority.name));
    for line in &notice.authority.address {
        out.push(Field::one("header", line));
    }
    let mut number = 0;
    for section in &notice.sections {
        block_fields(
            &section.blocks,
            section.kind.heading(),
            &mut number,
            &mut out,
        );
    }
    for (i, annex) in notice.annexes.iter().enumerate() {
        let place = format!("annex {}", i + 1);
        out.push(Field::one(format!("{place}, title"), &annex.title));
        block_fields(&annex.blocks, &place, &mut number, &mut out);
    }
    out.push(Field::one("signature", &notice.signature.name));
    out.push(Field::one("signature", &notice.signature.title));
    for line in &notice.signature.organisation {
        out.push(Field::one("signature", line));
    }
    for p in &notice.provisions {
        out.push(Field::one("provisions", p.provision.as_str()));
    }
    out
}

/// The letters and digits of a text, lowercased, each with whether a word starts before it and
/// ends after it (a run boundary counts as a word boundary).
fn compact(segments: &[String]) -> Vec<(char, bool, bool)> {
    let mut out: Vec<(char, bool, bool)> = Vec::new();
    for segment in segments {
        let mut boundary = true;
        for ch in segment.chars() {
            if ch.is_alphanumeric() {
                for lower in ch.to_lowercase() {
                    out.push((lower, boundary, false));
                    boundary = false;
                }
            } else {
                if let Some(last) = out.last_mut() {
                    last.2 = true;
                }
                boundary = true;
            }
        }
        if let Some(last) = out.last_mut() {
            last.2 = true;
        }
    }
    out
}

/// Whether `needle` (a name or an address) occurs in the runs, compared letter by letter and
/// digit by digit, starting and ending on word boundaries.
#[must_use]
pub fn mentions(segments: &[String], needle: &str) -> bool {
    let wanted: Vec<char> = needle
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if wanted.is_empty() {
        return false;
    }
    let hay = compact(segments);
    hay.windows(wanted.len())
        .any(|w| w[0].1 && w[w.len() - 1].2 && w.iter().zip(&wanted).all(|((c, _, _), x)| c == x))
}

/// The ways a complainant may be named: the full name, and the surname after a title
/// ("Mr Requester") when the name has more than one word.
fn name_forms(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split_whitespace().collect();
    let mut forms = vec![words.join(" ")];
    if let [_, .., surname] = words.as_slice()
        && surname.chars().filter(|c| c.is_alphanumeric()).count() >= 2
    {
        for title in ["Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"] {
            forms.push(format!("{title} {surname}"));
        }
    }
    forms
}

/// Where the complainant's name or email address appears in what the notice would publish.
/// A name shorter than three letters is not looked for (it would match ordinary words).
#[must_use]
pub fn complainant_traces(
    notice: &Notice,
    name: Option<&str>,
    email: Option<&str>,
) -> Vec<Finding> {
    let name = name
        .map(str::trim)
        .filter(|n| n.chars().filter(|c| c.is_alphanumeric()).count() >= 3);
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let forms = name.map(name_forms).unwrap_or_default();
    let mut findings = Vec::new();
    for field in published_fields(notice) {
        if forms.iter().any(|f| mentions(&field.segments, f)) {
            findings.push(Finding {
                rule: "complainant_named",
                location: field.location.clone(),
                message: "the complainant's name appears in the published text; refer to \
                          \"the complainant\""
                    .to_owned(),
            });
        }
        if let Some(e) = email
            && mentions(&field.segments, e)
        {
            findings.push(Finding {
                rule: "complainant_email",
                location: field.location,
                message: "the complainant's email address appears in the published text".to_owned(),
            });
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(parts: &[&str]) -> Vec<String> {
        parts.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_name_is_found_whatever_its_case_spacing_punctuation_or_runs() {
        let name = "Jane Requester";
        let found: &[(&[&str], &str)] = &[
            (&["Jane Requester wrote"], "as typed"),
            (&["JANE REQUESTER wrote"], "capitals"),
            (&["jane   requester"], "several spaces"),
            (&["Jane\nRequester"], "a line break"),
            (&["Jane\u{a0}Requester"], "a no-break space"),
            (&["Jane-Requester"], "a hyphen"),
            (&["J a n e R e q u e s t e r"], "letters spaced out"),
            (
                &["the ", "Ja", "ne Requester"],
                "split inside a word across runs",
            ),
            (&["Jane", "Requester"], "two runs without a space"),
            (&["wrote to (Jane Requester)."], "in brackets"),
        ];
        for (segments, why) in found {
            assert!(mentions(&runs(segments), name), "{why}");
        }
        let not_found: &[(&[&str], &str)] = &[
            (&["Janet Requesters"], "longer words"),
            (&["the complainant"], "not named"),
            (&["mujane requester"], "inside another word"),
        ];
        for (segments, why) in not_found {
            assert!(!mentions(&runs(segments), name), "{why}");
        }
    }

    #[test]
    fn a_short_name_does_not_match_inside_ordinary_words() {
        assert!(!mentions(&runs(&["they plann ashore"]), "Ann Ash"));
        assert!(mentions(&runs(&["from ANN ASH."]), "Ann Ash"));
    }

    #[test]
    fn the_surname_after_a_title_is_a_form_of_the_name() {
        assert!(name_forms("Jane Requester").contains(&"Mr Requester".to_owned()));
        assert_eq!(name_forms("Cher"), vec!["Cher".to_owned()]);
    }
}
