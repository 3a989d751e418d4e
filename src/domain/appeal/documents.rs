//! An appeal's documents: their kinds, the file types accepted (checked by their first bytes,
//! not by the name or the type the browser claims) and the size limit of the upload route.

use crate::domain::tribunal::slug_enum;

/// The largest document accepted: 20 MB (issue 18).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

slug_enum! {
    /// What a document is.
    DocumentKind {
        /// The notice of appeal (GRC r22).
        NoticeOfAppeal => "notice_of_appeal", "Notice of appeal";
        /// The Commissioner's response (GRC r23).
        Response => "response", "The Commissioner's response";
        /// The appellant's reply (GRC r24).
        Reply => "reply", "The appellant's reply";
        /// Directions (GRC r5, r6).
        Directions => "directions", "Directions";
        /// The decision.
        Decision => "decision", "Decision";
        /// A ruling on permission to appeal.
        PermissionRuling => "permission_ruling", "Permission ruling";
        /// Anything else.
        Other => "other", "Other document";
    }
}

/// The file types accepted, by their first bytes: (content type, extension).
fn sniff(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(b"%PDF-") {
        Some(("application/pdf", "pdf"))
    } else if bytes.starts_with(b"PK\x03\x04") {
        // Word documents are zip files; the tribunal's forms are .docx.
        Some((
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
        ))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", "png"))
    } else if bytes.starts_with(b"\xff\xd8\xff") {
        Some(("image/jpeg", "jpg"))
    } else {
        None
    }
}

/// A document checked and ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedDocument {
    /// The content type found from its bytes.
    pub content_type: &'static str,
    /// A file name safe to send back (letters, digits, `-`, `_`, `.`, spaces), with the
    /// extension of its type.
    pub filename: String,
}

/// Checks an uploaded file: not empty, within [`MAX_BYTES`], of an accepted type.
///
/// # Errors
/// A sentence for the officer saying what is wrong.
pub fn check(bytes: &[u8], filename: &str) -> Result<CheckedDocument, String> {
    if bytes.is_empty() {
        return Err("The file is empty: choose the document to upload".to_owned());
    }
    if bytes.len() > MAX_BYTES {
        return Err("The file is larger than 20 MB: upload a smaller copy".to_owned());
    }
    let (content_type, ext) = sniff(bytes).ok_or_else(|| {
        "The file is not a PDF, Word (.docx), PNG or JPEG document; save it as one of those and upload it again"
            .to_owned()
    })?;
    let stem: String = filename
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .split('.')
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .take(100)
        .collect();
    let stem = if stem.trim().is_empty() {
        "document".to_owned()
    } else {
        stem.trim().to_owned()
    };
    Ok(CheckedDocument {
        content_type,
        filename: format!("{stem}.{ext}"),
    })
}

/// Whether a document may be read: closed material (GRC rule 14) only by those who may change
/// the case (managers and its officer); other documents by every member of staff.
#[must_use]
pub fn may_read(closed: bool, may_change_case: bool) -> bool {
    !closed || may_change_case
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_checked_by_its_first_bytes_and_its_size() {
        // (bytes, name, accepted type or None, why)
        let big = vec![b'%'; MAX_BYTES + 1];
        let table: Vec<(&[u8], &str, Option<&str>, &str)> = vec![
            (
                b"%PDF-1.7 ...",
                "Notice of appeal.pdf",
                Some("application/pdf"),
                "a PDF",
            ),
            (
                b"PK\x03\x04....",
                "reply.docx",
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                "a Word document",
            ),
            (
                b"\x89PNG\r\n\x1a\n..",
                "scan.png",
                Some("image/png"),
                "a PNG scan",
            ),
            (
                b"MZ\x90\x00",
                "decision.pdf",
                None,
                "a program named as a PDF",
            ),
            (b"<html>", "x.pdf", None, "HTML is not accepted"),
            (b"", "empty.pdf", None, "an empty file"),
            (&big, "huge.pdf", None, "over 20 MB"),
        ];
        for (bytes, name, expected, why) in table {
            assert_eq!(
                check(bytes, name).ok().map(|c| c.content_type),
                expected,
                "{why}"
            );
        }
        assert_eq!(
            check(b"%PDF-1.4", "../../etc/passwd.pdf").map(|c| c.filename),
            Ok("passwd.pdf".to_owned()),
            "no path survives in the name"
        );
    }
}
