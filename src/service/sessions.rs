//! Browser sign-in: checking a password, opening and closing sessions, and slowing down
//! password guessing. Sessions are rows (so any instance of the service can serve any
//! request); the cookie carries a random secret of which only a SHA-256 hash is stored, and each
//! session has its own CSRF token for the forms it shows.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::UserRow;
use crate::db::schema::{sessions, sign_in_failures, users};
use crate::domain::parties::Role;
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;

/// How long a session lasts from sign-in: one long working day.
pub const SESSION_HOURS: i64 = 12;
/// Failed attempts allowed for one email address within [`LOCKOUT_MINUTES`].
pub const MAX_FAILURES: i64 = 5;
/// The window over which failures are counted, and how long a locked address waits.
pub const LOCKOUT_MINUTES: i64 = 15;

/// A session just opened: the secret for the cookie (shown once) and its CSRF token.
#[derive(Debug, Clone)]
pub struct OpenedSession {
    /// The cookie value.
    pub secret: String,
    /// The token every form of this session carries.
    pub csrf_token: String,
}

/// Why a sign-in was refused, in words for the person signing in.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignInRefused {
    /// Wrong email or password (deliberately not saying which).
    #[error("Enter a correct email address and password")]
    BadCredentials,
    /// Too many failures for this address recently.
    #[error(
        "There have been too many failed attempts to sign in with this email address. Wait 15 minutes and try again"
    )]
    LockedOut,
}

/// A signed-in member of staff and their session's CSRF token.
#[derive(Debug, Clone)]
pub struct SessionUser {
    /// Who they are.
    pub actor: Actor,
    /// Their email address (shown in the header).
    pub email: String,
    /// The CSRF token of this session.
    pub csrf_token: String,
}

fn normalised(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Checks an email and password and opens a session.
///
/// A refusal is recorded (outside any other work) so that repeated guessing locks the address
/// for [`LOCKOUT_MINUTES`], on every instance of the service.
///
/// # Errors
/// `Ok(Err(..))` for a refused sign-in; `Err` for unexpected database failures.
pub fn sign_in(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    email: &str,
    password: &str,
) -> Result<Result<OpenedSession, SignInRefused>, ServiceError> {
    let email = normalised(email);
    let at = stamp(now);
    let since = at - Duration::minutes(LOCKOUT_MINUTES);
    let failures: i64 = sign_in_failures::table
        .filter(sign_in_failures::email.eq(&email))
        .filter(sign_in_failures::failed_at.gt(since))
        .count()
        .get_result(conn)?;
    if failures >= MAX_FAILURES {
        return Ok(Err(SignInRefused::LockedOut));
    }
    let user: Option<UserRow> = users::table
        .filter(users::email.eq(&email))
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    // Verify against a fixed hash when there is no such user, so that timing does not tell
    // which addresses have accounts.
    let matches = match &user {
        Some(u) => super::users::verify_password(password, &u.password_hash),
        None => {
            let _ = super::users::verify_password(password, &UNKNOWN_USER_HASH);
            false
        }
    };
    let Some(user) = user.filter(|_| matches) else {
        diesel::insert_into(sign_in_failures::table)
            .values((
                sign_in_failures::email.eq(&email),
                sign_in_failures::failed_at.eq(at),
            ))
            .execute(conn)?;
        return Ok(Err(SignInRefused::BadCredentials));
    };
    let secret = super::users::random_secret(32);
    let csrf_token = super::users::random_secret(24);
    conn.transaction(|conn| -> Result<(), ServiceError> {
        diesel::delete(sign_in_failures::table.filter(sign_in_failures::email.eq(&email)))
            .execute(conn)?;
        // Expired sessions of anyone are removed as new ones open: the table stays small.
        diesel::delete(sessions::table.filter(sessions::expires_at.lt(at))).execute(conn)?;
        diesel::insert_into(sessions::table)
            .values((
                sessions::token_hash.eq(super::users::token_hash(&secret)),
                sessions::user_id.eq(user.id),
                sessions::csrf_token.eq(&csrf_token),
                sessions::created_at.eq(at),
                sessions::expires_at.eq(at + Duration::hours(SESSION_HOURS)),
            ))
            .execute(conn)?;
        let actor = Actor {
            user_id: user.id,
            name: user.name.clone(),
            role: Role::from_slug(&user.role).unwrap_or(Role::Officer),
        };
        super::authorities::audit(conn, &actor, "session.sign_in", &user.id.to_string(), at)?;
        Ok(())
    })?;
    Ok(Ok(OpenedSession { secret, csrf_token }))
}

/// An argon2id hash of a random password nobody knows, verified against when the email has no
/// account (made once per process).
static UNKNOWN_USER_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    super::users::hash_password(&super::users::random_secret(16)).unwrap_or_default()
});

/// The member of staff a session cookie belongs to, if the session is open and they are active.
///
/// # Errors
/// Unexpected database failures.
pub fn find(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    secret: &str,
) -> Result<Option<SessionUser>, ServiceError> {
    let found: Option<(UserRow, String)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::token_hash.eq(super::users::token_hash(secret)))
        .filter(sessions::expires_at.gt(stamp(now)))
        .filter(users::active.eq(true))
        .select((UserRow::as_select(), sessions::csrf_token))
        .first(conn)
        .optional()?;
    Ok(found.and_then(|(u, csrf_token)| {
        Role::from_slug(&u.role).ok().map(|role| SessionUser {
            actor: Actor {
                user_id: u.id,
                name: u.name,
                role,
            },
            email: u.email,
            csrf_token,
        })
    }))
}

/// Closes a session (signing out). Closing an unknown session does nothing.
///
/// # Errors
/// Unexpected database failures.
pub fn sign_out(conn: &mut AnyConnection, secret: &str) -> Result<(), ServiceError> {
    diesel::delete(
        sessions::table.filter(sessions::token_hash.eq(super::users::token_hash(secret))),
    )
    .execute(conn)?;
    Ok(())
}
