//! Browser sign-in: checking a password, opening and closing sessions, and slowing down
//! password guessing. Sessions are rows (so any instance of the service can serve any
//! request); the cookie carries a random secret of which only a SHA-256 hash is stored, and each
//! session has its own CSRF token for the forms it shows. The queries are `db::sessions`.

use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::sessions::{self as db, NewSession};
use crate::domain::input::{EMAIL, PASSWORD_MAX};
use crate::domain::parties::account_email_key;
use chrono::{DateTime, Duration, Utc};

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
    /// Whether a one-time password opened it: the session can only choose a new password.
    pub must_choose_password: bool,
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
    /// The right one-time password, used before: it opened its one session already.
    #[error(
        "This one-time password has already been used. Ask an admin to reset your password: they will give you a new one-time password"
    )]
    OneTimeSpent,
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
    /// Whether they signed in with a one-time password not yet replaced: every page but
    /// choosing a new one (and signing out) sends them there.
    pub must_choose_password: bool,
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
    // The form accounts are stored in: an address typed with capitals finds its account, and
    // the lockout counts every spelling of one mailbox together.
    let email = account_email_key(email);
    if EMAIL.check(&email).is_err() {
        // No account has such an address (too long, or with control characters): nothing to
        // count or look up, and nothing of it is stored.
        tracing::warn!(target: "security", event = "sign_in_failed", "sign-in refused: an address no account can have");
        return Ok(Err(SignInRefused::BadCredentials));
    }
    let at = stamp(now);
    let since = at - Duration::minutes(LOCKOUT_MINUTES);
    // The attempt is counted before the password is checked, atomically, so parallel guesses
    // cannot all pass the check: at most MAX_FAILURES passwords are tried per window.
    if db::reserve_attempt(conn, &email, at, since, MAX_FAILURES)? > MAX_FAILURES {
        // Security events carry no address or name: they are personal data.
        tracing::warn!(target: "security", event = "sign_in_locked_out", "sign-in refused: too many failures");
        return Ok(Err(SignInRefused::LockedOut));
    }
    let user = crate::db::users::by_email(conn, &email)?.filter(|u| u.active);
    // Verify against a fixed hash when there is no such user, so that timing does not tell
    // which addresses have accounts. A password longer than any accepted is wrong without
    // hashing it (argon2 over a megabyte would cost the server).
    let matches = match &user {
        _ if password.chars().count() > PASSWORD_MAX => false,
        Some(u) => super::users::verify_password(password, &u.password_hash),
        None => {
            let _ = super::users::verify_password(password, &UNKNOWN_USER_HASH);
            false
        }
    };
    let Some(user) = user.filter(|_| matches) else {
        // The reserved attempt stays as the failure.
        tracing::warn!(target: "security", event = "sign_in_failed", "sign-in refused: wrong address or password");
        return Ok(Err(SignInRefused::BadCredentials));
    };
    if user.password_one_time && user.one_time_used_at.is_some() {
        return one_time_spent(conn, &user, at);
    }
    match open_session(conn, &user, &email, at)? {
        Some(opened) => Ok(Ok(opened)),
        None => one_time_spent(conn, &user, at),
    }
}

/// Opens a session for a member of staff whose password matched, clearing their failures;
/// `None` when their one-time password was spent meanwhile by another sign-in.
fn open_session(
    conn: &mut AnyConnection,
    user: &crate::db::users::StaffMember,
    email: &str,
    at: chrono::NaiveDateTime,
) -> Result<Option<OpenedSession>, ServiceError> {
    let secret = super::users::random_secret(32);
    let csrf_token = super::users::random_secret(24);
    let opened = crate::db::write_transaction(conn, |conn| -> Result<bool, ServiceError> {
        // A one-time password is spent by the sign-in it opens, in the same transaction: of
        // two sign-ins racing with it, one opens a session and the other is refused.
        if user.password_one_time && !crate::db::users::spend_one_time(conn, user.id, at)? {
            return Ok(false);
        }
        db::clear_failures(conn, email)?;
        db::open(
            conn,
            at,
            &NewSession {
                token_hash: &super::users::token_hash(&secret),
                user_id: user.id,
                csrf_token: &csrf_token,
                created_at: at,
                expires_at: at + Duration::hours(SESSION_HOURS),
            },
        )?;
        super::authorities::audit(
            conn,
            &user.actor(),
            if user.password_one_time {
                "session.sign_in_one_time_password"
            } else {
                "session.sign_in"
            },
            &user.id.to_string(),
            at,
        )?;
        Ok(true)
    })?;
    Ok(opened.then_some(OpenedSession {
        secret,
        csrf_token,
        must_choose_password: user.password_one_time,
    }))
}

/// Refuses a one-time password used a second time; the attempt stays counted as a failure,
/// and the audit log records it (a second use may be someone else's).
fn one_time_spent(
    conn: &mut AnyConnection,
    user: &crate::db::users::StaffMember,
    at: chrono::NaiveDateTime,
) -> Result<Result<OpenedSession, SignInRefused>, ServiceError> {
    tracing::warn!(target: "security", event = "one_time_password_reused", "sign-in refused: a one-time password used before");
    crate::db::write_transaction(conn, |conn| {
        super::authorities::audit(
            conn,
            &user.actor(),
            "session.one_time_password_reused",
            &user.id.to_string(),
            at,
        )
    })?;
    Ok(Err(SignInRefused::OneTimeSpent))
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
    let found = db::find(conn, &super::users::token_hash(secret), stamp(now))?;
    Ok(found.map(|(u, csrf_token)| SessionUser {
        actor: u.actor(),
        must_choose_password: u.password_one_time,
        email: u.email,
        csrf_token,
    }))
}

/// Closes a session (signing out). Closing an unknown session does nothing.
///
/// # Errors
/// Unexpected database failures.
pub fn sign_out(conn: &mut AnyConnection, secret: &str) -> Result<(), ServiceError> {
    Ok(db::close(conn, &super::users::token_hash(secret))?)
}
