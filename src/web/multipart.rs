//! A small reader of `multipart/form-data` bodies (RFC 7578, on RFC 2046's multipart syntax),
//! for the pages' upload forms: the boundary from the `Content-Type`, then each part's
//! `Content-Disposition` name and file name, its own `Content-Type` and its bytes exactly as
//! sent (CR and LF inside a file are content, not delimiters). A body that ends before its
//! closing delimiter is refused: a truncated upload must not be stored as if whole. The parts
//! complete before such an end can still be read ([`parse_parts`]), so a form refused for a file
//! too large keeps the fields typed before it.
//!
//! actix-multipart is not a dependency of the service; the whole body is in memory already (the
//! upload route's body limit bounds it), so a parser over a byte slice is enough.

use std::fmt;

/// The most parts a form may have (the upload form has seven).
pub const MAX_PARTS: usize = 64;

/// Why a body is not a `multipart/form-data` body this reader accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MultipartError {
    /// The `Content-Type` is not `multipart/form-data` with a boundary.
    NotMultipart,
    /// The body does not start with the boundary's delimiter.
    NoFirstBoundary,
    /// A part's headers are not followed by the blank line before its content.
    BadHeaders,
    /// A part has no `Content-Disposition: form-data; name=…`.
    NoName,
    /// The body ends before the closing delimiter (`--boundary--`).
    Truncated,
    /// More than [`MAX_PARTS`] parts.
    TooManyParts,
}

impl fmt::Display for MultipartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NotMultipart => "the form was not sent as multipart/form-data",
            Self::NoFirstBoundary => "the form's body does not start with its boundary",
            Self::BadHeaders => "a field of the form has malformed headers",
            Self::NoName => "a field of the form has no name",
            Self::Truncated => "the form's body ended before its last field was complete",
            Self::TooManyParts => "the form has too many fields",
        })
    }
}

impl std::error::Error for MultipartError {}

/// One field of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The field's name.
    pub name: String,
    /// The file name the browser gave, as sent (a file input only; may hold a path).
    pub filename: Option<String>,
    /// The part's own `Content-Type` (what the browser claims; not to be trusted).
    pub content_type: Option<String>,
    /// Its content, exactly as sent.
    pub data: &'a [u8],
}

impl Part<'_> {
    /// The file name without any folder the browser sent with it (`C:\Users\a\b.pdf` →
    /// `b.pdf`).
    #[must_use]
    pub fn file_name(&self) -> Option<&str> {
        self.filename
            .as_deref()
            .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f))
    }

    /// Its content as text (a form field); invalid UTF-8 replaced.
    #[must_use]
    pub fn text(&self) -> String {
        String::from_utf8_lossy(self.data).into_owned()
    }
}

/// The parts read from a body, and why reading stopped early if it did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// The parts complete before the end (or before the error).
    pub parts: Vec<Part<'a>>,
    /// Why the body is not whole, if it is not.
    pub error: Option<MultipartError>,
}

/// The boundary of a `multipart/form-data` content type, quoted or not
/// (`multipart/form-data; boundary="a b"` → `a b`).
///
/// # Errors
/// [`MultipartError::NotMultipart`] for another type or no usable boundary.
pub fn boundary(content_type: &str) -> Result<String, MultipartError> {
    let mut pieces = content_type.split(';');
    let essence = pieces.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return Err(MultipartError::NotMultipart);
    }
    let rest = content_type.split_once(';').map_or("", |(_, rest)| rest);
    let found = params(rest)
        .into_iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v)
        .ok_or(MultipartError::NotMultipart)?;
    // RFC 2046 §5.1.1: 1 to 70 characters.
    if found.is_empty() || found.len() > 70 {
        return Err(MultipartError::NotMultipart);
    }
    Ok(found)
}

/// The `key=value` parameters after a header's first value, values quoted (`"…"`, with `\"` and
/// `\\` escapes) or not. A backslash before anything else is kept: browsers send Windows paths
/// in file names unescaped.
fn params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ';' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars
            .by_ref()
            .take_while(|c| *c != '=')
            .collect::<String>()
            .trim()
            .to_owned();
        if key.is_empty() {
            return out;
        }
        let mut value = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            while let Some(c) = chars.next() {
                match c {
                    '"' => break,
                    '\\' if matches!(chars.peek(), Some('"' | '\\')) => {
                        value.extend(chars.next());
                    }
                    other => value.push(other),
                }
            }
            // Anything up to the next `;` after the closing quote is ignored.
            while chars.peek().is_some_and(|c| *c != ';') {
                chars.next();
            }
        } else {
            let unquoted: String = chars.by_ref().take_while(|c| *c != ';').collect();
            value.push_str(unquoted.trim());
        }
        out.push((key.to_ascii_lowercase(), value));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Where the next delimiter starts in `content`: `\r\n--boundary` followed by `--` (the
/// closing one), by padding and CRLF, or by the end of a cut-off body. The same bytes followed
/// by anything else are content (a careless sender's boundary that also occurs in a file).
fn find_delimiter(content: &[u8], delimiter: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = find(&content[from..], delimiter) {
        let start = from + i;
        let after = &content[start + delimiter.len()..];
        let padded = after
            .iter()
            .position(|b| !matches!(b, b' ' | b'\t'))
            .map_or(&after[after.len()..], |n| &after[n..]);
        if after.starts_with(b"--") || padded.starts_with(b"\r\n") || padded.len() < 2 {
            return Some(start);
        }
        from = start + 1;
    }
    None
}

/// A part's headers (between its delimiter line and the blank line) into a part.
fn part_of<'a>(headers: &[u8], data: &'a [u8]) -> Result<Part<'a>, MultipartError> {
    let headers = String::from_utf8_lossy(headers);
    let (mut name, mut filename, mut content_type) = (None, None, None);
    for line in headers.split("\r\n").filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once(':').ok_or(MultipartError::BadHeaders)?;
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            let (kind, rest) = value.split_once(';').unwrap_or((value, ""));
            if !kind.trim().eq_ignore_ascii_case("form-data") {
                return Err(MultipartError::NoName);
            }
            for (k, v) in params(rest) {
                match k.as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    Ok(Part {
        name: name.ok_or(MultipartError::NoName)?,
        filename,
        content_type,
        data,
    })
}

/// Reads the parts of `body` delimited by `boundary`, as far as the body is whole.
#[must_use]
pub fn parse_parts<'a>(body: &'a [u8], boundary: &str) -> Parsed<'a> {
    let mut parts = Vec::new();
    let error = read_parts(body, boundary, &mut parts).err();
    Parsed { parts, error }
}

/// Reads every part of `body`; refuses a body that is not whole.
///
/// # Errors
/// The first thing wrong with the body.
pub fn parse<'a>(body: &'a [u8], boundary: &str) -> Result<Vec<Part<'a>>, MultipartError> {
    let parsed = parse_parts(body, boundary);
    match parsed.error {
        None => Ok(parsed.parts),
        Some(e) => Err(e),
    }
}

fn read_parts<'a>(
    body: &'a [u8],
    boundary: &str,
    parts: &mut Vec<Part<'a>>,
) -> Result<(), MultipartError> {
    let delimiter = format!("--{boundary}");
    // Every delimiter after the first starts on a line of its own: CRLF is part of it.
    let next_delimiter = format!("\r\n--{boundary}");
    // The preamble (before the first delimiter) is ignored.
    let mut at = if body.starts_with(delimiter.as_bytes()) {
        delimiter.len()
    } else {
        find(body, next_delimiter.as_bytes()).ok_or(MultipartError::NoFirstBoundary)?
            + next_delimiter.len()
    };
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(()); // the closing delimiter; the epilogue is ignored
        }
        // Transport padding, then the end of the delimiter's line.
        let padding = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let rest = &rest[padding..];
        if rest.len() < 2 {
            return Err(MultipartError::Truncated);
        }
        let rest = rest
            .strip_prefix(b"\r\n")
            .ok_or(MultipartError::BadHeaders)?;
        let (headers, content) = match rest.strip_prefix(b"\r\n") {
            // No headers at all: no name, refused below.
            Some(content) => (&rest[..0], content),
            None => {
                let end = find(rest, b"\r\n\r\n").ok_or(MultipartError::Truncated)?;
                (&rest[..end], &rest[end + 4..])
            }
        };
        let len =
            find_delimiter(content, next_delimiter.as_bytes()).ok_or(MultipartError::Truncated)?;
        if parts.len() == MAX_PARTS {
            return Err(MultipartError::TooManyParts);
        }
        parts.push(part_of(headers, &content[..len])?);
        at = body.len() - content.len() + len + next_delimiter.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A body of `(headers, content)` parts, delimited by `b`, closed or not.
    fn body(b: &str, parts: &[(&str, &[u8])], closed: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for (headers, content) in parts {
            out.extend_from_slice(format!("--{b}\r\n{headers}\r\n\r\n").as_bytes());
            out.extend_from_slice(content);
            out.extend_from_slice(b"\r\n");
        }
        if closed {
            out.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        }
        out
    }

    #[test]
    fn a_boundary_is_read_quoted_or_not_and_refused_for_other_types() {
        // (content type, boundary found, why)
        let table: [(&str, Option<&str>, &str); 7] = [
            (
                "multipart/form-data; boundary=----WebKitFormBoundaryx7",
                Some("----WebKitFormBoundaryx7"),
                "a browser's, unquoted",
            ),
            (
                "multipart/form-data; boundary=\"a b;c\"",
                Some("a b;c"),
                "quoted boundary, with a space and a semicolon",
            ),
            (
                "Multipart/Form-Data; charset=utf-8; BOUNDARY=xyz",
                Some("xyz"),
                "names in any case, after another parameter",
            ),
            ("application/x-www-form-urlencoded", None, "another type"),
            ("multipart/form-data", None, "no boundary"),
            (
                "multipart/form-data; boundary=\"\"",
                None,
                "an empty boundary",
            ),
            (
                "multipart/mixed; boundary=x",
                None,
                "another multipart type",
            ),
        ];
        for (content_type, expected, why) in table {
            assert_eq!(boundary(content_type).ok().as_deref(), expected, "{why}");
        }
    }

    /// Long because it is one table of named cases.
    #[test]
    fn bodies_are_read_part_by_part_with_their_bytes_as_sent() {
        let b = "XyZ";
        let pdf: &[u8] = b"%PDF-1.4\r\n--XyZnot a delimiter\r\n\r\nline\n\x00\xff";
        let file = "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\Users\\ann\\Notice of appeal.pdf\"\r\nContent-Type: application/pdf";
        let field = |n: &str| format!("Content-Disposition: form-data; name=\"{n}\"");
        let (kind, sent) = (field("kind"), field("sent"));
        // (why, body, Ok(names and contents) or the error)
        type Expected = Result<Vec<(&'static str, Vec<u8>)>, MultipartError>;
        let table: Vec<(&str, Vec<u8>, Expected)> = vec![
            (
                "fields and a file",
                body(b, &[(&kind, b"reply"), (file, pdf)], true),
                Ok(vec![("kind", b"reply".to_vec()), ("file", pdf.to_vec())]),
            ),
            (
                "CRLF in file content, and the boundary's text not at a line start",
                body(b, &[(file, pdf)], true),
                Ok(vec![("file", pdf.to_vec())]),
            ),
            (
                "an empty field",
                body(b, &[(&sent, b""), (&kind, b"x")], true),
                Ok(vec![("sent", Vec::new()), ("kind", b"x".to_vec())]),
            ),
            (
                "missing final boundary",
                body(b, &[(&kind, b"reply"), (file, pdf)], false),
                Err(MultipartError::Truncated),
            ),
            (
                "cut off inside the file",
                body(b, &[(&kind, b"reply"), (file, pdf)], true)[..60].to_vec(),
                Err(MultipartError::Truncated),
            ),
            (
                "a preamble before the first boundary",
                [b"ignored\r\n".as_slice(), &body(b, &[(&kind, b"r")], true)].concat(),
                Ok(vec![("kind", b"r".to_vec())]),
            ),
            (
                "transport padding after a boundary",
                body(b, &[(&kind, b"r")], true).into_iter().skip(5).fold(
                    b"--XyZ \t".to_vec(),
                    |mut v, x| {
                        v.push(x);
                        v
                    },
                ),
                Ok(vec![("kind", b"r".to_vec())]),
            ),
            (
                "another boundary",
                body("other", &[(&kind, b"r")], true),
                Err(MultipartError::NoFirstBoundary),
            ),
            (
                "a part without a name",
                body(b, &[("Content-Disposition: form-data", b"r")], true),
                Err(MultipartError::NoName),
            ),
            (
                "a header line without a colon",
                body(b, &[("Content-Disposition form-data", b"r")], true),
                Err(MultipartError::BadHeaders),
            ),
            (
                "an empty body",
                Vec::new(),
                Err(MultipartError::NoFirstBoundary),
            ),
        ];
        for (why, bytes, expected) in table {
            let got = parse(&bytes, b).map(|parts| {
                parts
                    .iter()
                    .map(|p| (p.name.clone(), p.data.to_vec()))
                    .collect::<Vec<_>>()
            });
            let expected = expected.map(|v| {
                v.into_iter()
                    .map(|(n, d)| (n.to_owned(), d))
                    .collect::<Vec<_>>()
            });
            assert_eq!(got, expected, "{why}");
        }
    }

    #[test]
    fn a_file_name_loses_its_folder_and_keeps_escaped_quotes() {
        // (filename parameter as sent, file name, why)
        let table = [
            (
                r#""C:\Users\ann\Notice of appeal.pdf""#,
                "Notice of appeal.pdf",
                "filename with a Windows path",
            ),
            (
                r#""../../etc/passwd""#,
                "passwd",
                "filename with a relative path",
            ),
            (r#""say \"hi\".pdf""#, "say \"hi\".pdf", "an escaped quote"),
            ("plain.pdf", "plain.pdf", "unquoted"),
        ];
        for (sent, expected, why) in table {
            let headers = format!("Content-Disposition: form-data; name=\"file\"; filename={sent}");
            let bytes = body("b", &[(&headers, b"%PDF-")], true);
            let parts = parse(&bytes, "b").unwrap();
            assert_eq!(parts[0].file_name(), Some(expected), "{why}");
        }
    }

    #[test]
    fn the_parts_before_a_cut_off_file_are_kept() {
        let kind = "Content-Disposition: form-data; name=\"kind\"";
        let file = "Content-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"";
        let whole = body("b", &[(kind, b"reply"), (file, &[b'%'; 1000])], true);
        let parsed = parse_parts(&whole[..500], "b");
        assert_eq!(parsed.error, Some(MultipartError::Truncated));
        assert_eq!(
            parsed
                .parts
                .iter()
                .map(|p| (p.name.as_str(), p.text()))
                .collect::<Vec<_>>(),
            [("kind", "reply".to_owned())]
        );
    }
}
