//! Public authorities through the API.

use crate::helpers::TestApp;
use serde_json::json;

#[test]
fn a_manager_adds_an_authority_and_staff_can_find_it_by_name() {
    let app = TestApp::spawn();
    let id = app.authority("Commissioner of Police of the Metropolis");

    let found = app.get("/api/v1/authorities?name=Metropolis", Some(&app.officer));
    assert_eq!(found.status, 200);
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["items"][0]["id"], id);
    assert_eq!(found.body["items"][0]["sector"], "police");

    let shown = app.get(&format!("/api/v1/authorities/{id}"), Some(&app.officer));
    assert_eq!(
        shown.body["formal_name"],
        "Commissioner of Police of the Metropolis"
    );
}

#[test]
fn an_authority_update_replaces_its_details() {
    let app = TestApp::spawn();
    let id = app.authority("Northshire Council");
    let r = app.send(
        "PUT",
        &format!("/api/v1/authorities/{id}"),
        Some(&app.manager),
        &json!({"formal_name": "Northshire County Council", "short_name": "the Council", "sector": "local_government", "nation": "england"}).to_string(),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    assert_eq!(r.body["formal_name"], "Northshire County Council");
    assert_eq!(r.body["foi_email"], serde_json::Value::Null);
}

#[test]
fn an_authority_with_a_bad_sector_or_email_is_refused_and_not_saved() {
    let app = TestApp::spawn();
    for (body, rule) in [
        (
            json!({"formal_name": "X", "short_name": "X", "sector": "army", "nation": "england"}),
            "invalid_sector",
        ),
        (
            json!({"formal_name": "X", "short_name": "X", "sector": "police", "nation": "mars"}),
            "invalid_nation",
        ),
        (
            json!({"formal_name": " ", "short_name": "X", "sector": "police", "nation": "england"}),
            "invalid_formal_name",
        ),
        (
            json!({"formal_name": "X", "short_name": "X", "sector": "police", "nation": "england", "foi_email": "not-an-email"}),
            "invalid_foi_email",
        ),
        (
            json!({"formal_name": "X", "short_name": "X", "sector": "police", "nation": "england", "colour": "red"}),
            "malformed_body",
        ),
    ] {
        let r = app.post("/api/v1/authorities", Some(&app.manager), &body);
        assert_eq!(r.status, 422, "{body}");
        assert_eq!(r.body["rule"], rule, "{body}");
        assert_eq!(r.content_type, "application/problem+json");
    }
    assert_eq!(app.count("authorities"), 0);
}
