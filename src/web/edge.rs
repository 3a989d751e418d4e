//! The edge every request passes: `HEAD` answered as `GET` without the body; the few errors
//! actix answers by itself (a body over the limit, a query string that does not parse) given
//! the same shape as every other error (a problem document in the API, a page elsewhere); and
//! refusals (401, 403, which include CSRF refusals) logged as security events, without personal
//! data: the method, the route's pattern (never the path with its references, nor the query) and
//! the request id.

use super::error::Problem;
use super::pages::PageError;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{Method, StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError};

/// The middleware (wrap it inside the metrics middleware, so its log lines carry the request id).
///
/// # Errors
/// The inner service's.
pub async fn edge(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // actix's codec already knows the request was HEAD and sends the headers only, with the
    // length the GET body would have had.
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
    let api = req.path().starts_with("/api/");
    let method = req.method().clone();
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    let res = next.call(req).await?.map_into_boxed_body();
    let status = res.status();
    if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        tracing::warn!(
            target: "security",
            status = status.as_u16(),
            method = %method,
            route = %route,
            "request refused"
        );
    }
    if status.is_client_error() && is_bare(&res) {
        return Ok(reshaped(res, api).await);
    }
    Ok(res)
}

/// An error actix wrote itself: plain text or no content type at all.
fn is_bare(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|t| t.starts_with("text/plain"))
}

async fn reshaped(res: ServiceResponse<BoxBody>, api: bool) -> ServiceResponse<BoxBody> {
    let status = res.status();
    let (req, response) = res.into_parts();
    let text = actix_web::body::to_bytes(response.into_body())
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "The request body is larger than the limit of {} KiB; nothing was saved.",
            super::MAX_BODY_BYTES / 1024
        ),
        _ if text.is_empty() => format!(
            "The request could not be read ({}).",
            status.canonical_reason().unwrap_or("error")
        ),
        _ => format!("The request could not be read: {text}."),
    };
    let mut out = if api {
        let problem = Problem {
            kind: "about:blank".to_owned(),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            rule: None,
            event: None,
        };
        HttpResponse::build(status)
            .content_type("application/problem+json")
            .body(serde_json::to_string(&problem).unwrap_or_default())
    } else {
        PageError::BadRequest(detail).error_response()
    };
    *out.status_mut() = status;
    ServiceResponse::new(req, out)
}
