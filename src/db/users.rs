//! Storage of staff accounts and their API tokens: every query on `users` and `api_tokens`,
//! and the one place a stored role is parsed (a role that does not parse is an error, never a
//! silent default or a user quietly left out). Email addresses are stored and looked up in
//! their account form ([`crate::domain::parties::account_email_key`]); a unique index on
//! `lower(email)` keeps one account per mailbox on both backends.

use super::rows::{NewApiToken, NewUser, TokenRow, UserRow};
use super::schema::{api_tokens, sessions, users};
use super::{AnyConnection, unreadable};
use crate::domain::parties::Role;
use crate::domain::staff::Actor;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;

/// A member of staff as stored, the role parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
    /// Identifier.
    pub id: i64,
    /// Email address.
    pub email: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// The argon2 hash of their password.
    pub password_hash: String,
    /// Whether they can sign in.
    pub active: bool,
    /// Whether their password is a one-time password (issued by `user add` or an admin's
    /// reset) that must be replaced at its first sign-in.
    pub password_one_time: bool,
    /// When the one-time password opened its one session (it is spent from then on).
    pub one_time_used_at: Option<NaiveDateTime>,
}

impl StaffMember {
    /// The member of staff as the actor of a call.
    #[must_use]
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// A stored user in domain terms.
///
/// # Errors
/// A stored role that does not parse.
pub fn parse(row: UserRow) -> Result<StaffMember, DbError> {
    Ok(StaffMember {
        role: Role::from_slug(&row.role).map_err(|_| unreadable("users", "role", &row.role))?,
        id: row.id,
        email: row.email,
        name: row.name,
        password_hash: row.password_hash,
        active: row.active,
        password_one_time: row.password_one_time,
        one_time_used_at: row.one_time_used_at,
    })
}

/// Whether an email address (in its account form) has an account.
///
/// # Errors
/// Database failures.
pub fn email_taken(conn: &mut AnyConnection, email: &str) -> Result<bool, DbError> {
    let n: i64 = users::table
        .filter(users::email.eq(email))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// Stores a new member of staff; returns the id.
///
/// # Errors
/// Database failures (a taken email among them).
pub fn insert(conn: &mut AnyConnection, user: &NewUser<'_>) -> Result<i64, DbError> {
    diesel::insert_into(users::table)
        .values(user)
        .returning(users::id)
        .get_result(conn)
}

/// Stores an API token's hash.
///
/// # Errors
/// Database failures.
pub fn insert_token(conn: &mut AnyConnection, token: &NewApiToken<'_>) -> Result<(), DbError> {
    diesel::insert_into(api_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

/// The member of staff with an email address in its account form (active or not).
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn by_email(conn: &mut AnyConnection, email: &str) -> Result<Option<StaffMember>, DbError> {
    users::table
        .filter(users::email.eq(email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// The member of staff with an id (active or not).
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn by_id(conn: &mut AnyConnection, id: i64) -> Result<Option<StaffMember>, DbError> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .map(parse)
        .transpose()
}

/// A live API token and whose it is.
#[derive(Debug, Clone)]
pub struct TokenOwner {
    /// The active member of staff it belongs to.
    pub member: StaffMember,
    /// The token's id.
    pub token_id: i64,
    /// When it was last used, if that was recorded.
    pub last_used_at: Option<NaiveDateTime>,
}

/// The active member of staff an API token (by its hash) belongs to, when the token is neither
/// revoked nor expired at `at`.
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
    at: NaiveDateTime,
) -> Result<Option<TokenOwner>, DbError> {
    let found: Option<(UserRow, i64, Option<NaiveDateTime>)> = api_tokens::table
        .inner_join(users::table)
        .filter(api_tokens::token_hash.eq(token_hash))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.gt(at))
        .filter(users::active.eq(true))
        .select((
            UserRow::as_select(),
            api_tokens::id,
            api_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?;
    found
        .map(|(row, token_id, last_used_at)| {
            Ok(TokenOwner {
                member: parse(row)?,
                token_id,
                last_used_at,
            })
        })
        .transpose()
}

/// Records that a token was used at `at`, in a transaction of its own (a savepoint inside
/// another), so that a refused write (a read-only database) leaves the caller's work
/// untouched.
///
/// # Errors
/// Database failures.
pub fn touch_token(
    conn: &mut AnyConnection,
    token_id: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    super::write_transaction(conn, |conn| {
        diesel::update(api_tokens::table.find(token_id))
            .set(api_tokens::last_used_at.eq(Some(at)))
            .execute(conn)
            .map(|_| ())
    })
}

/// A member of staff's API tokens (live, expired and revoked), newest first.
///
/// # Errors
/// Database failures.
pub fn tokens_of(conn: &mut AnyConnection, user_id: i64) -> Result<Vec<TokenRow>, DbError> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .order((api_tokens::created_at.desc(), api_tokens::id.desc()))
        .select(TokenRow::as_select())
        .load(conn)
}

/// Revokes one of a member of staff's unrevoked tokens; returns whether there was one.
///
/// # Errors
/// Database failures.
pub fn revoke_token(
    conn: &mut AnyConnection,
    user_id: i64,
    token_id: i64,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id))
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// A member of staff's name, if they exist.
///
/// # Errors
/// Database failures.
pub fn name_of(conn: &mut AnyConnection, id: i64) -> Result<Option<String>, DbError> {
    users::table
        .find(id)
        .select(users::name)
        .first(conn)
        .optional()
}

/// Every member of staff's name by id.
///
/// # Errors
/// Database failures.
pub fn names(conn: &mut AnyConnection) -> Result<HashMap<i64, String>, DbError> {
    Ok(users::table
        .select((users::id, users::name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect())
}

/// Every member of staff, by name.
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn list(conn: &mut AnyConnection) -> Result<Vec<StaffMember>, DbError> {
    users::table
        .order(users::name.asc())
        .select(UserRow::as_select())
        .load(conn)?
        .into_iter()
        .map(parse)
        .collect()
}

/// Active members of staff with one of the roles.
///
/// # Errors
/// Database failures; a stored role that does not parse.
pub fn active_with_roles(
    conn: &mut AnyConnection,
    roles: &[Role],
) -> Result<Vec<StaffMember>, DbError> {
    let slugs: Vec<&str> = roles.iter().map(|r| r.slug()).collect();
    users::table
        .filter(users::active.eq(true))
        .filter(users::role.eq_any(slugs))
        .order(users::id.asc())
        .select(UserRow::as_select())
        .load(conn)?
        .into_iter()
        .map(parse)
        .collect()
}

/// Sets a member of staff's role and whether they can sign in; returns whether they exist.
///
/// # Errors
/// Database failures.
pub fn set_role(
    conn: &mut AnyConnection,
    id: i64,
    role: Role,
    active: bool,
) -> Result<bool, DbError> {
    let changed = diesel::update(users::table.find(id))
        .set((users::role.eq(role.slug()), users::active.eq(active)))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Sets a member of staff's password hash, one-time (`user add`, an admin's reset: not yet
/// used) or chosen by them; returns whether they exist.
///
/// # Errors
/// Database failures.
pub fn set_password(
    conn: &mut AnyConnection,
    id: i64,
    hash: &str,
    one_time: bool,
) -> Result<bool, DbError> {
    let changed = diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::password_one_time.eq(one_time),
            users::one_time_used_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

/// Spends a member of staff's unused one-time password at `at`; returns whether it was still
/// unused (false when another sign-in spent it first: the condition is in the update, so two
/// parallel sign-ins cannot both use it).
///
/// # Errors
/// Database failures.
pub fn spend_one_time(
    conn: &mut AnyConnection,
    id: i64,
    at: NaiveDateTime,
) -> Result<bool, DbError> {
    let changed = diesel::update(
        users::table
            .find(id)
            .filter(users::password_one_time.eq(true))
            .filter(users::one_time_used_at.is_null()),
    )
    .set(users::one_time_used_at.eq(Some(at)))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Closes every session of a member of staff.
///
/// # Errors
/// Database failures.
pub fn close_sessions(conn: &mut AnyConnection, user_id: i64) -> Result<(), DbError> {
    diesel::delete(sessions::table.filter(sessions::user_id.eq(user_id))).execute(conn)?;
    Ok(())
}

/// Closes every session of a member of staff but the one whose cookie secret has this hash.
///
/// # Errors
/// Database failures.
pub fn close_other_sessions(
    conn: &mut AnyConnection,
    user_id: i64,
    keep_token_hash: &str,
) -> Result<(), DbError> {
    diesel::delete(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::token_hash.ne(keep_token_hash)),
    )
    .execute(conn)?;
    Ok(())
}

/// Revokes every live API token of a member of staff.
///
/// # Errors
/// Database failures.
pub fn revoke_tokens(
    conn: &mut AnyConnection,
    user_id: i64,
    at: NaiveDateTime,
) -> Result<(), DbError> {
    diesel::update(
        api_tokens::table
            .filter(api_tokens::user_id.eq(user_id))
            .filter(api_tokens::revoked_at.is_null()),
    )
    .set(api_tokens::revoked_at.eq(at))
    .execute(conn)?;
    Ok(())
}
