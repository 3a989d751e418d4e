//! Text people type, checked once where it is parsed: the characters no field takes (control
//! characters, NUL, and the invisible marks that reverse the direction of text), and the
//! length limit of every field, defined here once and used by the API, the pages, the command
//! line and the imports alike. A refusal names the field and states its limit.

/// Whether a field is one line (a name) or may hold line breaks (an address, a reason).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// No line breaks or tabs.
    One,
    /// Line breaks (`\n`, `\r\n`) and tabs allowed.
    Many,
}

/// A text field: its name in messages, its limit in characters, and whether it is one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// How messages name it ("complainant's name").
    pub name: &'static str,
    /// The most characters it takes (after trimming).
    pub max: usize,
    /// One line or several.
    pub lines: Lines,
}

/// A member of staff's name.
pub const STAFF_NAME: Field = Field::line("name", 200);
/// A complainant's name.
pub const COMPLAINANT_NAME: Field = Field::line("complainant's name", 200);
/// A complainant's postal address.
pub const POSTAL_ADDRESS: Field = Field::lines("postal address", 1000);
/// Any email address (RFC 5321 §4.5.3.1.3 caps a path at 256 octets including the angle
/// brackets, which leaves 254 for the address).
pub const EMAIL: Field = Field::line("email address", 254);
/// An authority's formal name.
pub const FORMAL_NAME: Field = Field::line("formal name", 300);
/// An authority's short name.
pub const SHORT_NAME: Field = Field::line("short name", 100);
/// The article before an authority's short name ("the"; a little room for Welsh "y" or "yr").
pub const ARTICLE: Field = Field::line("article", 20);
/// An authority's postal address.
pub const AUTHORITY_ADDRESS: Field = Field::lines("address", 1000);
/// The name of an API token.
pub const TOKEN_NAME: Field = Field::line("token name", 100);
/// Why an event is corrected or withdrawn.
pub const CORRECTION_REASON: Field = Field::lines("reason", 500);
/// Why a notice is returned to its officer.
pub const RETURN_COMMENT: Field = Field::lines("comment", 2000);
/// A library paragraph's heading.
pub const LIBRARY_HEADING: Field = Field::line("heading", 200);
/// A library paragraph's text.
pub const LIBRARY_TEXT: Field = Field::lines("text", 10_000);
/// Any run of a decision notice's text (a paragraph's run, a footnote, a link's text).
pub const NOTICE_TEXT: Field = Field::lines("notice text", 20_000);
/// A one-line part of a decision notice: a sub-heading, a label, an annex title, the
/// authority's name and address lines, the signature's lines, a provision decided.
pub const NOTICE_LINE: Field = Field::line("notice line", 500);
/// A provision as a library key names it ("s31", "reg12(5)(e)").
pub const PROVISION: Field = Field::line("provision", 50);
/// The wording of the request a case is about, as the complainant sent it.
pub const REQUEST_WORDING: Field = Field::lines("request's wording", 20_000);
/// The authority's own reference for the request.
pub const AUTHORITY_REFERENCE: Field = Field::line("authority's reference", 100);
/// The provisions an authority cited, as typed ("s40(2), s43(2)").
pub const EXEMPTIONS_CITED: Field = Field::line("exemptions cited", 500);
/// An internal note on a case.
pub const CASE_NOTE: Field = Field::lines("note", 10_000);
/// Words searched for.
pub const SEARCH: Field = Field::line("search", 200);
/// The name of a saved filter of the case list.
pub const FILTER_NAME: Field = Field::line("filter name", 100);
/// The longest password accepted (argon2 hashes whatever it is given, so a megabyte would
/// cost the server; people's passwords and pass phrases are far shorter).
pub const PASSWORD_MAX: usize = 200;

/// Whether a character is refused in typed text: control characters (NUL among them; line
/// breaks and tabs only in one-line fields) and the bidirectional embeddings, overrides and
/// isolates (U+202A–U+202E, U+2066–U+2069), which make text display in another order than it
/// is stored ("Trojan Source", CVE-2021-42574).
#[must_use]
pub fn refused(c: char, lines: Lines) -> bool {
    let allowed_control = lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    (c.is_control() && !allowed_control)
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

impl Field {
    /// A one-line field.
    #[must_use]
    pub const fn line(name: &'static str, max: usize) -> Self {
        Field {
            name,
            max,
            lines: Lines::One,
        }
    }

    /// A field that may hold line breaks.
    #[must_use]
    pub const fn lines(name: &'static str, max: usize) -> Self {
        Field {
            name,
            max,
            lines: Lines::Many,
        }
    }

    /// The same rules under another name (a field used in several places).
    #[must_use]
    pub const fn named(self, name: &'static str) -> Self {
        Field { name, ..self }
    }

    /// Checks text for this field without trimming it: the first refused character, then the
    /// length.
    ///
    /// # Errors
    /// A message naming the field: the character refused (by its code point, as it may be
    /// invisible), or the limit.
    pub fn check(&self, text: &str) -> Result<(), String> {
        if let Some(c) = text.chars().find(|&c| refused(c, self.lines)) {
            let code = format!("U+{:04X}", u32::from(c));
            return Err(match c {
                '\n' | '\r' | '\t' => format!(
                    "the {} must be on one line, without line breaks or tabs",
                    self.name
                ),
                _ if c.is_control() => format!(
                    "the {} contains a control character ({code}), which is not allowed; \
                     retype it",
                    self.name
                ),
                _ => format!(
                    "the {} contains an invisible character that changes the direction of \
                     text ({code}), which is not allowed; retype it",
                    self.name
                ),
            });
        }
        let n = text.chars().count();
        if n > self.max {
            return Err(format!(
                "the {} must be {} characters or fewer (it has {})",
                self.name,
                grouped(self.max),
                grouped(n)
            ));
        }
        Ok(())
    }

    /// Trims text and checks it; empty text is accepted (an optional field).
    ///
    /// # Errors
    /// As [`Field::check`].
    pub fn optional(&self, text: &str) -> Result<String, String> {
        let t = text.trim();
        self.check(t)?;
        Ok(t.to_owned())
    }

    /// Trims text and checks it; empty text is refused.
    ///
    /// # Errors
    /// "enter the …" when blank; otherwise as [`Field::check`].
    pub fn required(&self, text: &str) -> Result<String, String> {
        let t = self.optional(text)?;
        if t.is_empty() {
            Err(format!("enter the {}", self.name))
        } else {
            Ok(t)
        }
    }
}

/// A number with thousands separated by commas ("10,000"), as limits are written for people.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: Field = Field::line("name", 10);
    const ADDRESS: Field = Field::lines("address", 20);

    #[test]
    fn one_line_fields_refuse_every_control_character_and_direction_mark() {
        // (text, the code point the message must name, why)
        let refused = [
            ("Ann\0Smith", "U+0000", "NUL"),
            ("Ann\u{7}", "U+0007", "bell"),
            (
                "Ann\u{1b}[31m",
                "U+001B",
                "escape: terminal colours in a log",
            ),
            ("Ann\u{7f}", "U+007F", "delete"),
            ("Ann\u{85}", "U+0085", "next line (C1 control)"),
            ("Ann\u{202A}", "U+202A", "left-to-right embedding"),
            ("Ann\u{202B}", "U+202B", "right-to-left embedding"),
            ("Ann\u{202C}", "U+202C", "pop directional formatting"),
            ("Ann\u{202D}", "U+202D", "left-to-right override"),
            (
                "gpj.\u{202E}exe",
                "U+202E",
                "right-to-left override: 'exe.jpg' spoofing",
            ),
            ("Ann\u{2066}", "U+2066", "left-to-right isolate"),
            ("Ann\u{2067}", "U+2067", "right-to-left isolate"),
            ("Ann\u{2068}", "U+2068", "first strong isolate"),
            ("Ann\u{2069}", "U+2069", "pop directional isolate"),
        ];
        for (text, code, why) in refused {
            let message = NAME.check(text).expect_err(why);
            assert!(message.contains(code), "{why}: {message}");
            assert!(message.starts_with("the name "), "{why}: {message}");
            let message = ADDRESS.check(text).expect_err(why);
            assert!(message.contains(code), "{why} (multi-line): {message}");
        }
        for (text, why) in [
            ("Ann\nSmith", "line feed"),
            ("Ann\r", "carriage return"),
            ("A\tB", "tab"),
        ] {
            let message = NAME.check(text).expect_err(why);
            assert_eq!(
                message, "the name must be on one line, without line breaks or tabs",
                "{why}"
            );
        }
    }

    #[test]
    fn ordinary_text_passes_whatever_its_script() {
        let accepted = [
            ("Siân Lloyd", "Welsh circumflex"),
            ("Zoë O'Brien-Smith", "diaeresis, apostrophe, hyphen"),
            ("Ørsted", "Danish"),
            (
                "محمد",
                "Arabic: right-to-left by itself, no override needed",
            ),
            ("Nguyễn", "Vietnamese stacked marks"),
            (
                "Ann\u{200F}",
                "right-to-left mark (not an override) is allowed",
            ),
        ];
        for (text, why) in accepted {
            assert_eq!(STAFF_NAME.optional(text).as_deref(), Ok(text), "{why}");
        }
        assert!(POSTAL_ADDRESS.check("1 High St\nLeeds\r\nLS1 1AA").is_ok());
        assert!(ADDRESS.check("Flat 1\tHigh St").is_ok());
    }

    #[test]
    fn the_limit_counts_characters_after_trimming_and_says_what_it_is() {
        assert_eq!(NAME.required("  ténchars!  ").as_deref(), Ok("ténchars!"));
        assert_eq!(
            NAME.required("ééééééééééé"),
            Err("the name must be 10 characters or fewer (it has 11)".to_owned())
        );
        assert_eq!(
            NAME.required("éééééééééé").map(|t| t.len()),
            Ok(20),
            "10 characters, 20 bytes"
        );
        assert_eq!(NAME.required("   "), Err("enter the name".to_owned()));
        assert_eq!(NAME.optional("   "), Ok(String::new()));
        let long = Field::lines("text", 10_000).check(&"x".repeat(10_001));
        assert_eq!(
            long,
            Err("the text must be 10,000 characters or fewer (it has 10,001)".to_owned())
        );
    }

    #[test]
    fn limits_are_written_with_thousands_separated() {
        for (n, text) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (20_000, "20,000"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(grouped(n), text);
        }
    }
}
