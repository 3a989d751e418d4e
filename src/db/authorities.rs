//! Storage of public authorities (and the complainant's contact details, the other party):
//! every query on `authorities`, their rows parsed into [`Authority`] once, here.

use super::AnyConnection;
pub use super::authority_search::{COUNT_CAP, list};
use super::caseload::lower;
use super::rows::{AuthorityRow, NewAuthority};
use super::schema::{authorities, complainants};
use crate::domain::authority::{Authority, Complainant};
use crate::domain::parties::{Nation, Sector};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// A stored authority in domain terms.
///
/// # Errors
/// A stored sector or nation that does not parse.
pub fn parse(row: AuthorityRow) -> Result<Authority, DbError> {
    let unreadable = |what: &str, value: &str| {
        DbError::DeserializationError(
            format!("authorities: stored {what} \"{value}\" is not known").into(),
        )
    };
    Ok(Authority {
        sector: Sector::from_slug(&row.sector).map_err(|_| unreadable("sector", &row.sector))?,
        nation: Nation::from_slug(&row.nation).map_err(|_| unreadable("nation", &row.nation))?,
        id: row.id,
        formal_name: row.formal_name,
        short_name: row.short_name,
        address: row.address,
        foi_email: row.foi_email,
        article: row.article,
        s53_certificate: row.s53_certificate,
    })
}

/// Stores a new authority; returns it as stored.
///
/// # Errors
/// Database failures.
pub fn insert(conn: &mut AnyConnection, row: &NewAuthority<'_>) -> Result<Authority, DbError> {
    let id: i64 = diesel::insert_into(authorities::table)
        .values(row)
        .returning(authorities::id)
        .get_result(conn)?;
    find(conn, id)?.ok_or(DbError::NotFound)
}

/// When an authority was first stored, if it exists.
///
/// # Errors
/// Database failures.
pub fn created_at(conn: &mut AnyConnection, id: i64) -> Result<Option<NaiveDateTime>, DbError> {
    authorities::table
        .find(id)
        .select(authorities::created_at)
        .first(conn)
        .optional()
}

/// Replaces an authority's columns; returns it as stored.
///
/// # Errors
/// Database failures; not found.
pub fn update(
    conn: &mut AnyConnection,
    id: i64,
    row: &NewAuthority<'_>,
) -> Result<Authority, DbError> {
    diesel::update(authorities::table.find(id))
        .set(row)
        .execute(conn)?;
    find(conn, id)?.ok_or(DbError::NotFound)
}

/// One authority.
///
/// # Errors
/// Database failures; a stored sector or nation that does not parse.
pub fn find(conn: &mut AnyConnection, id: i64) -> Result<Option<Authority>, DbError> {
    authorities::table
        .find(id)
        .select(AuthorityRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// Some authorities by id.
///
/// # Errors
/// Database failures; a stored sector or nation that does not parse.
pub fn by_ids(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, Authority>, DbError> {
    authorities::table
        .filter(authorities::id.eq_any(ids))
        .select(AuthorityRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|r| parse(r).map(|a| (a.id, a)))
        .collect()
}

/// Some authorities' short names by id.
///
/// # Errors
/// Database failures.
pub fn short_names(conn: &mut AnyConnection, ids: &[i64]) -> Result<HashMap<i64, String>, DbError> {
    Ok(authorities::table
        .filter(authorities::id.eq_any(ids))
        .select((authorities::id, authorities::short_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// The authorities whose formal name is `formal_name`, ignoring case and outer spaces (the
/// import's key).
///
/// # Errors
/// Database failures; a stored sector or nation that does not parse.
pub fn by_formal_name(
    conn: &mut AnyConnection,
    formal_name: &str,
) -> Result<Vec<Authority>, DbError> {
    authorities::table
        .filter(lower(authorities::formal_name).eq(formal_name.trim().to_lowercase()))
        .order(authorities::id.asc())
        .select(AuthorityRow::as_select())
        .load(conn)?
        .into_iter()
        .map(parse)
        .collect()
}

/// A complainant's contact details.
///
/// # Errors
/// Database failures; not found.
pub fn complainant(conn: &mut AnyConnection, id: i64) -> Result<Complainant, DbError> {
    let (name, email, postal_address): (String, Option<String>, String) = complainants::table
        .find(id)
        .select((
            complainants::name,
            complainants::email,
            complainants::postal_address,
        ))
        .first(conn)?;
    Ok(Complainant {
        name,
        email,
        postal_address,
    })
}
