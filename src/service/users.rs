//! Staff accounts: adding users with a one-time password (argon2), API tokens (only a SHA-256
//! hash is stored; tokens are 256 random bits), and finding who a bearer token belongs to.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::{NewApiToken, NewUser, UserRow};
use crate::db::schema::{api_tokens, users};
use crate::domain::parties::{EmailAddress, RequiredText, Role};
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use base64::Engine;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A user just created, with the secrets shown once.
#[derive(Debug, Clone)]
pub struct CreatedUser {
    /// The new user's id.
    pub id: i64,
    /// The one-time password to give them.
    pub password: String,
    /// An API token, if one was asked for.
    pub token: Option<String>,
}

pub(crate) fn random_secret(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// Hashes a password with argon2id and a random salt.
///
/// # Errors
/// Unexpected hashing failures.
pub fn hash_password(password: &str) -> Result<String, ServiceError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("password hashing failed: {e}")))
}

/// Whether a password matches a stored hash.
#[must_use]
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

pub(crate) fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Adds a member of staff with a one-time password, and optionally an API token.
///
/// # Errors
/// Conflict when the email is taken.
pub fn add(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    email: &EmailAddress,
    name: &RequiredText,
    role: Role,
    with_token: bool,
) -> Result<CreatedUser, ServiceError> {
    let password = random_secret(12);
    let hash = hash_password(&password)?;
    conn.transaction(|conn| {
        let taken: i64 = users::table
            .filter(users::email.eq(email.as_str()))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ServiceError::Conflict(format!(
                "a user with the email {} already exists",
                email.as_str()
            )));
        }
        let id: i64 = diesel::insert_into(users::table)
            .values(&NewUser {
                email: email.as_str(),
                name: name.as_str(),
                role: role.slug(),
                password_hash: &hash,
                active: true,
                created_at: stamp(now),
            })
            .returning(users::id)
            .get_result(conn)?;
        let token = if with_token {
            Some(issue_token_in(conn, now, id, "created with the user")?)
        } else {
            None
        };
        Ok(CreatedUser {
            id,
            password,
            token,
        })
    })
}

fn issue_token_in(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    user_id: i64,
    label: &str,
) -> Result<String, ServiceError> {
    let token = format!("s50_{}", random_secret(32));
    diesel::insert_into(api_tokens::table)
        .values(&NewApiToken {
            user_id,
            token_hash: &token_hash(&token),
            label,
            created_at: stamp(now),
        })
        .execute(conn)?;
    Ok(token)
}

/// Issues a new API token for an existing user (shown once).
///
/// # Errors
/// Not found.
pub fn issue_token(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    email: &EmailAddress,
    label: &str,
) -> Result<String, ServiceError> {
    conn.transaction(|conn| {
        let user: UserRow = users::table
            .filter(users::email.eq(email.as_str()))
            .select(UserRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("there is no user {}", email.as_str()))
            })?;
        issue_token_in(conn, now, user.id, label)
    })
}

/// The active member of staff a bearer token belongs to, if any.
///
/// # Errors
/// Unexpected database failures.
pub fn authenticate_token(
    conn: &mut AnyConnection,
    token: &str,
) -> Result<Option<Actor>, ServiceError> {
    let found: Option<UserRow> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash(token)))
        .filter(api_tokens::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    Ok(found.and_then(|u| {
        Role::from_slug(&u.role).ok().map(|role| Actor {
            user_id: u.id,
            name: u.name,
            role,
        })
    }))
}

/// The name of the officer a case is allocated to, if any (and if they still exist).
///
/// # Errors
/// Unexpected database failures.
pub fn officer_name(
    conn: &mut AnyConnection,
    officer_id: Option<i64>,
) -> Result<Option<String>, ServiceError> {
    let Some(id) = officer_id else {
        return Ok(None);
    };
    Ok(users::table
        .find(id)
        .select(users::name)
        .first(conn)
        .optional()?)
}

/// A member of staff as administrators see them.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UserView {
    /// Identifier.
    pub id: i64,
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role identifier.
    pub role: String,
    /// Whether they can sign in.
    pub active: bool,
}

/// Every member of staff, by name.
///
/// # Errors
/// Forbidden unless an admin; unexpected database failures.
pub fn list(conn: &mut AnyConnection, actor: &Actor) -> Result<Vec<UserView>, ServiceError> {
    actor.require_admin("manage users")?;
    let rows: Vec<UserRow> = users::table
        .order(users::name.asc())
        .select(UserRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|u| UserView {
            id: u.id,
            email: u.email,
            name: u.name,
            role: u.role,
            active: u.active,
        })
        .collect())
}

/// Changes a member of staff's role and whether they can sign in. Deactivating someone closes
/// their sessions and revokes their API tokens in the same transaction. Admins cannot demote
/// or deactivate themselves (someone must always be able to manage users).
///
/// # Errors
/// Forbidden, not found, or an admin changing themselves.
pub fn update(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    user_id: i64,
    role: Role,
    active: bool,
) -> Result<(), ServiceError> {
    actor.require_admin("manage users")?;
    if user_id == actor.user_id && (role != Role::Admin || !active) {
        return Err(ServiceError::invalid(
            "self_demotion",
            "You cannot remove your own admin role or deactivate yourself; ask another admin",
        ));
    }
    conn.transaction(|conn| {
        let changed = diesel::update(users::table.find(user_id))
            .set((users::role.eq(role.slug()), users::active.eq(active)))
            .execute(conn)?;
        if changed == 0 {
            return Err(ServiceError::NotFound(format!(
                "there is no user {user_id}"
            )));
        }
        if !active {
            diesel::delete(
                crate::db::schema::sessions::table
                    .filter(crate::db::schema::sessions::user_id.eq(user_id)),
            )
            .execute(conn)?;
            diesel::update(
                api_tokens::table
                    .filter(api_tokens::user_id.eq(user_id))
                    .filter(api_tokens::revoked_at.is_null()),
            )
            .set(api_tokens::revoked_at.eq(stamp(now)))
            .execute(conn)?;
        }
        super::authorities::audit(conn, actor, "user.update", &user_id.to_string(), stamp(now))
    })
}

/// Gives a member of staff a new one-time password (returned once) and closes their sessions.
///
/// # Errors
/// Forbidden or not found.
pub fn reset_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    user_id: i64,
) -> Result<String, ServiceError> {
    actor.require_admin("reset passwords")?;
    let password = random_secret(12);
    let hash = hash_password(&password)?;
    conn.transaction(|conn| {
        let changed = diesel::update(users::table.find(user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        if changed == 0 {
            return Err(ServiceError::NotFound(format!(
                "there is no user {user_id}"
            )));
        }
        diesel::delete(
            crate::db::schema::sessions::table
                .filter(crate::db::schema::sessions::user_id.eq(user_id)),
        )
        .execute(conn)?;
        super::authorities::audit(
            conn,
            actor,
            "user.reset_password",
            &user_id.to_string(),
            stamp(now),
        )
    })?;
    Ok(password)
}

/// Changes one's own password after checking the current one.
///
/// # Errors
/// Invalid when the current password is wrong or the new one is shorter than 12 characters.
pub fn change_own_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    current: &str,
    new: &str,
) -> Result<(), ServiceError> {
    if new.chars().count() < 12 {
        return Err(ServiceError::invalid(
            "password_too_short",
            "Your new password must be 12 characters or more",
        ));
    }
    let stored: String = users::table
        .find(actor.user_id)
        .select(users::password_hash)
        .first(conn)?;
    if !verify_password(current, &stored) {
        return Err(ServiceError::invalid(
            "wrong_password",
            "Your current password is not correct",
        ));
    }
    let hash = hash_password(new)?;
    conn.transaction(|conn| {
        diesel::update(users::table.find(actor.user_id))
            .set(users::password_hash.eq(&hash))
            .execute(conn)?;
        super::authorities::audit(
            conn,
            actor,
            "user.change_password",
            &actor.user_id.to_string(),
            stamp(now),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_hash_and_nothing_else() {
        let hash = hash_password("correct horse").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
    }
}
