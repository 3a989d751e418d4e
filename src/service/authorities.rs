//! Public authorities: create, list, show, update (managers and admins change them), in domain
//! terms ([`Authority`]); and the audit log every change writes to. The queries are
//! `db::authorities` and `db::audit`.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::authorities as db;
use crate::db::rows::NewAuthority;
use crate::domain::authority::Authority;
use crate::domain::input;
use crate::domain::parties::{EmailAddress, Nation, RequiredText, Sector};
use chrono::{DateTime, Utc};

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
    /// The article before the short name ("the", or empty).
    pub article: String,
    /// Whether it may issue a ministerial certificate under FOIA s53.
    pub s53_certificate: bool,
}

/// An authority as typed (a form, a CSV row), before parsing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorityFields {
    /// Formal name.
    pub formal_name: String,
    /// Short name.
    pub short_name: String,
    /// Article ("the" or empty).
    pub article: String,
    /// Sector slug.
    pub sector: String,
    /// Nation slug.
    pub nation: String,
    /// FOI email (may be empty).
    pub foi_email: String,
    /// Postal address (may be empty).
    pub address: String,
    /// s53 certificate: yes/no, true/false, 1/0; empty is no.
    pub s53_certificate: String,
}

/// Which typed field is wrong, and why (in words for the person who typed it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name (as in [`AuthorityFields`]).
    pub field: &'static str,
    /// Why.
    pub message: String,
}

impl AuthorityFields {
    /// Parses every field, returning all the problems at once.
    ///
    /// # Errors
    /// Each field that does not parse, in the order of the fields.
    pub fn parse(&self) -> Result<AuthorityInput, Vec<FieldError>> {
        let mut errors = Vec::new();
        let e = &mut errors;
        let formal_name = take(
            e,
            "formal_name",
            RequiredText::of(&input::FORMAL_NAME, &self.formal_name),
        );
        let short_name = take(
            e,
            "short_name",
            RequiredText::of(&input::SHORT_NAME, &self.short_name),
        );
        let article = input::ARTICLE.optional(&self.article).and_then(|a| {
            if a.contains(char::is_whitespace) {
                Err("the article must be one word (like \"the\") or empty".to_owned())
            } else {
                Ok(a)
            }
        });
        let article = take(e, "article", article);
        let address = take(
            e,
            "address",
            input::AUTHORITY_ADDRESS.optional(&self.address),
        );
        let sector = take(e, "sector", Sector::from_slug(self.sector.trim()));
        let nation = take(e, "nation", Nation::from_slug(self.nation.trim()));
        let foi_email = Some(self.foi_email.trim())
            .filter(|e| !e.is_empty())
            .map(EmailAddress::parse)
            .transpose();
        let foi_email = take(e, "foi_email", foi_email);
        let s53 = take(e, "s53_certificate", parse_yes_no(&self.s53_certificate));
        match (
            formal_name,
            short_name,
            article,
            address,
            sector,
            nation,
            foi_email,
            s53,
        ) {
            (
                Some(formal_name),
                Some(short_name),
                Some(article),
                Some(address),
                Some(sector),
                Some(nation),
                Some(foi_email),
                Some(s53_certificate),
            ) => Ok(AuthorityInput {
                formal_name,
                short_name,
                address,
                sector,
                nation,
                foi_email,
                article,
                s53_certificate,
            }),
            _ => Err(errors),
        }
    }
}

/// The value of a field that parsed, or `None` with its error recorded (so that a form's every
/// problem is shown at once).
pub(crate) fn take<T>(
    errors: &mut Vec<FieldError>,
    field: &'static str,
    parsed: Result<T, String>,
) -> Option<T> {
    parsed
        .map_err(|message| errors.push(FieldError { field, message }))
        .ok()
}

/// yes/no, true/false, 1/0 in any case; empty is no.
///
/// # Errors
/// Anything else, in words.
pub fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" | "" => Ok(false),
        other => Err(format!("\"{other}\" is not yes or no")),
    }
}

/// What importing one authority did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// It was new.
    Added,
    /// It existed (same formal name, any case) and some field changed.
    Updated,
    /// It existed exactly so.
    Unchanged,
}

/// Adds or updates one authority by its formal name (case-insensitive), from the command line
/// (a trusted operator: no actor; the audit log records no user).
///
/// # Errors
/// Conflict when two stored authorities already share the formal name (which to update is not
/// for an import to guess); unexpected database failures.
pub fn import(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    input: &AuthorityInput,
) -> Result<Imported, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let at = stamp(now);
        let found = db::by_formal_name(conn, input.formal_name.as_str())?;
        let (outcome, id) = match found.as_slice() {
            [] => (Imported::Added, db::insert(conn, &new_row(input, at))?.id),
            [existing] if same(existing, input) => return Ok(Imported::Unchanged),
            [existing] => {
                let mut row = new_row(input, at);
                row.created_at = db::created_at(conn, existing.id)?.unwrap_or(at);
                db::update(conn, existing.id, &row)?;
                (Imported::Updated, existing.id)
            }
            _ => {
                return Err(ServiceError::Conflict(format!(
                    "{} authorities are already called \"{}\"; change them on the Authorities pages",
                    found.len(),
                    input.formal_name.as_str()
                )));
            }
        };
        let action = match outcome {
            Imported::Added => "authority.import.create",
            _ => "authority.import.update",
        };
        crate::db::audit::record(conn, None, action, &format!("authority {id}"), at)?;
        Ok(outcome)
    })
}

fn same(a: &Authority, input: &AuthorityInput) -> bool {
    a.formal_name == input.formal_name.as_str()
        && a.short_name == input.short_name.as_str()
        && a.address == input.address
        && a.sector == input.sector
        && a.nation == input.nation
        && a.foi_email.as_deref() == input.foi_email.as_ref().map(EmailAddress::as_str)
        && a.article == input.article
        && a.s53_certificate == input.s53_certificate
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
        article: &input.article,
        s53_certificate: input.s53_certificate,
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
    crate::db::write_transaction(conn, |conn| {
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
    crate::db::write_transaction(conn, |conn| {
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
    if let Some(words) = name {
        input::SEARCH
            .check(words)
            .map_err(|m| ServiceError::invalid("search_refused", m))?;
    }
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
