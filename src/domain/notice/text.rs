//! The plain-text form in which officers edit a notice paragraph in the browser, and its
//! conversion to and from the document model's parts and runs.
//!
//! - Parts are separated by a blank line.
//! - A part whose every line starts with `> ` is a quotation.
//! - A part whose every line starts with `- ` is a bulleted list; `(a) `, `(b) `… a lettered one.
//! - Inside text: `{ref:label}` a cross-reference to a labelled paragraph, `{footnote:text}`,
//!   `{em:text}`, `{strong:text}`, `{link:https://address|text}`.
//! - `{{` is a literal `{`; inside a `{…}` form `}}` is a literal `}`.
//! - A part that starts with `\` is plain text whatever follows (`\- not a list`); the `\` is
//!   dropped. Text written back that would otherwise read as a quote or a list gets one.
//!
//! The result is data for the typesetter, never markup: nothing here reaches typst as code.

use crate::domain::notice::{ListStyle, Part, Run};

/// Why a paragraph's text could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct TextError(pub String);

const TAGS: [&str; 5] = ["ref", "footnote", "em", "strong", "link"];

/// Reads a paragraph's text into parts.
///
/// # Errors
/// An unclosed `{…}` form, an empty reference, or no text at all.
pub fn parse_parts(text: &str) -> Result<Vec<Part>, TextError> {
    let normalised = text.replace("\r\n", "\n");
    let mut parts = Vec::new();
    for chunk in normalised.split("\n\n") {
        let lines: Vec<&str> = chunk
            .lines()
            .map(str::trim_end)
            .filter(|l| !l.trim().is_empty())
            .collect();
        if lines.is_empty() {
            continue;
        }
        if lines.iter().all(|l| l.starts_with('>')) {
            let body: Vec<&str> = lines
                .iter()
                .map(|l| l.trim_start_matches('>').trim())
                .filter(|l| !l.is_empty())
                .collect();
            if body.is_empty() {
                continue;
            }
            parts.push(Part::Quote {
                runs: parse_runs(&body.join(" "))?,
            });
        } else if lines.iter().all(|l| l.starts_with("- ")) {
            let items = lines
                .iter()
                .map(|l| parse_runs(l[2..].trim()))
                .collect::<Result<Vec<_>, _>>()?;
            parts.push(Part::List {
                style: ListStyle::Bullet,
                items,
            });
        } else if lines.iter().all(|l| letter_item(l).is_some()) {
            let items = lines
                .iter()
                .filter_map(|l| letter_item(l))
                .map(|rest| parse_runs(rest.trim()))
                .collect::<Result<Vec<_>, _>>()?;
            parts.push(Part::List {
                style: ListStyle::Letter,
                items,
            });
        } else {
            let joined: Vec<&str> = lines.iter().map(|l| l.trim()).collect();
            let joined = joined.join(" ");
            let text = joined.strip_prefix('\\').unwrap_or(&joined);
            if text.trim().is_empty() {
                continue;
            }
            parts.push(Part::Text {
                runs: parse_runs(text)?,
            });
        }
    }
    if parts.is_empty() {
        return Err(TextError("Enter the text of the paragraph".to_owned()));
    }
    Ok(parts)
}

/// `(a) rest` → `rest`.
fn letter_item(line: &str) -> Option<&str> {
    let mut chars = line.chars();
    match (chars.next(), chars.next(), chars.next(), chars.next()) {
        (Some('('), Some(c), Some(')'), Some(' ')) if c.is_ascii_lowercase() => Some(&line[4..]),
        _ => None,
    }
}

/// Reads one line of inline text into runs.
///
/// # Errors
/// An unclosed `{…}` form or an empty reference.
pub fn parse_runs(text: &str) -> Result<Vec<Run>, TextError> {
    let mut runs = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while let Some(pos) = rest.find('{') {
        plain.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(stripped) = after.strip_prefix('{') {
            plain.push('{');
            rest = stripped;
            continue;
        }
        let tag = TAGS
            .iter()
            .find(|t| after.starts_with(&format!("{t}:")))
            .copied();
        let Some(tag) = tag else {
            plain.push('{');
            rest = after;
            continue;
        };
        let body_start = &after[tag.len() + 1..];
        let (content, remaining) = read_until_close(body_start).ok_or_else(|| {
            TextError(format!(
                "A {{{tag}:…}} is not closed: add a }} after its text"
            ))
        })?;
        if !plain.is_empty() {
            runs.push(Run::text(std::mem::take(&mut plain)));
        }
        runs.push(tagged(tag, content)?);
        rest = remaining;
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        runs.push(Run::text(plain));
    }
    Ok(runs)
}

/// The content up to the first `}` not doubled, and what follows it.
fn read_until_close(text: &str) -> Option<(String, &str)> {
    let mut content = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '}' {
            if chars.peek().map(|(_, n)| *n) == Some('}') {
                chars.next();
                content.push('}');
            } else {
                return Some((content, &text[i + 1..]));
            }
        } else {
            content.push(c);
        }
    }
    None
}

fn tagged(tag: &str, content: String) -> Result<Run, TextError> {
    Ok(match tag {
        "ref" => {
            let label = content.trim().to_owned();
            if label.is_empty() {
                return Err(TextError(
                    "A {ref:} needs the label of the paragraph it refers to".to_owned(),
                ));
            }
            Run::Ref { label }
        }
        "footnote" => Run::Footnote { text: content },
        "em" => Run::Emph { text: content },
        "strong" => Run::Strong { text: content },
        _ => match content.split_once('|') {
            Some((url, text)) => Run::Link {
                url: url.trim().to_owned(),
                text: text.to_owned(),
            },
            None => Run::Link {
                url: content.trim().to_owned(),
                text: String::new(),
            },
        },
    })
}

/// Writes parts as editable text (the inverse of [`parse_parts`]).
#[must_use]
pub fn parts_to_text(parts: &[Part]) -> String {
    let chunks: Vec<String> = parts
        .iter()
        .map(|part| match part {
            Part::Text { runs } => {
                let text = runs_to_text(runs);
                if reads_as_more_than_text(&text) {
                    format!("\\{text}")
                } else {
                    text
                }
            }
            Part::Quote { runs } => format!("> {}", runs_to_text(runs)),
            Part::List { style, items } => items
                .iter()
                .enumerate()
                .map(|(i, runs)| match style {
                    ListStyle::Bullet => format!("- {}", runs_to_text(runs)),
                    ListStyle::Letter => {
                        let letter = char::from(b'a' + u8::try_from(i % 26).unwrap_or(0));
                        format!("({letter}) {}", runs_to_text(runs))
                    }
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect();
    chunks.join("\n\n")
}

/// Whether a text part written as `text` would be read back as something else: a quote, a
/// list, an escaped part, or text losing its leading space.
fn reads_as_more_than_text(text: &str) -> bool {
    text.starts_with('>')
        || text.starts_with("- ")
        || text.starts_with('\\')
        || text.starts_with(char::is_whitespace)
        || letter_item(text).is_some()
}

/// Writes runs as one line of editable text.
#[must_use]
pub fn runs_to_text(runs: &[Run]) -> String {
    let inner = |t: &str| t.replace('}', "}}");
    runs.iter()
        .map(|run| match run {
            Run::Text { text } => text.replace('{', "{{"),
            Run::Emph { text } => format!("{{em:{}}}", inner(text)),
            Run::Strong { text } => format!("{{strong:{}}}", inner(text)),
            Run::Ref { label } => format!("{{ref:{}}}", inner(label)),
            Run::Footnote { text } => format!("{{footnote:{}}}", inner(text)),
            Run::Link { url, text } if text.is_empty() => format!("{{link:{}}}", inner(url)),
            Run::Link { url, text } => format!("{{link:{}|{}}}", inner(url), inner(text)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `notice_text` fuzz target: text that starts like a list or a quote was
    /// written back unescaped and read back as a list or a quote.
    #[test]
    fn text_that_starts_like_a_list_or_quote_survives_the_round_trip() {
        for typed in [
            "- one\ntwo",
            ">a\nb",
            "(a) first\nand more",
            "\\- not a list",
            "\\\\double",
            "\\ leading space",
        ] {
            let parts = parse_parts(typed).unwrap();
            assert!(
                matches!(parts.as_slice(), [Part::Text { .. }]),
                "{typed:?} is one text part: {parts:?}"
            );
            let written = parts_to_text(&parts);
            assert_eq!(
                parse_parts(&written).unwrap(),
                parts,
                "{typed:?} → {written:?}"
            );
        }
        assert_eq!(
            parse_parts("\\- not a list").unwrap(),
            vec![Part::Text {
                runs: vec![Run::text("- not a list")]
            }]
        );
        assert!(parse_parts("\\").is_err(), "a lone escape is no text");
    }

    /// Found by the `notice_text` fuzz target: an empty `>` line at the end of a quotation
    /// left a trailing space that did not survive being written back.
    #[test]
    fn empty_quotation_lines_are_ignored() {
        let parts = parse_parts("> The information is exempt.\n>").unwrap();
        assert_eq!(
            parts,
            vec![Part::Quote {
                runs: vec![Run::text("The information is exempt.")]
            }]
        );
        assert_eq!(parse_parts(&parts_to_text(&parts)).unwrap(), parts);
        assert!(
            parse_parts(">\n> ").is_err(),
            "a quotation of nothing is no text"
        );
    }

    #[test]
    fn inline_forms_become_runs() {
        let runs = parse_runs(
            "See {ref:s40-test} and {em:Information}.{footnote:FOIA s40(2).} {{literal} {link:https://example.org|the guidance}",
        )
        .unwrap();
        assert_eq!(
            runs,
            vec![
                Run::text("See "),
                Run::Ref {
                    label: "s40-test".into()
                },
                Run::text(" and "),
                Run::Emph {
                    text: "Information".into()
                },
                Run::text("."),
                Run::Footnote {
                    text: "FOIA s40(2).".into()
                },
                Run::text(" {literal} "),
                Run::Link {
                    url: "https://example.org".into(),
                    text: "the guidance".into()
                },
            ]
        );
    }

    #[test]
    fn blank_lines_separate_text_quotations_and_lists() {
        let parts =
            parse_parts("Section 31 says:\n\n> Information is exempt\n> if its disclosure\n\n(a) one\n(b) two\n\n- x\n- y")
                .unwrap();
        assert_eq!(parts.len(), 4);
        assert!(
            matches!(&parts[1], Part::Quote { runs } if runs == &vec![Run::text("Information is exempt if its disclosure")])
        );
        assert!(
            matches!(&parts[2], Part::List { style: ListStyle::Letter, items } if items.len() == 2)
        );
        assert!(
            matches!(&parts[3], Part::List { style: ListStyle::Bullet, items } if items.len() == 2)
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert!(parse_runs("a {footnote:never closed").is_err());
        assert!(parse_runs("{ref: }").is_err());
        assert!(parse_parts("  \n\n ").is_err());
        // An unknown form is just text.
        assert_eq!(parse_runs("{x:y}").unwrap(), vec![Run::text("{x:y}")]);
    }

    #[test]
    fn text_written_from_runs_reads_back_to_the_same_runs() {
        let cases: Vec<Vec<Run>> = vec![
            vec![Run::text("a { b } {ref:x} {{")],
            vec![
                Run::Footnote {
                    text: "braces } and { inside".into(),
                },
                Run::text(" tail"),
            ],
            vec![Run::Link {
                url: "https://x.org/a".into(),
                text: String::new(),
            }],
            vec![Run::Strong {
                text: "bold".into(),
            }],
        ];
        for runs in cases {
            assert_eq!(parse_runs(&runs_to_text(&runs)).unwrap(), runs, "{runs:?}");
        }
    }
}
