//! API tokens for `Authorization: Bearer …`: each has a name and a lifetime chosen when it is
//! made (shown once; only a SHA-256 hash is stored), is listed on its owner's account page with
//! when it was made, last used and expires, and can be revoked one by one. An expired or
//! revoked token, or one of a deactivated account, belongs to nobody. The queries are
//! `db::users`.

use super::users::{random_secret, token_hash};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::NewApiToken;
use crate::db::users as db;
use crate::domain::parties::{EmailAddress, RequiredText};
use crate::domain::staff::{TokenLifetime, TokenStatus};
use chrono::{DateTime, Duration, NaiveDateTime, Utc};

/// How often a token's "last used" time is written: at most once an hour per token, so that a
/// busy API client does not turn every read into a write.
const LAST_USED_EVERY_MINUTES: i64 = 60;

/// A token to make: its name and how long it lasts.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    /// What it is for ("reporting script").
    pub name: RequiredText,
    /// How long it lasts.
    pub lifetime: TokenLifetime,
}

/// A token as its owner sees it on their account page (never the secret).
#[derive(Debug, Clone, serde::Serialize)]
pub struct TokenView {
    /// Identifier (to revoke it).
    pub id: i64,
    /// Its name.
    pub name: String,
    /// Made at.
    pub created_at: NaiveDateTime,
    /// Stops working at.
    pub expires_at: NaiveDateTime,
    /// Last used (to the hour), if ever.
    pub last_used_at: Option<NaiveDateTime>,
    /// Revoked at, if it was.
    pub revoked_at: Option<NaiveDateTime>,
    /// Active, expired or revoked, now.
    pub status: TokenStatus,
}

/// Makes a token for a member of staff inside the caller's transaction; returns the secret.
///
/// # Errors
/// Database failures.
pub(crate) fn issue_in(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    user_id: i64,
    request: &TokenRequest,
) -> Result<String, ServiceError> {
    let token = format!("s50_{}", random_secret(32));
    db::insert_token(
        conn,
        &NewApiToken {
            user_id,
            token_hash: &token_hash(&token),
            label: request.name.as_str(),
            created_at: stamp(now),
            expires_at: request.lifetime.expiry(stamp(now)),
        },
    )?;
    Ok(token)
}

/// Issues a new API token for an existing user from the command line (shown once).
///
/// # Errors
/// Not found.
pub fn issue_for(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    email: &EmailAddress,
    request: &TokenRequest,
) -> Result<String, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let user = db::by_email(conn, &email.account_key())?.ok_or_else(|| {
            ServiceError::NotFound(format!("there is no user {}", email.account_key()))
        })?;
        issue_in(conn, now, user.id, request)
    })
}

/// Makes a token for the actor (from their account page); returns the secret, shown once.
///
/// # Errors
/// Database failures.
pub fn create_own(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    request: &TokenRequest,
) -> Result<String, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let token = issue_in(conn, now, actor.user_id, request)?;
        super::authorities::audit(
            conn,
            actor,
            "token.create",
            &actor.user_id.to_string(),
            stamp(now),
        )?;
        Ok(token)
    })
}

/// The actor's tokens, newest first, with their status at `now`.
///
/// # Errors
/// Database failures.
pub fn own(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Vec<TokenView>, ServiceError> {
    Ok(db::tokens_of(conn, actor.user_id)?
        .into_iter()
        .map(|t| TokenView {
            status: TokenStatus::at(stamp(now), t.expires_at, t.revoked_at),
            id: t.id,
            name: t.label,
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        })
        .collect())
}

/// Revokes one of the actor's own tokens: it stops working at once.
///
/// # Errors
/// Not found when it is not theirs or is already revoked.
pub fn revoke_own(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
    token_id: i64,
) -> Result<(), ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        if !db::revoke_token(conn, actor.user_id, token_id, stamp(now))? {
            return Err(ServiceError::NotFound(
                "You have no live token with that number: it may have been revoked already"
                    .to_owned(),
            ));
        }
        super::authorities::audit(
            conn,
            actor,
            "token.revoke",
            &token_id.to_string(),
            stamp(now),
        )
    })
}

/// The active member of staff a bearer token belongs to, if it is live at `now`; records
/// when it was last used (at most once an hour; a failure to record that does not refuse
/// the request, and is logged).
///
/// # Errors
/// Unexpected database failures.
pub fn authenticate(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    token: &str,
) -> Result<Option<Actor>, ServiceError> {
    let at = stamp(now);
    let Some(owner) = db::by_token_hash(conn, &token_hash(token), at)? else {
        return Ok(None);
    };
    let stale = owner
        .last_used_at
        .is_none_or(|t| at - t >= Duration::minutes(LAST_USED_EVERY_MINUTES));
    if stale && let Err(e) = db::touch_token(conn, owner.token_id, at) {
        tracing::warn!(token_id = owner.token_id, error = %e, "token last-used time not recorded");
    }
    Ok(Some(owner.member.actor()))
}
