//! The API's view of a paragraph library entry: the JSON `GET /api/v1/library` and
//! `PUT /api/v1/library/{key}` send.

use crate::service::library::EntryView as Entry;
use serde::Serialize;

/// A library entry as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EntryView {
    /// "s31:not_upheld".
    pub key: String,
    /// 0 for the built-in text, then 1, 2 … for each edit.
    pub version: i32,
    /// The sub-heading it goes under.
    pub heading: String,
    /// The text with `{placeholders}`.
    pub text: String,
    /// How many issued notices used it.
    pub uses: i64,
}

impl From<&Entry> for EntryView {
    fn from(e: &Entry) -> Self {
        EntryView {
            key: e.key.clone(),
            version: e.version,
            heading: e.heading.clone(),
            text: e.text.clone(),
            uses: e.uses,
        }
    }
}
