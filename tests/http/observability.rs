//! `/metrics` and request ids: counts and latencies by route pattern (never by value), the
//! pool, the outbox and render figures, and an id on every response.

use crate::helpers::{TestApp, seed_events};

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into()
}

#[test]
fn metrics_count_requests_by_route_pattern_and_show_the_outbox_without_personal_data() {
    let app = TestApp::spawn();
    let authority = app.authority("Commissioner of Police of the Metropolis");
    let reference = app.open_case(&app.manager, authority, seed_events()).body["reference"]
        .as_str()
        .expect("reference")
        .to_owned();
    for _ in 0..3 {
        assert_eq!(
            app.get(&format!("/api/v1/cases/{reference}"), Some(&app.manager))
                .status,
            200
        );
    }
    let mut resp = agent()
        .get(&format!("{}/metrics", app.base))
        .call()
        .expect("metrics");
    assert_eq!(resp.status().as_u16(), 200);
    let text = resp.body_mut().read_to_string().expect("text");
    assert!(
        text.contains(
            "section50_http_requests_total{method=\"GET\",route=\"/api/v1/cases/{reference}\",status=\"200\"} 3"
        ),
        "{text}"
    );
    assert!(text.contains(
        "section50_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/cases/{reference}\"} 3"
    ));
    assert!(
        text.contains("section50_outbox_messages{status=\"queued\"} 2"),
        "{text}"
    );
    assert!(text.contains("section50_db_pool_connections "));
    assert!(text.contains("section50_notice_renders_total "));
    assert!(text.contains("section50_up 1"));
    assert!(
        !text.contains(&reference),
        "no case reference in the metrics"
    );
    assert!(!text.contains("alex@example.org"));
}

#[test]
fn every_response_carries_a_request_id_and_keeps_a_proxys_sane_one() {
    let app = TestApp::spawn();
    let id_of = |header: Option<&str>| -> String {
        let mut req = agent().get(&format!("{}/healthz", app.base));
        if let Some(h) = header {
            req = req.header("X-Request-Id", h);
        }
        let resp = req.call().expect("healthz");
        resp.headers()
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .expect("a request id")
            .to_owned()
    };
    let a = id_of(None);
    let b = id_of(None);
    assert_eq!(a.len(), 16);
    assert_ne!(a, b, "ids differ");
    assert_eq!(id_of(Some("edge-1234")), "edge-1234");
    let replaced = id_of(Some("<script>"));
    assert_ne!(replaced, "<script>");
    assert_eq!(replaced.len(), 16);
}
