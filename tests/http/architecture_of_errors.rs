//! Every API error path answers with an RFC 9457 problem document.

use crate::helpers::TestApp;

#[test]
fn malformed_and_oversized_bodies_get_problem_documents() {
    let app = TestApp::spawn();
    let not_json = app.send("POST", "/api/v1/cases", Some(&app.manager), "{not json");
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.content_type, "application/problem+json");
    let huge = format!(
        "{{\"regime\":\"foia\",\"events\":[],\"pad\":\"{}\"}}",
        "x".repeat(300 * 1024)
    );
    let too_big = app.send("POST", "/api/v1/cases", Some(&app.manager), &huge);
    assert!(
        too_big.status == 400 || too_big.status == 413,
        "{}",
        too_big.status
    );
    let too_big_timeline = app.send("POST", "/api/v1/timeline", None, &huge);
    assert_eq!(too_big_timeline.status, 413);
}

#[test]
fn unknown_addresses_and_cases_are_404_problems() {
    let app = TestApp::spawn();
    let nowhere = app.get("/api/v1/nowhere", Some(&app.manager));
    assert_eq!(nowhere.status, 404);
    assert_eq!(nowhere.content_type, "application/problem+json");
    assert_eq!(
        app.get("/api/v1/cases/IC-000000-ZZZZ", Some(&app.manager))
            .status,
        404
    );
    assert_eq!(
        app.get("/api/v1/cases/not-a-reference", Some(&app.manager))
            .status,
        404
    );
    assert_eq!(
        app.get("/api/v1/authorities/999", Some(&app.manager))
            .status,
        404
    );
}

#[test]
fn the_openapi_document_describes_every_api_route() {
    let app = TestApp::spawn();
    let doc = app.get("/api/v1/openapi.json", None);
    let paths = doc.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/timeline",
        "/api/v1/me",
        "/api/v1/authorities",
        "/api/v1/authorities/{id}",
        "/api/v1/cases",
        "/api/v1/cases/{reference}",
        "/api/v1/cases/{reference}/events",
        "/api/v1/cases/{reference}/events/{id}/corrections",
        "/api/v1/cases/{reference}/allocation",
        "/api/v1/cases/{reference}/notice",
        "/api/v1/cases/{reference}/notice.pdf",
        "/api/v1/cases/{reference}/notice/generate",
        "/api/v1/cases/{reference}/notice/{action}",
        "/api/v1/cases/{reference}/notice/diff",
        "/api/v1/library",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(doc.body["components"]["securitySchemes"]["bearer"].is_object());
}

#[test]
fn the_openapi_document_lists_the_accepted_values_of_enumerated_fields() {
    let app = TestApp::spawn();
    let doc = app.get("/api/v1/openapi.json", None).body;
    let values = |v: &serde_json::Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("no enum in {v}"))
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect()
    };
    let schemas = &doc["components"]["schemas"];
    // Written out here, not taken from the code: what a client is told it may send.
    let regimes = values(&schemas["NewCaseBody"]["properties"]["regime"]);
    for r in ["foia", "eir", "foisa", "eir_scotland", "uk_gdpr_sar"] {
        assert!(regimes.contains(&r.to_owned()), "{r} in {regimes:?}");
    }
    let sectors = values(&schemas["AuthorityBody"]["properties"]["sector"]);
    assert!(sectors.contains(&"police".to_owned()), "{sectors:?}");
    let nations = values(&schemas["AuthorityBody"]["properties"]["nation"]);
    assert!(
        nations.contains(&"northern_ireland".to_owned()),
        "{nations:?}"
    );
    let list = &doc["paths"]["/api/v1/cases"]["get"]["parameters"];
    let status = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "status")
        .unwrap();
    let statuses = values(&status["schema"]);
    assert!(
        statuses.contains(&"notice_issued".to_owned()),
        "{statuses:?}"
    );
    let action = doc["paths"]["/api/v1/cases/{reference}/notice/{action}"]["post"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "action")
        .unwrap()
        .clone();
    assert_eq!(
        values(&action["schema"]),
        ["submit", "approve", "return", "issue"]
    );
}
