//! Public authorities: create, list, show, update (managers and admins change them), in domain
//! terms ([`Authority`]); and the audit log every change writes to. The queries are
//! `db::authorities` and `db::audit`.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::authorities as db;
use crate::db::rows::NewAuthority;
use crate::domain::authority::Authority;
use crate::domain::parties::{EmailAddress, Nation, RequiredText, Sector};
use chrono::{DateTime, Utc};
use diesel::prelude::*;

/// A parsed authority, ready to store.
#[derive(Debug, Clone)]
pub struct AuthorityInput {
    /// Formal name.
    pub formal_name: RequiredText,
    /// Short name.
    pub short_name: RequiredText,
    /// Postal address (may be empty).
    pub address: String,
    /// Sector.
    pub sector: Sector,
    /// Nation.
    pub nation: Nation,
    /// FOI contact email.
    pub foi_email: Option<EmailAddress>,
}

fn new_row(input: &AuthorityInput, at: chrono::NaiveDateTime) -> NewAuthority<'_> {
    NewAuthority {
        formal_name: input.formal_name.as_str(),
        short_name: input.short_name.as_str(),
        address: &input.address,
        sector: input.sector.slug(),
        nation: input.nation.slug(),
        foi_email: input.foi_email.as_ref().map(EmailAddress::as_str),
        created_at: at,
        updated_at: at,
    }
}

/// Creates an authority.
///
/// # Errors
/// Forbidden for officers; unexpected database failures.
pub fn create(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &AuthorityInput,
) -> Result<Authority, ServiceError> {
    actor.require_manager("add public authorities")?;
    conn.transaction(|conn| {
        let at = stamp(now);
        let created = db::insert(conn, &new_row(input, at))?;
        audit(
            conn,
            actor,
            "authority.create",
            &format!("authority {}", created.id),
            at,
        )?;
        Ok(created)
    })
}

/// Updates an authority.
///
/// # Errors
/// Forbidden for officers; not found.
pub fn update(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    id: i64,
    input: &AuthorityInput,
) -> Result<Authority, ServiceError> {
    actor.require_manager("change public authorities")?;
    conn.transaction(|conn| {
        let at = stamp(now);
        let created_at = db::created_at(conn, id)?
            .ok_or_else(|| ServiceError::NotFound(format!("there is no public authority {id}")))?;
        let mut row = new_row(input, at);
        row.created_at = created_at;
        let updated = db::update(conn, id, &row)?;
        audit(
            conn,
            actor,
            "authority.update",
            &format!("authority {id}"),
            at,
        )?;
        Ok(updated)
    })
}

/// Lists authorities by short name, optionally filtered by a name fragment, with how many
/// match in all.
///
/// # Errors
/// Unexpected database failures.
pub fn list(
    conn: &mut AnyConnection,
    name: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<Authority>, i64), ServiceError> {
    Ok(db::list(conn, name, limit, offset)?)
}

/// One authority.
///
/// # Errors
/// Not found.
pub fn get(conn: &mut AnyConnection, id: i64) -> Result<Authority, ServiceError> {
    db::find(conn, id)?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no public authority {id}")))
}

/// Records who did what (never personal data: subjects are ids and references).
///
/// # Errors
/// Database failures.
pub fn audit(
    conn: &mut AnyConnection,
    actor: &Actor,
    action: &str,
    subject: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ServiceError> {
    Ok(crate::db::audit::record(
        conn,
        Some(actor.user_id),
        action,
        subject,
        at,
    )?)
}
