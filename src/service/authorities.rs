//! Public authorities: create, list, show, update (managers and admins change them).

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::{AuthorityRow, NewAudit, NewAuthority};
use crate::db::schema::{audit_log, authorities};
use crate::domain::parties::{EmailAddress, Nation, RequiredText, Sector};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;

/// A public authority as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuthorityView {
    /// Identifier.
    pub id: i64,
    /// Formal name, as in a decision notice ("Commissioner of Police of the Metropolis").
    pub formal_name: String,
    /// Short name ("the MPS").
    pub short_name: String,
    /// Postal address.
    pub address: String,
    /// Sector.
    pub sector: String,
    /// Nation.
    pub nation: String,
    /// FOI contact email.
    pub foi_email: Option<String>,
}

impl From<AuthorityRow> for AuthorityView {
    fn from(r: AuthorityRow) -> Self {
        AuthorityView {
            id: r.id,
            formal_name: r.formal_name,
            short_name: r.short_name,
            address: r.address,
            sector: r.sector,
            nation: r.nation,
            foi_email: r.foi_email,
        }
    }
}

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

/// Creates an authority.
///
/// # Errors
/// Forbidden for officers; unexpected database failures.
pub fn create(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    input: &AuthorityInput,
) -> Result<AuthorityView, ServiceError> {
    actor.require_manager("add public authorities")?;
    conn.transaction(|conn| {
        let at = stamp(now);
        let id: i64 = diesel::insert_into(authorities::table)
            .values(&new_row(input, at))
            .returning(authorities::id)
            .get_result(conn)?;
        audit(
            conn,
            actor,
            "authority.create",
            &format!("authority {id}"),
            at,
        )?;
        Ok(authorities::table
            .find(id)
            .select(AuthorityRow::as_select())
            .first(conn)?
            .into())
    })
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
) -> Result<AuthorityView, ServiceError> {
    actor.require_manager("change public authorities")?;
    conn.transaction(|conn| {
        let at = stamp(now);
        let existing: AuthorityRow = authorities::table
            .find(id)
            .select(AuthorityRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ServiceError::NotFound(format!("there is no public authority {id}")))?;
        let mut row = new_row(input, at);
        row.created_at = existing.created_at;
        diesel::update(authorities::table.find(id))
            .set(&row)
            .execute(conn)?;
        audit(
            conn,
            actor,
            "authority.update",
            &format!("authority {id}"),
            at,
        )?;
        Ok(authorities::table
            .find(id)
            .select(AuthorityRow::as_select())
            .first(conn)?
            .into())
    })
}

/// Lists authorities by short name, optionally filtered by a name fragment.
///
/// # Errors
/// Unexpected database failures.
pub fn list(
    conn: &mut AnyConnection,
    name: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<(Vec<AuthorityView>, i64), ServiceError> {
    let mut query = authorities::table.into_boxed();
    let mut count = authorities::table.into_boxed();
    if let Some(n) = name.filter(|n| !n.trim().is_empty()) {
        let pattern = format!("%{}%", n.trim().replace(['%', '_'], ""));
        query = query.filter(
            authorities::short_name
                .like(pattern.clone())
                .or(authorities::formal_name.like(pattern.clone())),
        );
        count = count.filter(
            authorities::short_name
                .like(pattern.clone())
                .or(authorities::formal_name.like(pattern)),
        );
    }
    let total: i64 = count.count().get_result(conn)?;
    let rows: Vec<AuthorityRow> = query
        .order((authorities::short_name.asc(), authorities::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(AuthorityRow::as_select())
        .load(conn)?;
    Ok((rows.into_iter().map(Into::into).collect(), total))
}

/// One authority.
///
/// # Errors
/// Not found.
pub fn get(conn: &mut AnyConnection, id: i64) -> Result<AuthorityView, ServiceError> {
    authorities::table
        .find(id)
        .select(AuthorityRow::as_select())
        .first(conn)
        .optional()?
        .map(Into::into)
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
    diesel::insert_into(audit_log::table)
        .values(&NewAudit {
            actor_id: Some(actor.user_id),
            action,
            subject,
            recorded_at: at,
        })
        .execute(conn)?;
    Ok(())
}
