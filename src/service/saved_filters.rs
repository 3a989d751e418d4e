//! Saved filters of the case list: a member of staff names the list's filters to come back to
//! them, and deletes them; each person sees only their own.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::saved_filters as db;
use crate::domain::input::FILTER_NAME;
use chrono::{DateTime, Utc};

pub use crate::db::saved_filters::SavedFilter;

/// The most filters one person keeps.
pub const MAX_SAVED: usize = 50;

/// The actor's saved filters, by name.
///
/// # Errors
/// Database failures.
pub fn list(conn: &mut AnyConnection, actor: &Actor) -> Result<Vec<SavedFilter>, ServiceError> {
    Ok(db::of_user(conn, actor.user_id)?)
}

/// Saves the list's filters (`query`, its query string) under a name of the actor's.
///
/// # Errors
/// Invalid when the name is blank, too long or already used, or when they keep
/// [`MAX_SAVED`] already.
pub fn save(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    name: &str,
    query: &str,
) -> Result<(), ServiceError> {
    let name = FILTER_NAME
        .required(name)
        .map_err(|m| ServiceError::invalid("filter_name", m))?;
    crate::db::write_transaction(conn, |conn| {
        if db::name_taken(conn, actor.user_id, &name)? {
            return Err(ServiceError::invalid(
                "filter_name",
                format!(
                    "you already have a filter called \u{201c}{name}\u{201d}: choose another name"
                ),
            ));
        }
        if db::of_user(conn, actor.user_id)?.len() >= MAX_SAVED {
            return Err(ServiceError::invalid(
                "filter_name",
                format!("you can keep {MAX_SAVED} filters: delete one you no longer use first"),
            ));
        }
        Ok(db::insert(conn, actor.user_id, &name, query, stamp(now))?)
    })
}

/// One of the actor's filters.
///
/// # Errors
/// Not found (also another person's).
pub fn get(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Result<SavedFilter, ServiceError> {
    db::find(conn, actor.user_id, id)?
        .ok_or_else(|| ServiceError::NotFound("there is no such saved filter".to_owned()))
}

/// Deletes one of the actor's filters.
///
/// # Errors
/// Not found (also another person's).
pub fn delete(conn: &mut AnyConnection, actor: &Actor, id: i64) -> Result<(), ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        if db::delete(conn, actor.user_id, id)? {
            Ok(())
        } else {
            Err(ServiceError::NotFound(
                "there is no such saved filter".to_owned(),
            ))
        }
    })
}
