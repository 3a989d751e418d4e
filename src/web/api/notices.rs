//! The API's decision-notice types (their JSON and OpenAPI schemas), built from the service's
//! records.

use crate::domain::notice::{Finding, Notice};
use crate::service::notices::NoticeRecord;
use serde::Serialize;

/// A notice version as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    /// The case.
    pub reference: String,
    /// Version number (every save is one).
    pub version: i32,
    /// draft, submitted, approved, returned or issued.
    pub state: String,
    /// The manager's comment when returned.
    pub comment: Option<String>,
    /// The notice.
    #[schema(value_type = Object)]
    pub notice: Notice,
    /// What blocks issuing.
    #[schema(value_type = Vec<Object>)]
    pub findings: Vec<Finding>,
    /// SHA-256 of the issued PDF.
    pub pdf_sha256: Option<String>,
}

impl From<NoticeRecord> for NoticeView {
    fn from(r: NoticeRecord) -> Self {
        NoticeView {
            reference: r.reference,
            version: r.stored.version,
            state: r.stored.state.slug().to_owned(),
            comment: r.stored.comment,
            notice: r.stored.notice,
            findings: r.findings,
            pdf_sha256: r.stored.pdf_sha256,
        }
    }
}
