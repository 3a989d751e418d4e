//! Observability: a request id on every response (and in the log lines of its request), request
//! counts and latencies by route pattern, and `GET /metrics` in the Prometheus text format with
//! those, the database pool, the outbox's depth and failures, and notice render times. Only
//! route patterns (`/cases/{reference}`), never values, are recorded: no personal data.

use super::AppState;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse, web};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;
use tracing::Instrument;

/// Upper bounds of the latency histogram's buckets, in seconds.
pub const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Debug, Clone, Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Request statistics, shared by every worker of one process.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Metrics {
    /// Records one request.
    pub fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut map = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let s = map
            .entry((method.to_owned(), route.to_owned(), status))
            .or_default();
        s.count += 1;
        s.sum += seconds;
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                s.buckets[i] += 1;
            }
        }
    }

    fn write_requests(&self, out: &mut String) {
        let map = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        out.push_str(
            "# HELP section50_http_requests_total Requests by method, route pattern and status.\n",
        );
        out.push_str("# TYPE section50_http_requests_total counter\n");
        for ((method, route, status), s) in map.iter() {
            let _ = writeln!(
                out,
                "section50_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {}",
                escape(route),
                s.count
            );
        }
        out.push_str("# HELP section50_http_request_duration_seconds Time to answer, by method and route pattern.\n");
        out.push_str("# TYPE section50_http_request_duration_seconds histogram\n");
        let mut by_route: BTreeMap<(String, String), Series> = BTreeMap::new();
        for ((method, route, _), s) in map.iter() {
            let t = by_route.entry((method.clone(), route.clone())).or_default();
            t.count += s.count;
            t.sum += s.sum;
            for (i, b) in s.buckets.iter().enumerate() {
                t.buckets[i] += b;
            }
        }
        for ((method, route), s) in &by_route {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (i, bound) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "section50_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {}",
                    s.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "section50_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                s.count
            );
            let _ = writeln!(
                out,
                "section50_http_request_duration_seconds_sum{{{labels}}} {:.6}",
                s.sum
            );
            let _ = writeln!(
                out,
                "section50_http_request_duration_seconds_count{{{labels}}} {}",
                s.count
            );
        }
    }
}

/// The method as a metric label: the methods the service knows by name, every other one
/// (`FOO`, `X-RANDOM-123`: anyone can send any token) as `other`, so a client cannot grow the
/// number of series without bound.
fn method_label(method: &actix_web::http::Method) -> &'static str {
    match method.as_str() {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        _ => "other",
    }
}

fn escape(label: &str) -> String {
    label
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: gives the request an id (kept from `X-Request-Id` when a proxy set a sane one),
/// runs the handler inside a log span carrying it, returns it as `X-Request-Id`, and records the
/// request's route pattern, status and time.
///
/// # Errors
/// The inner service's errors, unchanged.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
        .map_or_else(|| format!("{:016x}", rand::random::<u64>()), str::to_owned);
    let method = method_label(req.method());
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| std::sync::Arc::clone(&s.metrics));
    let span = tracing::info_span!("request", request_id = %id, method = %method, route = %route);
    let mut res = next.call(req).instrument(span).await?;
    let status = res.status().as_u16();
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&id) {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("x-request-id"),
            value,
        );
    }
    if let Some(m) = metrics {
        m.record(method, &route, status, started.elapsed().as_secs_f64());
    }
    Ok(res)
}

/// `GET /metrics`: Prometheus text. When `SECTION50_METRICS_TOKEN` is set, the scraper must send
/// it as a bearer token.
pub async fn metrics(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    if let Some(expected) = &state.metrics_token {
        let given = req
            .headers()
            .get(actix_web::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        if !super::pages::session::same_token(given, expected) {
            return HttpResponse::Unauthorized()
                .insert_header(("WWW-Authenticate", "Bearer"))
                .finish();
        }
    }
    let mut out = String::new();
    state.metrics.write_requests(&mut out);
    let pool = state.pool.state();
    let _ = writeln!(
        out,
        "# HELP section50_db_pool_connections Open database connections.\n# TYPE section50_db_pool_connections gauge\nsection50_db_pool_connections {}",
        pool.connections
    );
    let _ = writeln!(
        out,
        "# HELP section50_db_pool_idle_connections Idle database connections.\n# TYPE section50_db_pool_idle_connections gauge\nsection50_db_pool_idle_connections {}",
        pool.idle_connections
    );
    let (renders, render_seconds) = crate::pdf::render_stats();
    let _ = writeln!(
        out,
        "# HELP section50_notice_renders_total Notices typeset in this process.\n# TYPE section50_notice_renders_total counter\nsection50_notice_renders_total {renders}"
    );
    let _ = writeln!(
        out,
        "# HELP section50_notice_render_seconds_total Time spent typesetting notices.\n# TYPE section50_notice_render_seconds_total counter\nsection50_notice_render_seconds_total {render_seconds:.6}"
    );
    let pool = state.pool.clone();
    let outbox = web::block(move || {
        pool.get()
            .ok()
            .and_then(|mut c| crate::service::outbox::counts(&mut c).ok())
    })
    .await
    .ok()
    .flatten();
    match outbox {
        Some(counts) => {
            out.push_str("# HELP section50_outbox_messages Emails in the outbox by status (queued is the depth, failed awaits an admin).\n# TYPE section50_outbox_messages gauge\n");
            for (status, n) in counts {
                let _ = writeln!(out, "section50_outbox_messages{{status=\"{}\"}} {n}", status.slug());
            }
            out.push_str("# HELP section50_up Whether the database answered this scrape.\n# TYPE section50_up gauge\nsection50_up 1\n");
        }
        None => out.push_str("# HELP section50_up Whether the database answered this scrape.\n# TYPE section50_up gauge\nsection50_up 0\n"),
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(out)
}
