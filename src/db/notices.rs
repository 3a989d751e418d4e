//! Storage of decision notices: every saved version of a case's notice (its JSON, its workflow
//! state, the frozen PDF once issued), the provisions an issued notice decided, and the
//! versions' history. Stored states are parsed into [`NoticeState`] once, here.

use super::AnyConnection;
use super::schema::{notice_provisions, notice_versions, users};
use crate::domain::notice::{Notice, NoticeState};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;

#[derive(Queryable, Selectable)]
#[diesel(table_name = notice_versions)]
struct VersionRow {
    id: i64,
    version: i32,
    body: String,
    state: String,
    comment: Option<String>,
    pdf_sha256: Option<String>,
}

/// One stored version of a notice.
#[derive(Debug, Clone)]
pub struct StoredVersion {
    /// Row id.
    pub id: i64,
    /// Version number (every save is one).
    pub version: i32,
    /// The notice.
    pub notice: Notice,
    /// Its workflow state.
    pub state: NoticeState,
    /// The manager's comment when returned.
    pub comment: Option<String>,
    /// SHA-256 of the issued PDF.
    pub pdf_sha256: Option<String>,
}

fn parse_state(text: &str) -> Result<NoticeState, DbError> {
    NoticeState::from_slug(text).ok_or_else(|| {
        DbError::DeserializationError(
            format!("notice_versions: stored state \"{text}\" is not known").into(),
        )
    })
}

fn parse(row: VersionRow) -> Result<StoredVersion, DbError> {
    let notice = serde_json::from_str(&row.body).map_err(|e| {
        DbError::DeserializationError(format!("stored notice {}: {e}", row.id).into())
    })?;
    Ok(StoredVersion {
        state: parse_state(&row.state)?,
        id: row.id,
        version: row.version,
        notice,
        comment: row.comment,
        pdf_sha256: row.pdf_sha256,
    })
}

/// The latest version of a case's notice.
///
/// # Errors
/// Database failures; a stored version that does not parse.
pub fn latest(conn: &mut AnyConnection, case_id: i64) -> Result<Option<StoredVersion>, DbError> {
    notice_versions::table
        .filter(notice_versions::case_id.eq(case_id))
        .order(notice_versions::version.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// One version by number.
///
/// # Errors
/// Database failures; a stored version that does not parse.
pub fn version(
    conn: &mut AnyConnection,
    case_id: i64,
    number: i32,
) -> Result<Option<StoredVersion>, DbError> {
    notice_versions::table
        .filter(notice_versions::case_id.eq(case_id))
        .filter(notice_versions::version.eq(number))
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// A version about to be written.
pub struct NewVersion<'a> {
    /// Its number.
    pub version: i32,
    /// The notice.
    pub notice: &'a Notice,
    /// Its state.
    pub state: NoticeState,
    /// The manager's comment.
    pub comment: Option<&'a str>,
    /// The frozen PDF and its SHA-256, when issued.
    pub pdf: Option<(&'a [u8], &'a str)>,
    /// Who saved it.
    pub created_by: i64,
    /// When.
    pub created_at: NaiveDateTime,
}

/// Writes a version; returns its row id.
///
/// # Errors
/// Database failures.
pub fn insert(
    conn: &mut AnyConnection,
    case_id: i64,
    new: &NewVersion<'_>,
) -> Result<i64, DbError> {
    let body =
        serde_json::to_string(new.notice).map_err(|e| DbError::SerializationError(e.into()))?;
    diesel::insert_into(notice_versions::table)
        .values((
            notice_versions::case_id.eq(case_id),
            notice_versions::version.eq(new.version),
            notice_versions::body.eq(body),
            notice_versions::state.eq(new.state.slug()),
            notice_versions::comment.eq(new.comment),
            notice_versions::pdf.eq(new.pdf.map(|(b, _)| b.to_vec())),
            notice_versions::pdf_sha256.eq(new.pdf.map(|(_, h)| h.to_owned())),
            notice_versions::created_by.eq(Some(new.created_by)),
            notice_versions::created_at.eq(new.created_at),
        ))
        .execute(conn)?;
    notice_versions::table
        .filter(notice_versions::case_id.eq(case_id))
        .filter(notice_versions::version.eq(new.version))
        .select(notice_versions::id)
        .first(conn)
}

/// The frozen PDF of a version.
///
/// # Errors
/// Database failures.
pub fn pdf(conn: &mut AnyConnection, version_id: i64) -> Result<Option<Vec<u8>>, DbError> {
    notice_versions::table
        .find(version_id)
        .select(notice_versions::pdf)
        .first(conn)
}

/// Records the provisions an issued notice decided.
///
/// # Errors
/// Database failures.
pub fn insert_provisions(
    conn: &mut AnyConnection,
    case_id: i64,
    version_id: i64,
    notice: &Notice,
) -> Result<(), DbError> {
    for p in &notice.provisions {
        diesel::insert_into(notice_provisions::table)
            .values((
                notice_provisions::case_id.eq(case_id),
                notice_provisions::notice_version_id.eq(version_id),
                notice_provisions::provision.eq(p.provision.as_str()),
                notice_provisions::outcome.eq(p.outcome.slug()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The provisions the case's latest issued notice decided, in the notice's order (none when no
/// notice was issued through the workflow).
///
/// # Errors
/// Database failures.
pub fn issued_provisions(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<String>, DbError> {
    let latest: Option<i64> = notice_provisions::table
        .filter(notice_provisions::case_id.eq(case_id))
        .select(diesel::dsl::max(notice_provisions::notice_version_id))
        .first(conn)?;
    let Some(version_id) = latest else {
        return Ok(Vec::new());
    };
    Ok(super::register::decided_provisions(conn, version_id)?
        .into_iter()
        .map(|(provision, _)| provision)
        .collect())
}

/// One saved version in the notice's history.
#[derive(Debug, Clone, serde::Serialize)]
pub struct VersionSummary {
    /// Its number.
    pub version: i32,
    /// The state it was saved in.
    pub state: NoticeState,
    /// The manager's comment, when returned.
    pub comment: Option<String>,
    /// Who saved it.
    pub by: Option<String>,
    /// When (UTC).
    pub at: NaiveDateTime,
}

/// Version, state, comment, author's name, saved at.
type VersionColumns = (i32, String, Option<String>, Option<String>, NaiveDateTime);

/// Every version of a case's notice, newest first, with its author's name.
///
/// # Errors
/// Database failures; a stored state that does not parse.
pub fn history(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<VersionSummary>, DbError> {
    let rows: Vec<VersionColumns> = notice_versions::table
        .left_join(users::table.on(notice_versions::created_by.eq(users::id.nullable())))
        .filter(notice_versions::case_id.eq(case_id))
        .order(notice_versions::version.desc())
        .select((
            notice_versions::version,
            notice_versions::state,
            notice_versions::comment,
            users::name.nullable(),
            notice_versions::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(version, state, comment, by, at)| {
            Ok(VersionSummary {
                version,
                state: parse_state(&state)?,
                comment,
                by,
                at,
            })
        })
        .collect()
}

/// Who wrote the text of a case's notice: the authors of every version saved as a draft
/// (drafting, saving, editing, restoring), without repeats.
///
/// # Errors
/// Database failures.
pub fn editors(conn: &mut AnyConnection, case_id: i64) -> Result<Vec<i64>, DbError> {
    let ids: Vec<Option<i64>> = notice_versions::table
        .filter(notice_versions::case_id.eq(case_id))
        .filter(notice_versions::state.eq(NoticeState::Draft.slug()))
        .select(notice_versions::created_by)
        .distinct()
        .load(conn)?;
    Ok(ids.into_iter().flatten().collect())
}

/// A notice waiting for a manager's approval.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AwaitingApproval {
    /// The case.
    pub reference: String,
    /// The version submitted.
    pub version: i32,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// When (UTC).
    pub submitted_at: NaiveDateTime,
    /// The public authority's full name.
    pub authority: String,
}

/// Every notice whose latest version is submitted, oldest submission first.
///
/// # Errors
/// Database failures.
pub fn awaiting_approval(conn: &mut AnyConnection) -> Result<Vec<AwaitingApproval>, DbError> {
    use super::schema::{authorities, cases};
    let latest = diesel::alias!(notice_versions as later);
    let rows: Vec<(String, i32, Option<String>, NaiveDateTime)> = notice_versions::table
        .inner_join(cases::table)
        .left_join(users::table.on(notice_versions::created_by.eq(users::id.nullable())))
        .filter(notice_versions::state.eq(NoticeState::Submitted.slug()))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            latest
                .filter(
                    latest
                        .field(notice_versions::case_id)
                        .eq(notice_versions::case_id),
                )
                .filter(
                    latest
                        .field(notice_versions::version)
                        .gt(notice_versions::version),
                ),
        )))
        .order(notice_versions::created_at.asc())
        .select((
            cases::reference,
            notice_versions::version,
            users::name.nullable(),
            notice_versions::created_at,
        ))
        .load(conn)?;
    // The authorities' names, by case (a second query: the queue is short).
    let references: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let names: std::collections::HashMap<String, String> = cases::table
        .inner_join(authorities::table)
        .filter(cases::reference.eq_any(references))
        .select((cases::reference, authorities::formal_name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(reference, version, submitted_by, submitted_at)| AwaitingApproval {
                authority: names.get(&reference).cloned().unwrap_or_default(),
                reference,
                version,
                submitted_by,
                submitted_at,
            },
        )
        .collect())
}

/// Which copy a download link gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadCopy {
    /// The published notice (the authority's copy).
    Published,
    /// The parties' copy, with the complainant's details.
    Party,
}

impl DownloadCopy {
    fn slug(self) -> &'static str {
        match self {
            DownloadCopy::Published => "published",
            DownloadCopy::Party => "party",
        }
    }
}

/// Records a download link's hash for an issued version.
///
/// # Errors
/// Database failures.
pub fn insert_download(
    conn: &mut AnyConnection,
    token_hash: &str,
    case_id: i64,
    version_id: i64,
    copy: DownloadCopy,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    use super::schema::notice_downloads as d;
    diesel::insert_into(d::table)
        .values((
            d::token_hash.eq(token_hash),
            d::case_id.eq(case_id),
            d::notice_version_id.eq(version_id),
            d::copy.eq(copy.slug()),
            d::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The case, version row and copy a download link's hash gives.
///
/// # Errors
/// Database failures; a stored copy that is not known.
pub fn download(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<(i64, i64, DownloadCopy)>, DbError> {
    use super::schema::notice_downloads as d;
    let row: Option<(i64, i64, String)> = d::table
        .filter(d::token_hash.eq(token_hash))
        .select((d::case_id, d::notice_version_id, d::copy))
        .first(conn)
        .optional()?;
    row.map(|(case, version, copy)| {
        let copy = match copy.as_str() {
            "published" => DownloadCopy::Published,
            "party" => DownloadCopy::Party,
            other => return Err(super::unreadable("notice_downloads", "copy", other)),
        };
        Ok((case, version, copy))
    })
    .transpose()
}

/// A version by its row id.
///
/// # Errors
/// Database failures; a stored version that does not parse.
pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<StoredVersion>, DbError> {
    notice_versions::table
        .find(id)
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}
