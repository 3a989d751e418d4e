//! The paragraph library as staff use it: the built-in entries overlaid with managers' edits
//! (every edit a new version), how often each is used in issued notices, and an entry filled
//! from a case ready to insert into its notice. The queries are `db::library`.

use super::cases::{Context, detail};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::library as db;
use crate::domain::input;
use crate::domain::notice::checks::long_date;
use crate::domain::notice::{Block, Notice, Part, Run};
use crate::domain::paragraphs::{Outcome, fill, library};
use crate::domain::parties::CaseReference;
use serde::Serialize;
use std::collections::BTreeMap;

/// The placeholders an entry may use.
pub const PLACEHOLDERS: &[&str] = &[
    "authority_short",
    "authority_name",
    "request_date",
    "response_date",
    "review_requested_date",
    "review_completed_date",
    "complaint_date",
    "regulator",
];

/// A library entry as staff see it.
#[derive(Debug, Clone, Serialize)]
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

/// Every entry at its latest version.
///
/// # Errors
/// Database failures.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<EntryView>, ServiceError> {
    let mut entries: BTreeMap<String, EntryView> = library()
        .into_iter()
        .map(|e| {
            (
                e.key.clone(),
                EntryView {
                    key: e.key,
                    version: 0,
                    heading: e.heading.to_owned(),
                    text: e.text,
                    uses: 0,
                },
            )
        })
        .collect();
    // Edits come by key and version: the last of a key overlays the built-in text.
    for e in db::edits(conn)? {
        entries.insert(
            e.key.clone(),
            EntryView {
                key: e.key,
                version: e.version,
                heading: e.heading,
                text: e.body,
                uses: 0,
            },
        );
    }
    let uses = db::usage(conn)?;
    Ok(entries
        .into_values()
        .map(|mut e| {
            e.uses = uses.get(&e.key).copied().unwrap_or(0);
            e
        })
        .collect())
}

/// Saves a manager's edit (or a new entry) as the next version of its key.
///
/// # Errors
/// Forbidden for officers; invalid key or text.
pub fn edit(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    key: &str,
    heading: &str,
    text: &str,
) -> Result<EntryView, ServiceError> {
    actor.require_manager("edit the paragraph library")?;
    let (provision, outcome) = key.split_once(':').ok_or_else(|| {
        ServiceError::invalid(
            "invalid_key",
            "a library key is provision:outcome, e.g. s31:not_upheld",
        )
    })?;
    input::PROVISION
        .check(provision)
        .map_err(|m| ServiceError::invalid("invalid_key", m))?;
    if provision.trim().is_empty() || !Outcome::ALL.iter().any(|o| o.slug() == outcome) {
        return Err(ServiceError::invalid(
            "invalid_key",
            "a library key is provision:outcome with outcome upheld, partly_upheld or not_upheld",
        ));
    }
    let heading = input::LIBRARY_HEADING
        .required(heading)
        .map_err(|m| ServiceError::invalid("invalid_text", m))?;
    let text = input::LIBRARY_TEXT
        .required(text)
        .map_err(|m| ServiceError::invalid("invalid_text", m))?;
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        db::insert_edit(conn, key, &heading, &text, actor.user_id, stamp(now))?;
        super::authorities::audit(conn, actor, "library.edit", key, stamp(now))?;
        Ok(())
    })?;
    list(conn)?
        .into_iter()
        .find(|e| e.key == key)
        .ok_or_else(|| ServiceError::Unexpected(anyhow::anyhow!("library entry {key} vanished")))
}

/// A library entry filled from the case, as blocks ready to insert into its notice.
///
/// # Errors
/// Not found for an unknown key or case.
pub fn paragraph_for_case(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    key: &str,
    regulator: &str,
) -> Result<Vec<Block>, ServiceError> {
    let case = detail(conn, ctx, reference)?;
    let entry = list(conn)?
        .into_iter()
        .find(|e| e.key == key)
        .ok_or_else(|| ServiceError::NotFound(format!("the library has no entry {key}")))?;
    let effective = case.case.effective();
    let date_of = |kind: &str| {
        effective
            .iter()
            .find(|e| e.kind.slug() == kind)
            .map(|e| long_date(e.date))
            .unwrap_or_default()
    };
    let mut values: BTreeMap<&str, String> = BTreeMap::new();
    values.insert("authority_short", case.authority.short_name.clone());
    values.insert("authority_name", case.authority.formal_name.clone());
    values.insert("request_date", date_of("request_received"));
    values.insert("response_date", date_of("response_sent"));
    values.insert(
        "review_requested_date",
        date_of("internal_review_requested"),
    );
    values.insert(
        "review_completed_date",
        date_of("internal_review_completed"),
    );
    values.insert("complaint_date", date_of("complaint_received"));
    values.insert("regulator", regulator.to_owned());
    let text = fill(&entry.text, &values);
    Ok(vec![
        Block::Subheading {
            text: entry.heading,
        },
        Block::Paragraph {
            label: None,
            numbered: true,
            source: Some(format!("library:{key}")),
            parts: vec![Part::Text {
                runs: vec![Run::text(text)],
            }],
        },
    ])
}

/// Records the library paragraphs of an issued notice (inside the issuing transaction).
///
/// # Errors
/// Database failures.
pub fn record_usage(
    conn: &mut AnyConnection,
    notice: &Notice,
    case_id: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    for section in &notice.sections {
        for block in &section.blocks {
            if let Block::Paragraph {
                source: Some(source),
                ..
            } = block
                && let Some(key) = source.strip_prefix("library:")
            {
                db::record_usage(conn, key, case_id, stamp(now))?;
            }
        }
    }
    Ok(())
}
