//! Typed text over HTTP: the characters no field takes (control characters, NUL, direction
//! overrides) and the length limits, refused naming the field with nothing written, on the
//! API and the pages alike; and a decision notice's links, only to web pages and email
//! addresses.

use crate::accounts::post_form;
use crate::helpers::TestApp;
use crate::pages::signed_in;
use serde_json::json;

#[test]
fn control_characters_and_direction_overrides_are_refused_naming_the_field_and_nothing_is_written()
{
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let case = |name: &str, address: &str| {
        app.post(
            "/api/v1/cases",
            Some(&app.officer),
            &json!({
                "regime": "foia", "authority_id": authority,
                "complainant": {"name": name, "email": "alex@example.org", "postal_address": address},
                "events": [{"kind": "request_received", "date": "2023-02-13"}]
            }),
        )
    };
    // (name, address, rule, words in the message, why)
    let refused = [
        (
            "Alex\u{0}Smith",
            "",
            "invalid_complainant_name",
            "complainant's name contains a control character (U+0000)",
            "NUL",
        ),
        (
            "Alex \u{202E}htimS",
            "",
            "invalid_complainant_name",
            "(U+202E)",
            "right-to-left override",
        ),
        (
            "Alex \u{2066}Smith",
            "",
            "invalid_complainant_name",
            "(U+2066)",
            "isolate",
        ),
        (
            "Alex\nSmith",
            "",
            "invalid_complainant_name",
            "must be on one line",
            "a line break in a name",
        ),
        (
            "",
            "",
            "invalid_complainant_name",
            "enter the complainant's name",
            "blank",
        ),
        (
            &"A".repeat(201),
            "",
            "invalid_complainant_name",
            "200 characters or fewer (it has 201)",
            "too long",
        ),
        (
            "Alex",
            &"x".repeat(1001),
            "invalid_complainant_address",
            "postal address must be 1,000 characters or fewer",
            "long address",
        ),
        (
            "Alex",
            "1 High St\u{1b}[2J",
            "invalid_complainant_address",
            "(U+001B)",
            "escape in an address",
        ),
    ];
    for (name, address, rule, words, why) in refused {
        let r = case(name, address);
        assert_eq!(r.status, 422, "{why}: {:?}", r.body);
        assert_eq!(r.body["rule"], rule, "{why}");
        let detail = r.body["detail"].as_str().unwrap();
        assert!(detail.contains(words), "{why}: {detail}");
    }
    assert_eq!(app.count("cases"), 0, "nothing was written");
    assert_eq!(app.count("complainants"), 0);
    // A multi-line address keeps its lines; a right-to-left name needs no override.
    let r = case("محمد Smith", "1 High Street\nLeeds\nLS1 1AA");
    assert_eq!(r.status, 201, "{:?}", r.body);
    // Authorities, through the API and the CSV import's one parser.
    let r = app.post(
        "/api/v1/authorities",
        Some(&app.manager),
        &json!({"formal_name": "Leeds\u{7} City Council", "short_name": "the Council", "sector": "local_government", "nation": "england"}),
    );
    assert_eq!(
        (r.status, r.body["rule"].as_str()),
        (422, Some("invalid_formal_name"))
    );
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("formal name contains a control character (U+0007)")
    );
    // Searches have a limit too (what is searched for is never stored, but is compared
    // with every name).
    let long = "a".repeat(201);
    let r = app.get(&format!("/api/v1/authorities?q={long}"), Some(&app.officer));
    assert_eq!(r.status, 422, "{:?}", r.body);
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("search must be 200 characters or fewer")
    );
    assert_eq!(
        app.get(
            &format!("/api/v1/authorities?q={}", &long[1..]),
            Some(&app.officer)
        )
        .status,
        200
    );
    // A member of staff's name, on the admin's page, beside the field.
    let mut admin = signed_in(&app, "admin");
    let page = post_form(
        &mut admin,
        "/users",
        "/users",
        &[
            ("email", "sam@example.org"),
            ("name", "Sam\u{202D}"),
            ("role", "officer"),
        ],
    );
    assert_eq!(page.status, 422);
    assert!(page.body.contains(
        "The name contains an invisible character that changes the direction of text (U+202D)"
    ));
    assert_eq!(app.count("users WHERE email = 'sam@example.org'"), 0);
}

#[test]
fn a_notice_link_other_than_http_https_or_mailto_is_refused_and_nothing_is_saved() {
    let app = TestApp::spawn();
    let reference = crate::notices::allocated_case(&app);
    let base = format!("/api/v1/cases/{reference}/notice");
    let drafted = app.post(&format!("{base}/generate"), Some(&app.officer), &json!({}));
    assert_eq!(drafted.status, 201, "{:?}", drafted.body);
    let with_link = |url: &str| {
        let mut notice = drafted.body["notice"].clone();
        notice["sections"][0]["blocks"][0] = json!({"kind": "paragraph", "parts": [{"kind": "text", "runs": [
            {"kind": "text", "text": "See "}, {"kind": "link", "url": url, "text": "the guidance"}
        ]}]});
        app.send("PUT", &base, Some(&app.officer), &notice.to_string())
    };
    for url in [
        "javascript:alert(document.cookie)",
        "data:text/html,<script>x</script>",
        "file:///etc/passwd",
        "ico.org.uk",
    ] {
        let r = with_link(url);
        assert_eq!(r.status, 422, "{url}: {:?}", r.body);
        assert_eq!(r.body["rule"], "notice_text", "{url}");
        assert!(
            r.body["detail"]
                .as_str()
                .unwrap()
                .contains("must be a web address starting https://")
        );
    }
    let mut signed = drafted.body["notice"].clone();
    signed["signature"]["name"] = json!("Sam Officer\u{202E}");
    let r = app.send("PUT", &base, Some(&app.officer), &signed.to_string());
    assert_eq!(
        (r.status, r.body["rule"].as_str()),
        (422, Some("notice_text"))
    );
    assert!(
        r.body["detail"]
            .as_str()
            .unwrap()
            .contains("notice line contains an invisible character"),
        "{:?}",
        r.body
    );
    let version = |app: &TestApp| app.get(&base, Some(&app.officer)).body["version"].clone();
    assert_eq!(version(&app), json!(1), "nothing was saved");
    for url in ["https://ico.org.uk/decisions", "mailto:casework@ico.org.uk"] {
        assert_eq!(with_link(url).status, 200, "{url}");
    }
    assert_eq!(version(&app), json!(3));
}
