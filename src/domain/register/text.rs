//! The published text of a notice as the register's permalink shows it: its sections under
//! their headings, sub-headings, numbered paragraphs (the numbers continuing across headings,
//! as in the notice itself; annexes unnumbered), block quotations, lists, links and footnotes.
//!
//! A notice issued here keeps the structure it was written with ([`of_notice`]: the same
//! resolution the PDF is typeset from, so paragraph 12 on the page is paragraph 12 in the PDF).
//! A historical notice imported as plain text is given one ([`of_plain`]): paragraphs split on
//! blank lines (or on line breaks when it has no blank lines) and on leading numbers ("12."),
//! the Commissioner's standard headings and short title lines as headings, "•"/"-" and "(a)"
//! lines as lists, quoted or indented lines as quotations.
//!
//! The text holds exactly the fields [`super::body_of`] publishes (sections, annexes with their
//! titles, footnotes, links) and never the header, references or signature, so the complainant
//! check that covers those fields covers this text too.

use crate::domain::notice::{
    Notice, ResolvedBlock, ResolvedPart, ResolvedRun, ResolvedSection, SectionKind,
};
use serde::{Deserialize, Serialize};

/// A piece of running text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Span {
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
    /// A web address (shown as a link only when it is http or https).
    Link {
        /// The address.
        url: String,
        /// The text shown.
        text: String,
    },
    /// The marker of a footnote, by its number.
    Note {
        /// The footnote's number.
        number: usize,
    },
}

/// A list item and its marker ("•", "(a)").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The marker as printed.
    pub marker: String,
    /// The item's text.
    pub spans: Vec<Span>,
}

/// A part of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Piece {
    /// Running text.
    Text {
        /// Its spans.
        spans: Vec<Span>,
    },
    /// A verbatim quotation.
    Quote {
        /// Its spans.
        spans: Vec<Span>,
    },
    /// Bulleted (`lettered` false) or lettered items.
    List {
        /// "(a)", "(b)" … rather than bullets.
        lettered: bool,
        /// The items.
        items: Vec<Item>,
    },
}

/// A block of a section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TextBlock {
    /// A sub-heading.
    Subheading {
        /// Its text.
        text: String,
    },
    /// A paragraph, with its number unless it is unnumbered.
    Paragraph {
        /// Its number in the notice.
        number: Option<usize>,
        /// Its parts.
        pieces: Vec<Piece>,
    },
}

/// A section (or an annex) under its heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextSection {
    /// Its heading (none for text before the first heading of an imported notice).
    pub heading: Option<String>,
    /// Whether it is an annex.
    #[serde(default)]
    pub annex: bool,
    /// Its blocks.
    pub blocks: Vec<TextBlock>,
}

/// A footnote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footnote {
    /// Its number.
    pub number: usize,
    /// Its text.
    pub text: String,
}

/// A notice's published text, structured.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PublishedText {
    /// The sections, then the annexes, in reading order.
    pub sections: Vec<TextSection>,
    /// The footnotes, in order.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
}

fn spans_of(runs: &[ResolvedRun], footnotes: &mut Vec<Footnote>) -> Vec<Span> {
    runs.iter()
        .map(|r| match r {
            ResolvedRun::Text { text } => Span::Text { text: text.clone() },
            ResolvedRun::Emph { text } => Span::Emph { text: text.clone() },
            ResolvedRun::Strong { text } => Span::Strong { text: text.clone() },
            ResolvedRun::Link { url, text } => Span::Link {
                url: url.clone(),
                text: text.clone(),
            },
            ResolvedRun::Footnote { number, text } => {
                footnotes.push(Footnote {
                    number: *number,
                    text: text.clone(),
                });
                Span::Note { number: *number }
            }
        })
        .collect()
}

fn section_of(s: &ResolvedSection, annex: bool, footnotes: &mut Vec<Footnote>) -> TextSection {
    let blocks = s
        .blocks
        .iter()
        .map(|b| match b {
            ResolvedBlock::Subheading { text } => TextBlock::Subheading { text: text.clone() },
            ResolvedBlock::Paragraph { number, parts } => TextBlock::Paragraph {
                number: number.parse().ok(),
                pieces: parts
                    .iter()
                    .map(|p| match p {
                        ResolvedPart::Text { runs } => Piece::Text {
                            spans: spans_of(runs, footnotes),
                        },
                        ResolvedPart::Quote { runs } => Piece::Quote {
                            spans: spans_of(runs, footnotes),
                        },
                        ResolvedPart::List { items } => Piece::List {
                            lettered: items.first().is_some_and(|(m, _)| m.starts_with('(')),
                            items: items
                                .iter()
                                .map(|(marker, runs)| Item {
                                    marker: marker.clone(),
                                    spans: spans_of(runs, footnotes),
                                })
                                .collect(),
                        },
                    })
                    .collect(),
            },
        })
        .collect();
    TextSection {
        heading: Some(s.heading.clone()).filter(|h| !h.trim().is_empty()),
        annex,
        blocks,
    }
}

/// The published text of a notice issued here, numbered as its PDF is (cross-references
/// replaced by the paragraphs' numbers, footnotes numbered through the notice).
#[must_use]
pub fn of_notice(notice: &Notice) -> PublishedText {
    let (resolved, _) = notice.resolve_with_problems(true);
    let mut footnotes = Vec::new();
    let mut sections: Vec<TextSection> = resolved
        .sections
        .iter()
        .map(|s| section_of(s, false, &mut footnotes))
        .collect();
    sections.extend(
        resolved
            .annexes
            .iter()
            .map(|a| section_of(a, true, &mut footnotes)),
    );
    PublishedText {
        sections,
        footnotes,
    }
}

/// The number a plain-text paragraph starts with ("12. The council…", "12 The council…") and
/// the rest; none for a year, a section number or a date ("2019 was…", "40(2) provides…").
fn leading_number(line: &str) -> Option<(usize, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 {
        return None;
    }
    let (number, rest) = line.split_at(digits);
    let rest = rest
        .strip_prefix(". ")
        .or_else(|| rest.strip_prefix(".\t"))
        .or_else(|| rest.strip_prefix('\t'))
        .or_else(|| rest.strip_prefix("  "))?;
    let n: usize = number.parse().ok()?;
    (n > 0).then_some((n, rest.trim_start()))
}

/// A list item's marker and text: "• x", "- x", "* x", "– x" (bullets) or "(a) x", "a) x"
/// (letters).
fn list_item(line: &str) -> Option<(bool, String, &str)> {
    for bullet in ['•', '-', '*', '–', '▪', '◦'] {
        if let Some(rest) = line.strip_prefix(bullet)
            && rest.starts_with(char::is_whitespace)
        {
            return Some((false, "•".to_owned(), rest.trim_start()));
        }
    }
    let (open, body) = match line.strip_prefix('(') {
        Some(b) => (true, b),
        None => (false, line),
    };
    let close = body.find(')')?;
    let marker = &body[..close];
    let rest = &body[close + 1..];
    // A letter ("a", "aa") or a roman numeral ("iv"): not a word in brackets ("(see)").
    let first = marker.chars().next();
    let letters = !marker.is_empty()
        && marker.chars().count() <= 4
        && marker.chars().all(|c| c.is_ascii_lowercase())
        && (marker.chars().all(|c| Some(c) == first)
            || marker.chars().all(|c| matches!(c, 'i' | 'v' | 'x')));
    if letters && rest.starts_with(char::is_whitespace) && (open || marker.len() == 1) {
        Some((true, format!("({marker})"), rest.trim_start()))
    } else {
        None
    }
}

/// Whether a line is a quotation: wholly inside quotation marks, or indented.
fn quotation(raw: &str) -> Option<String> {
    let line = raw.trim();
    let quoted = [('“', '”'), ('"', '"'), ('‘', '’')]
        .iter()
        .any(|(o, c)| line.starts_with(*o) && line.ends_with(*c) && line.chars().count() > 2);
    let indented = raw.starts_with("    ") || raw.starts_with('\t');
    (quoted || indented).then(|| line.to_owned())
}

/// The Commissioner's standard section headings, and the words of an imported notice's other
/// headings: a short line with no closing punctuation that starts with a capital.
fn heading(line: &str) -> Option<(bool, String)> {
    let t = line.trim();
    if SectionKind::ALL
        .iter()
        .any(|k| k.heading().eq_ignore_ascii_case(t))
        || t.eq_ignore_ascii_case("Decision")
    {
        return Some((true, t.to_owned()));
    }
    let words = t.split_whitespace().count();
    let closes = t.ends_with(['.', ',', ';', ':', '?', '!', '"', '”', '’', ')']);
    let starts_capital = t.chars().next().is_some_and(char::is_uppercase);
    (words > 0 && words <= 10 && t.chars().count() <= 80 && !closes && starts_capital)
        .then(|| (false, t.to_owned()))
}

fn text(s: &str) -> Vec<Span> {
    vec![Span::Text { text: s.to_owned() }]
}

/// Blocks of plain text: split on blank lines; a text with none is split on line breaks.
fn chunks(plain: &str) -> Vec<Vec<&str>> {
    let lines: Vec<&str> = plain.lines().map(str::trim_end).collect();
    if lines.iter().any(|l| l.trim().is_empty()) {
        lines
            .split(|l| l.trim().is_empty())
            .filter(|c| !c.is_empty())
            .map(<[&str]>::to_vec)
            .collect()
    } else {
        lines.into_iter().map(|l| vec![l]).collect()
    }
}

/// A paragraph being built from plain lines.
struct Building {
    sections: Vec<TextSection>,
    pieces: Vec<Piece>,
    number: Option<usize>,
    prose: Vec<String>,
}

impl Building {
    fn flush_prose(&mut self) {
        if !self.prose.is_empty() {
            let joined = self.prose.join(" ");
            self.pieces.push(Piece::Text {
                spans: text(&joined),
            });
            self.prose.clear();
        }
    }

    fn end_paragraph(&mut self) {
        self.flush_prose();
        if self.pieces.is_empty() {
            return;
        }
        let block = TextBlock::Paragraph {
            number: self.number.take(),
            pieces: std::mem::take(&mut self.pieces),
        };
        self.current().blocks.push(block);
    }

    fn current(&mut self) -> &mut TextSection {
        if self.sections.is_empty() {
            self.sections.push(TextSection {
                heading: None,
                annex: false,
                blocks: Vec::new(),
            });
        }
        let last = self.sections.len() - 1;
        &mut self.sections[last]
    }

    fn item(&mut self, lettered: bool, marker: String, rest: &str) {
        self.flush_prose();
        if let Some(Piece::List { lettered: l, items }) = self.pieces.last_mut()
            && *l == lettered
        {
            items.push(Item {
                marker,
                spans: text(rest),
            });
            return;
        }
        self.pieces.push(Piece::List {
            lettered,
            items: vec![Item {
                marker,
                spans: text(rest),
            }],
        });
    }

    fn line(&mut self, raw: &str) {
        let line = raw.trim();
        if let Some((n, rest)) = leading_number(line) {
            self.end_paragraph();
            self.number = Some(n);
            self.prose.push(rest.to_owned());
        } else if let Some((lettered, marker, rest)) = list_item(line) {
            self.item(lettered, marker, rest);
        } else if let Some(q) = quotation(raw) {
            self.flush_prose();
            self.pieces.push(Piece::Quote { spans: text(&q) });
        } else {
            self.prose.push(line.to_owned());
        }
    }
}

/// The structure of a plain-text notice (a historical notice imported as text).
#[must_use]
pub fn of_plain(plain: &str) -> PublishedText {
    let mut b = Building {
        sections: Vec::new(),
        pieces: Vec::new(),
        number: None,
        prose: Vec::new(),
    };
    for chunk in chunks(plain) {
        let heading_line = match chunk.as_slice() {
            [only] if leading_number(only.trim()).is_none() && list_item(only.trim()).is_none() => {
                heading(only)
            }
            _ => None,
        };
        match heading_line {
            Some((true, words)) => {
                b.end_paragraph();
                b.sections.push(TextSection {
                    heading: Some(words),
                    annex: false,
                    blocks: Vec::new(),
                });
            }
            Some((false, words)) => {
                b.end_paragraph();
                b.current()
                    .blocks
                    .push(TextBlock::Subheading { text: words });
            }
            None => {
                // A chunk continuing a list or a quotation of the paragraph before belongs to
                // that paragraph; anything else starts a new one.
                let first = chunk.first().map_or("", |l| l.trim());
                let continues = leading_number(first).is_none()
                    && (list_item(first).is_some() || quotation(chunk[0]).is_some())
                    && !b.pieces.is_empty();
                if !continues {
                    b.end_paragraph();
                }
                for line in chunk {
                    b.line(line);
                }
                b.flush_prose();
            }
        }
    }
    b.end_paragraph();
    b.sections
        .retain(|s| !s.blocks.is_empty() || s.heading.is_some());
    PublishedText {
        sections: b.sections,
        footnotes: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(t: &PublishedText) -> Vec<Option<usize>> {
        t.sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                TextBlock::Paragraph { number, .. } => Some(*number),
                TextBlock::Subheading { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_plain_notice_is_split_on_blank_lines_and_keeps_its_own_numbers() {
        let t = of_plain(
            "Decision (including any steps ordered)\n\n1. The complainant asked for \
             invoices.\n\n2. The council refused\nthe request.\n\nReasons for decision\n\n\
             Section 12: cost\n\n3. The council estimated the cost:\n\n• searches\n• \
             retrieval\n\n“The cost would exceed the limit.”\n\n4. The Commissioner \
             disagrees.",
        );
        let headings: Vec<_> = t.sections.iter().map(|s| s.heading.clone()).collect();
        assert_eq!(
            headings,
            vec![
                Some("Decision (including any steps ordered)".to_owned()),
                Some("Reasons for decision".to_owned())
            ]
        );
        assert_eq!(numbers(&t), vec![Some(1), Some(2), Some(3), Some(4)]);
        assert_eq!(
            t.sections[1].blocks[0],
            TextBlock::Subheading {
                text: "Section 12: cost".into()
            }
        );
        let TextBlock::Paragraph { pieces, .. } = &t.sections[1].blocks[1] else {
            panic!("paragraph 3");
        };
        assert_eq!(pieces.len(), 3, "{pieces:?}");
        assert!(matches!(&pieces[1], Piece::List { lettered: false, items } if items.len() == 2));
        assert!(matches!(&pieces[2], Piece::Quote { .. }));
        // Lines of one paragraph are joined.
        let TextBlock::Paragraph { pieces, .. } = &t.sections[0].blocks[1] else {
            panic!("paragraph 2");
        };
        assert_eq!(
            pieces[0],
            Piece::Text {
                spans: text("The council refused the request.")
            }
        );
    }

    #[test]
    fn a_plain_notice_without_blank_lines_is_a_paragraph_a_line() {
        let t = of_plain(
            "The complainant requested invoices.\nThe council refused the request as \
             exceeding the cost limit.",
        );
        assert_eq!(numbers(&t), vec![None, None]);
        assert_eq!(t.sections.len(), 1);
        assert_eq!(t.sections[0].heading, None);
    }

    #[test]
    fn leading_numbers_are_paragraph_numbers_but_years_and_sections_are_not() {
        assert_eq!(leading_number("12. The council"), Some((12, "The council")));
        assert_eq!(leading_number("7\tThe council"), Some((7, "The council")));
        assert_eq!(leading_number("2019 was the year"), None);
        assert_eq!(leading_number("40(2) provides"), None);
        assert_eq!(leading_number("3.5 per cent"), None);
        assert!(list_item("(see) the annex").is_none());
        assert_eq!(
            list_item("(iv) the fourth"),
            Some((true, "(iv)".to_owned(), "the fourth"))
        );
        let t = of_plain("1. First.\n2. Second.\n(a) a limb;\n(b) another.");
        assert_eq!(numbers(&t), vec![Some(1), Some(2)]);
        assert!(
            matches!(&t.sections[0].blocks[1], TextBlock::Paragraph { pieces, .. }
                if matches!(&pieces[1], Piece::List { lettered: true, items } if items[1].marker == "(b)"))
        );
    }

    #[test]
    fn sentences_are_not_headings() {
        assert!(heading("The council refused the request.").is_none());
        assert!(heading("the council refused").is_none());
        assert!(heading("Section 40(2) – personal information").is_some());
        assert_eq!(
            heading("REASONS FOR DECISION"),
            Some((true, "REASONS FOR DECISION".to_owned()))
        );
    }
}
