//! Every route walked with no credentials and with each role.

use crate::helpers::{TestApp, seed_events};
use serde_json::json;

#[test]
fn every_route_enforces_its_roles() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    // A case opened and allocated to the officer, and one nobody is allocated to.
    let mine = app.open_case(&app.manager, authority, seed_events()).body["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    app.post(
        &format!("/api/v1/cases/{mine}/events"),
        Some(&app.manager),
        &json!({"kind": "complaint_accepted", "date": "2023-10-02"}),
    );
    let r = app.post(
        &format!("/api/v1/cases/{mine}/allocation"),
        Some(&app.manager),
        &json!({"officer_id": app.officer_id, "date": "2023-10-03"}),
    );
    assert_eq!(r.status, 200, "{:?}", r.body);
    let event_id = r.body["events"][0]["id"].as_i64().unwrap();

    let authority_body = json!({"formal_name": "X Council", "short_name": "X", "sector": "local_government", "nation": "wales"});
    let event_body = json!({"kind": "chase_letter_sent", "date": "2023-10-04"});
    let correction = json!({"event": {"kind": "request_received", "date": "2023-02-14"}});
    let allocation = json!({"officer_id": app.officer_id, "date": "2023-10-05"});
    let timeline = json!({"regime": "foia", "events": []});

    // (method, path, body, [none, officer, other officer, manager, admin])
    let table: Vec<(&str, String, Option<serde_json::Value>, [u16; 5])> = vec![
        ("GET", "/healthz".into(), None, [200, 200, 200, 200, 200]),
        (
            "GET",
            "/api/v1/openapi.json".into(),
            None,
            [200, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/timeline".into(),
            Some(timeline),
            [200, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/me".into(), None, [401, 200, 200, 200, 200]),
        (
            "GET",
            "/api/v1/authorities".into(),
            None,
            [401, 200, 200, 200, 200],
        ),
        (
            "POST",
            "/api/v1/authorities".into(),
            Some(authority_body.clone()),
            [401, 403, 403, 201, 201],
        ),
        (
            "GET",
            format!("/api/v1/authorities/{authority}"),
            None,
            [401, 200, 200, 200, 200],
        ),
        (
            "PUT",
            format!("/api/v1/authorities/{authority}"),
            Some(authority_body),
            [401, 403, 403, 200, 200],
        ),
        (
            "GET",
            "/api/v1/cases".into(),
            None,
            [401, 200, 200, 200, 200],
        ),
        (
            "GET",
            format!("/api/v1/cases/{mine}"),
            None,
            [401, 200, 404, 200, 200],
        ),
        (
            "POST",
            format!("/api/v1/cases/{mine}/events"),
            Some(event_body),
            [401, 201, 403, 201, 201],
        ),
        (
            "POST",
            format!("/api/v1/cases/{mine}/events/{event_id}/corrections"),
            Some(correction),
            [401, 201, 403, 409, 409],
        ),
        (
            "POST",
            format!("/api/v1/cases/{mine}/allocation"),
            Some(allocation),
            [401, 403, 403, 200, 200],
        ),
    ];
    let tokens = [
        None,
        Some(app.officer.as_str()),
        Some(app.other_officer.as_str()),
        Some(app.manager.as_str()),
        Some(app.admin.as_str()),
    ];
    let names = [
        "no credentials",
        "officer",
        "other officer",
        "manager",
        "admin",
    ];
    for (method, path, body, expected) in &table {
        for ((token, want), who) in tokens.iter().zip(expected).zip(names) {
            let r = match (method, body) {
                (&"GET", _) => app.get(path, *token),
                (m, Some(b)) => app.send(m, path, *token, &b.to_string()),
                (m, None) => app.send(m, path, *token, ""),
            };
            assert_eq!(r.status, *want, "{method} {path} as {who}: {:?}", r.body);
        }
    }
    // A bad token is the same as none.
    assert_eq!(app.get("/api/v1/me", Some("s50_not-a-token")).status, 401);
}

#[test]
fn officers_see_only_their_own_cases_in_lists() {
    let app = TestApp::spawn();
    let authority = app.authority("Northshire Council");
    app.open_case(&app.officer, authority, seed_events());
    app.open_case(&app.manager, authority, seed_events());
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.officer)).body["total"],
        1
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.other_officer)).body["total"],
        0
    );
    assert_eq!(
        app.get("/api/v1/cases", Some(&app.manager)).body["total"],
        2
    );
}
