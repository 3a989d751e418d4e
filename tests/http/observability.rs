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

/// The `section50_http_requests_total` series other than the scrapes' own.
fn request_series(app: &TestApp) -> Vec<String> {
    let mut resp = agent()
        .get(&format!("{}/metrics", app.base))
        .call()
        .expect("metrics");
    let text = resp.body_mut().read_to_string().expect("text");
    text.lines()
        .filter(|l| l.starts_with("section50_http_requests_total{"))
        .filter(|l| !l.contains("route=\"/metrics\""))
        .map(|l| {
            l.rsplit_once(' ')
                .map_or(l, |(labels, _)| labels)
                .to_owned()
        })
        .collect()
}

#[test]
fn requests_with_made_up_methods_add_at_most_one_metric_series() {
    use std::io::{Read, Write};
    let app = TestApp::spawn();
    let before = request_series(&app);
    let addr = app.base.trim_start_matches("http://").to_owned();
    for i in 0..200 {
        // Any token is a valid HTTP method; each of these is new.
        let method = format!("X{}{i}", rand::random::<u32>());
        let mut s = std::net::TcpStream::connect(&addr).expect("connect");
        write!(
            s,
            "{method} /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
        )
        .expect("write");
        let mut reply = Vec::new();
        s.read_to_end(&mut reply).expect("read");
        assert!(reply.starts_with(b"HTTP/1.1 "), "an answer to {method}");
    }
    let after = request_series(&app);
    let added: Vec<&String> = after.iter().filter(|s| !before.contains(s)).collect();
    assert!(added.len() <= 1, "{added:?}");
    assert!(
        added.iter().all(|s| s.contains("method=\"other\"")),
        "{added:?}"
    );
}
