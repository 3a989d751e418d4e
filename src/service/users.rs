//! Staff accounts: adding users with a one-time password (argon2; it opens one session, which
//! must choose a new password: `choose_first_password`), one account per mailbox
//! (addresses compared in their account form, whatever their case), changing and resetting
//! passwords (which ends the user's other sessions; a reset also revokes their API tokens),
//! deactivating (which also turns off their calendar link for good). Tokens are
//! `service::tokens`. The queries are `db::users`.

use super::tokens::{self, TokenRequest};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::NewUser;
use crate::db::users as db;
use crate::domain::input::PASSWORD_MAX;
use crate::domain::parties::{EmailAddress, RequiredText, Role};
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use base64::Engine;
use chrono::{DateTime, Utc};
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

/// Adds a member of staff with a one-time password, and optionally an API token. The address
/// is stored in its account form: `Ann@x.org` and `ann@x.org` are one account.
///
/// # Errors
/// Conflict when the email is taken (in any case).
pub fn add(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    email: &EmailAddress,
    name: &RequiredText,
    role: Role,
    token: Option<&TokenRequest>,
) -> Result<CreatedUser, ServiceError> {
    let password = random_secret(12);
    let hash = hash_password(&password)?;
    let key = email.account_key();
    crate::db::write_transaction(conn, |conn| {
        if db::email_taken(conn, &key)? {
            return Err(ServiceError::Conflict(format!(
                "a user with the email {key} already exists"
            )));
        }
        let id = db::insert(
            conn,
            &NewUser {
                email: &key,
                name: name.as_str(),
                role: role.slug(),
                password_hash: &hash,
                active: true,
                created_at: stamp(now),
                password_one_time: true,
            },
        )?;
        let token = token
            .map(|t| tokens::issue_in(conn, now, id, t))
            .transpose()?;
        Ok(CreatedUser {
            id,
            password,
            token,
        })
    })
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
    Ok(db::name_of(conn, id)?)
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
    /// Role.
    pub role: Role,
    /// Whether they can sign in.
    pub active: bool,
}

/// Every member of staff, by name.
///
/// # Errors
/// Forbidden unless an admin; unexpected database failures.
pub fn list(conn: &mut AnyConnection, actor: &Actor) -> Result<Vec<UserView>, ServiceError> {
    actor.require_admin("manage users")?;
    Ok(db::list(conn)?
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
/// their sessions and revokes their API tokens and calendar link in the same transaction. Admins cannot demote
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
    crate::db::write_transaction(conn, |conn| {
        if !db::set_role(conn, user_id, role, active)? {
            return Err(ServiceError::NotFound(format!(
                "there is no user {user_id}"
            )));
        }
        if !active {
            // Everything that lets them in ends now and does not come back if they are
            // reactivated: they sign in again, make new tokens and a new calendar link.
            db::close_sessions(conn, user_id)?;
            db::revoke_tokens(conn, user_id, stamp(now))?;
            crate::db::calendar::revoke(conn, user_id, stamp(now))?;
        }
        super::authorities::audit(conn, actor, "user.update", &user_id.to_string(), stamp(now))
    })
}

/// Gives a member of staff a new one-time password (returned once, with their address; it
/// must be replaced at its first sign-in and works only once), closes every session of
/// theirs and revokes their API tokens: whoever knew the old password (or took a token made
/// with it) is out.
///
/// # Errors
/// Forbidden or not found.
pub fn reset_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    user_id: i64,
) -> Result<IssuedPassword, ServiceError> {
    actor.require_admin("reset passwords")?;
    let password = random_secret(12);
    let hash = hash_password(&password)?;
    let email = crate::db::write_transaction(conn, |conn| {
        let Some(user) = db::by_id(conn, user_id)? else {
            return Err(ServiceError::NotFound(format!(
                "there is no user {user_id}"
            )));
        };
        db::set_password(conn, user_id, &hash, true)?;
        db::close_sessions(conn, user_id)?;
        db::revoke_tokens(conn, user_id, stamp(now))?;
        super::authorities::audit(
            conn,
            actor,
            "user.reset_password",
            &user_id.to_string(),
            stamp(now),
        )?;
        Ok(user.email)
    })?;
    Ok(IssuedPassword { email, password })
}

/// A one-time password an admin's reset issued, shown once, and whose account it opens.
#[derive(Debug, Clone)]
pub struct IssuedPassword {
    /// The account's email address.
    pub email: String,
    /// The one-time password.
    pub password: String,
}

/// Changes one's own password after checking the current one, and closes every other session
/// of theirs (another browser left signed in, or one someone else opened with the old
/// password); the session with the cookie secret `keep_session` stays open.
///
/// # Errors
/// Invalid when the current password is wrong or the new one is shorter than 12 or longer
/// than [`PASSWORD_MAX`] characters.
pub fn change_own_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    current: &str,
    new: &str,
    keep_session: &str,
) -> Result<(), ServiceError> {
    check_new_password(new)?;
    let stored = db::by_id(conn, actor.user_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no user {}", actor.user_id)))?;
    if current.chars().count() > PASSWORD_MAX || !verify_password(current, &stored.password_hash) {
        return Err(ServiceError::invalid(
            "wrong_password",
            "Your current password is not correct",
        ));
    }
    set_own_password(conn, actor, now, new, keep_session, "user.change_password")
}

/// A new password's length checked: 12 characters or more, [`PASSWORD_MAX`] at most.
fn check_new_password(new: &str) -> Result<(), ServiceError> {
    let length = new.chars().count();
    if length < 12 {
        return Err(ServiceError::invalid(
            "password_too_short",
            "Your new password must be 12 characters or more",
        ));
    }
    if length > PASSWORD_MAX {
        return Err(ServiceError::invalid(
            "password_too_long",
            format!("Your new password must be {PASSWORD_MAX} characters or fewer"),
        ));
    }
    Ok(())
}

/// Replaces a one-time password at its first sign-in with one the member of staff chooses.
/// The session that the one-time password opened is the proof (the one-time password itself
/// is spent and not asked for again); every other session of theirs ends. The new password
/// must not be the one-time password.
///
/// # Errors
/// Invalid when their password is no longer one-time (already chosen), or the new one is too
/// short, too long or the one-time password again.
pub fn choose_first_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    new: &str,
    keep_session: &str,
) -> Result<(), ServiceError> {
    check_new_password(new)?;
    let stored = db::by_id(conn, actor.user_id)?
        .ok_or_else(|| ServiceError::NotFound(format!("there is no user {}", actor.user_id)))?;
    if !stored.password_one_time {
        return Err(ServiceError::invalid(
            "password_already_chosen",
            "You have already chosen your password; change it under Account",
        ));
    }
    if verify_password(new, &stored.password_hash) {
        return Err(ServiceError::invalid(
            "password_is_one_time",
            "Choose a password of your own, not the one-time password you were given",
        ));
    }
    set_own_password(conn, actor, now, new, keep_session, "user.choose_password")
}

/// Stores `new` as the actor's own password, ends their other sessions and audits `action`: the
/// one tail of changing a password and of choosing the first one.
fn set_own_password(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    new: &str,
    keep_session: &str,
    action: &str,
) -> Result<(), ServiceError> {
    let hash = hash_password(new)?;
    crate::db::write_transaction(conn, |conn| {
        db::set_password(conn, actor.user_id, &hash, false)?;
        db::close_other_sessions(conn, actor.user_id, &token_hash(keep_session))?;
        super::authorities::audit(conn, actor, action, &actor.user_id.to_string(), stamp(now))
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
