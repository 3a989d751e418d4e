//! Uploading an appeal's documents from its page (issue 18): a real `multipart/form-data` body
//! as a browser sends it, the documents list (kind, file name, size, dates, link), the file
//! downloaded byte for byte, refusals that keep what was typed, the CSRF check, and closed
//! material (GRC rule 14) hidden from a colleague who may not read it. Runs on SQLite, and on
//! PostgreSQL when `TEST_DATABASE_URL` is set.

use crate::appeal_pages::{appealed, between, text};
use crate::helpers::{TestApp, date};
use crate::pages::{Page, Visitor, csrf_token, signed_in};

const BOUNDARY: &str = "----WebKitFormBoundaryq8Sxv3AbC0x9";

/// A body as a browser builds it: the fields in the form's order, then the file (its name as
/// given, its type as the browser guesses it).
fn multipart(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    let (filename, bytes) = file.unwrap_or(("", b""));
    let content_type = if filename.is_empty() {
        "application/octet-stream"
    } else {
        "application/pdf"
    };
    body.extend_from_slice(
        format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// Posts the upload form of appeal `id` with the page's CSRF token first, as the form does.
fn upload(v: &mut Visitor, id: i64, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> Page {
    let token = csrf_token(&v.get(&format!("/appeals/{id}")).body);
    let mut all = vec![("csrf_token", token.as_str())];
    all.extend_from_slice(fields);
    v.post_body(
        &format!("/appeals/{id}/documents"),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        &multipart(&all, file),
    )
}

/// A small PDF whose bytes hold CR, LF and text like a delimiter, padded to `len` bytes.
fn pdf(len: usize) -> Vec<u8> {
    let mut bytes =
        b"%PDF-1.4\r\n1 0 obj\r\n<< /Type /Catalog >>\r\n--not-the-boundary\r\n\r\n".to_vec();
    bytes.resize(len, b'\n');
    bytes
}

/// The links of the page's documents list.
fn document_links(page: &str) -> Vec<String> {
    let Some(start) = page.find("id=\"documents\"") else {
        return Vec::new();
    };
    let list = &page[start..];
    let list = &list[..list.find("</table>").unwrap_or(list.len())];
    list.split("href=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_owned())
        .collect()
}

const NOTICE_OF_APPEAL: [(&str, &str); 7] = [
    ("document_kind", "notice_of_appeal"),
    ("sent_day", "18"),
    ("sent_month", "7"),
    ("sent_year", "2024"),
    ("received_day", "19"),
    ("received_month", "7"),
    ("received_year", "2024"),
];

#[test]
fn a_document_uploaded_from_the_page_is_listed_and_downloads_as_sent() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v = signed_in(&app, "officer");
    let before = text(&v.get(&format!("/appeals/{id}")).body);
    assert!(
        before.contains("id=\"upload-form\""),
        "the officer has the form"
    );
    assert!(
        before.contains("enctype=\"multipart/form-data\""),
        "{before}"
    );
    // 1.2 MB (1,260,000 bytes), named with the folder an old browser sends.
    let file = pdf(1_260_000);
    let r = upload(
        &mut v,
        id,
        &NOTICE_OF_APPEAL,
        Some((r"C:\Users\olivia\Notice of appeal.pdf", &file)),
    );
    assert_eq!(
        (r.status, r.location.as_str()),
        (
            303,
            format!("/appeals/{id}?done=document_uploaded#documents").as_str()
        ),
        "{}",
        r.body
    );
    let page = text(&v.get(&format!("/appeals/{id}?done=document_uploaded")).body);
    assert!(page.contains("Document uploaded"), "the banner says so");
    let list = between(&page, "id=\"documents\"", "</table>");
    for shown in [
        "Notice of appeal",
        "Notice of appeal.pdf",
        "1.2 MB",
        "18 July 2024",
        "19 July 2024",
    ] {
        assert!(list.contains(shown), "{shown} in the list: {list}");
    }
    assert!(
        !list.contains("Users") && !list.contains("None") && !list.contains("notice_of_appeal"),
        "no folder, internal word or None on the screen: {list}"
    );
    let links = document_links(&page);
    assert_eq!(links.len(), 1, "{list}");
    let (status, back) = v.get_bytes(&links[0]);
    assert_eq!(status, 200);
    assert!(
        back == file,
        "the same bytes come back ({} of {})",
        back.len(),
        file.len()
    );
}

/// Long because it walks each refusal in turn.
#[test]
fn a_refused_upload_shows_the_error_summary_and_keeps_every_field_typed() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v = signed_in(&app, "officer");
    let typed = [
        ("document_kind", "reply"),
        ("sent_day", "2"),
        ("sent_month", "8"),
        ("sent_year", "2024"),
        ("received_day", "3"),
        ("received_month", "8"),
        ("received_year", "2024"),
        ("closed", "yes"),
    ];
    let kept = |body: &str| {
        let form = between(body, "id=\"upload-form\"", "</form>").to_owned();
        assert!(
            form.contains("value=\"reply\" selected"),
            "the kind stays: {form}"
        );
        for value in [
            "value=\"2\"",
            "value=\"8\"",
            "value=\"2024\"",
            "value=\"3\"",
        ] {
            assert!(form.contains(value), "{value} stays: {form}");
        }
        assert!(
            form.contains("value=\"yes\" aria-describedby=\"closed-hint\" checked"),
            "closed stays ticked: {form}"
        );
    };
    // A program named as a PDF.
    let r = upload(
        &mut v,
        id,
        &typed,
        Some(("decision.pdf", b"MZ\x90\x00 a program")),
    );
    assert_eq!(r.status, 422, "{}", r.body);
    let body = text(&r.body);
    assert!(body.contains("There is a problem"), "an error summary");
    assert!(
        body.contains("href=\"#file\"") && body.contains("not a PDF, Word (.docx), PNG or JPEG"),
        "{body}"
    );
    kept(&body);

    // No file chosen.
    let r = upload(&mut v, id, &typed, None);
    assert_eq!(r.status, 422);
    let body = text(&r.body);
    assert!(body.contains("Select the document to upload"), "{body}");
    kept(&body);

    // A date that is not a date, beside a good file: nothing is stored.
    let mut bad_date = typed.to_vec();
    bad_date[1] = ("sent_day", "31");
    bad_date[2] = ("sent_month", "2");
    let r = upload(&mut v, id, &bad_date, Some(("reply.pdf", &pdf(100))));
    assert_eq!(r.status, 422);
    let body = text(&r.body);
    assert!(
        body.contains("The date sent must be a real date") && body.contains("href=\"#sent\""),
        "{body}"
    );
    assert!(body.contains("value=\"31\""), "the day typed stays");

    // Over 20 MB, within the route's margin (the document's own check) and beyond it (the
    // body cut off at the limit: the fields before the file are still kept).
    for len in [20 * 1024 * 1024 + 1, 21 * 1024 * 1024] {
        let r = upload(&mut v, id, &typed, Some(("big.pdf", &pdf(len))));
        assert_eq!(r.status, 422, "{len} bytes");
        let body = text(&r.body);
        assert!(
            body.contains("The file is larger than 20 MB"),
            "{len}: {body}"
        );
        kept(&body);
    }
    assert_eq!(app.count("appeal_documents"), 0, "nothing was stored");
}

#[test]
fn an_upload_without_the_sessions_csrf_token_is_refused() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut v = signed_in(&app, "officer");
    let file = pdf(100);
    let path = format!("/appeals/{id}/documents");
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    for (why, fields) in [
        ("no token", NOTICE_OF_APPEAL.to_vec()),
        (
            "another token",
            [
                &[("csrf_token", "0123456789abcdef")],
                NOTICE_OF_APPEAL.as_slice(),
            ]
            .concat(),
        ),
    ] {
        let r = v.post_body(
            &path,
            &content_type,
            &multipart(&fields, Some(("a.pdf", &file))),
        );
        assert_eq!(r.status, 400, "{why}: {}", r.body);
        assert!(
            text(&r.body).contains("did not come from this service"),
            "{why}"
        );
    }
    assert_eq!(app.count("appeal_documents"), 0, "nothing was stored");
    let r = upload(&mut v, id, &NOTICE_OF_APPEAL, Some(("a.pdf", &file)));
    assert_eq!(r.status, 303, "with the token it is: {}", r.body);
}

#[test]
fn a_colleague_not_allocated_cannot_upload_nor_see_a_closed_document() {
    let app = TestApp::builder().today(date("2024-12-31")).build();
    let id = appealed(&app, "EA/2024/0123");
    let mut officer = signed_in(&app, "officer");
    let open = pdf(2000);
    let mut closed = pdf(3000);
    closed.extend_from_slice(b"closed material");
    let r = upload(
        &mut officer,
        id,
        &NOTICE_OF_APPEAL,
        Some(("noa.pdf", &open)),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let r = upload(
        &mut officer,
        id,
        &[("document_kind", "response"), ("closed", "yes")],
        Some(("closed annex.pdf", &closed)),
    );
    assert_eq!(r.status, 303, "{}", r.body);
    let page = text(&officer.get(&format!("/appeals/{id}")).body);
    let links = document_links(&page);
    assert_eq!(links.len(), 2, "its officer sees both");
    assert!(between(&page, "id=\"documents\"", "</table>").contains("Closed"));
    let closed_link = links[1].clone();
    assert_eq!(officer.get_bytes(&closed_link), (200, closed.clone()));

    let mut colleague = signed_in(&app, "other_officer");
    let page = text(&colleague.get(&format!("/appeals/{id}")).body);
    assert!(
        !page.contains("id=\"upload-form\""),
        "no form for a colleague"
    );
    let list = between(&page, "id=\"documents\"", "</table>");
    assert!(
        list.contains("noa.pdf") && !list.contains("closed annex") && !list.contains("Closed"),
        "the closed document is not listed: {list}"
    );
    assert_eq!(document_links(&page), [links[0].clone()]);
    assert_eq!(
        colleague.get_bytes(&closed_link).0,
        404,
        "nor opened (rule 14)"
    );
    assert_eq!(
        colleague.get_bytes(&links[0]),
        (200, open),
        "the open one is"
    );
    // The form hidden is not the check: the post is refused.
    let token = csrf_token(&page);
    let mut fields = vec![("csrf_token", token.as_str())];
    fields.extend_from_slice(&NOTICE_OF_APPEAL);
    let r = colleague.post_body(
        &format!("/appeals/{id}/documents"),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        &multipart(&fields, Some(("mine.pdf", &pdf(100)))),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    // Refused as well when the upload itself would be refused.
    let r = colleague.post_body(
        &format!("/appeals/{id}/documents"),
        &format!("multipart/form-data; boundary={BOUNDARY}"),
        &multipart(&fields, None),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(app.count("appeal_documents"), 2);
    let manager = text(
        &signed_in(&app, "manager")
            .get(&format!("/appeals/{id}"))
            .body,
    );
    assert_eq!(
        document_links(&manager).len(),
        2,
        "a manager sees closed material"
    );
}
