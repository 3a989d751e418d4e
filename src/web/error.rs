//! One error type for the HTTP layer, mapped once to an RFC 9457 `application/problem+json`
//! response. A 5xx cause chain is logged once; a user's own mistake is never logged.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use std::fmt;

/// An RFC 9457 problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary.
    pub title: String,
    /// The HTTP status.
    pub status: u16,
    /// What went wrong, in words for the person who sent the request.
    pub detail: String,
    /// The stable identifier of the rule broken, when one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The event at fault, when one applies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
}

/// An error an HTTP handler can return.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the request could not be read at all.
    BadRequest(String),
    /// 401: no or bad credentials.
    Unauthorized,
    /// 403: authenticated but not allowed.
    Forbidden(String),
    /// 404: no such thing.
    NotFound(String),
    /// 409: conflicts with what is stored.
    Conflict(String),
    /// 412: `If-Match` named a version that is no longer the latest.
    PreconditionFailed(String),
    /// 413: the request body is over the limit.
    PayloadTooLarge(String),
    /// 422: understood but refused by a rule.
    Unprocessable {
        /// The rule identifier.
        rule: String,
        /// The event at fault.
        event: Option<String>,
        /// What is wrong.
        detail: String,
    },
    /// 503: the database cannot take the change now (disk full, unreachable); nothing was
    /// saved and the request may be repeated.
    Unavailable(String),
    /// 500: our fault; the cause is logged, not shown.
    Unexpected(anyhow::Error),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::BadRequest(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::PreconditionFailed(m)
            | ApiError::PayloadTooLarge(m)
            | ApiError::Unavailable(m) => f.write_str(m),
            ApiError::Unauthorized => f.write_str("sign-in or a bearer token is required"),
            ApiError::Unprocessable { detail, .. } => f.write_str(detail),
            ApiError::Unexpected(e) => write!(f, "unexpected error: {e}"),
        }
    }
}

impl From<crate::domain::timeline::TimelineError> for ApiError {
    fn from(e: crate::domain::timeline::TimelineError) -> Self {
        ApiError::Unprocessable {
            rule: e.rule.to_owned(),
            event: e.event,
            detail: e.message,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            ApiError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unprocessable { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (rule, event, detail) = match self {
            ApiError::Unprocessable {
                rule,
                event,
                detail,
            } => (Some(rule.clone()), event.clone(), detail.clone()),
            ApiError::Unexpected(e) => {
                tracing::error!(error = format!("{e:#}"), "request failed");
                (
                    None,
                    None,
                    "an unexpected error occurred; it has been logged".to_owned(),
                )
            }
            other => (None, None, other.to_string()),
        };
        let problem = Problem {
            kind: match &rule {
                Some(r) => format!("https://section50.invalid/problems/{r}"),
                None => "about:blank".to_owned(),
            },
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            rule,
            event,
        };
        let mut builder = HttpResponse::build(status);
        if matches!(self, ApiError::Unauthorized) {
            builder.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if matches!(self, ApiError::Unavailable(_)) {
            builder.insert_header(("Retry-After", "60"));
        }
        builder
            .content_type("application/problem+json")
            .body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

impl From<crate::service::ServiceError> for ApiError {
    fn from(e: crate::service::ServiceError) -> Self {
        use crate::service::ServiceError as S;
        match e {
            S::NotFound(m) => ApiError::NotFound(m),
            S::Invalid {
                rule,
                event,
                message,
            } => ApiError::Unprocessable {
                rule,
                event,
                detail: message,
            },
            S::Forbidden(m) => ApiError::Forbidden(m),
            S::Conflict(m) => ApiError::Conflict(m),
            S::Stale(m) => ApiError::PreconditionFailed(m),
            S::Unavailable(m) => ApiError::Unavailable(m),
            S::Unexpected(e) => ApiError::Unexpected(e),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Unexpected(anyhow::anyhow!("worker thread failed: {e}"))
    }
}

impl From<crate::db::PoolError> for ApiError {
    /// No connection within the pool's wait: the service is overloaded or the database is
    /// unreachable. Either way nothing was done and the request may be repeated (503).
    fn from(e: crate::db::PoolError) -> Self {
        tracing::error!(error = %e, "no database connection available");
        ApiError::Unavailable(crate::service::STORAGE_BUSY.to_owned())
    }
}

/// A field of the request that could not be parsed.
pub fn invalid_field(field: &str, message: impl Into<String>) -> ApiError {
    ApiError::Unprocessable {
        rule: format!("invalid_{field}"),
        event: None,
        detail: message.into(),
    }
}

impl From<crate::domain::staff::Refusal> for ApiError {
    fn from(r: crate::domain::staff::Refusal) -> Self {
        ApiError::Forbidden(r.0)
    }
}

impl From<crate::domain::case::CaseError> for ApiError {
    fn from(e: crate::domain::case::CaseError) -> Self {
        crate::service::ServiceError::from(e).into()
    }
}
