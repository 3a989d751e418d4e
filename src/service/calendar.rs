//! Private calendar feeds: an officer makes a secret link (shown once) that calendar programs
//! poll for the deadlines of their open cases; making a new one or turning it off revokes the
//! old link at once.

use super::reminders::evaluate_cases;
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::{CaseRow, UserRow};
use crate::db::schema::{authorities, calendar_feeds, cases, users};
use crate::domain::calendar::Calendars;
use crate::domain::deadline::{DeadlineKind, Status};
use crate::domain::ical::{AllDayEvent, calendar};
use crate::domain::settings::ClockSettings;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use std::collections::HashMap;

/// Makes a new feed link for the actor (revoking any earlier one); returns its secret once.
///
/// # Errors
/// Database failures.
pub fn create(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let secret = format!("cal_{}", super::users::random_secret(32));
    conn.transaction(|conn| {
        revoke_in(conn, actor.user_id, stamp(now))?;
        diesel::insert_into(calendar_feeds::table)
            .values((
                calendar_feeds::user_id.eq(actor.user_id),
                calendar_feeds::token_hash.eq(super::users::token_hash(&secret)),
                calendar_feeds::created_at.eq(stamp(now)),
            ))
            .execute(conn)?;
        super::authorities::audit(
            conn,
            actor,
            "calendar.create",
            &actor.user_id.to_string(),
            stamp(now),
        )
    })?;
    Ok(secret)
}

fn revoke_in(
    conn: &mut AnyConnection,
    user_id: i64,
    at: NaiveDateTime,
) -> Result<(), ServiceError> {
    diesel::update(
        calendar_feeds::table
            .filter(calendar_feeds::user_id.eq(user_id))
            .filter(calendar_feeds::revoked_at.is_null()),
    )
    .set(calendar_feeds::revoked_at.eq(Some(at)))
    .execute(conn)?;
    Ok(())
}

/// Turns the actor's feed link off.
///
/// # Errors
/// Database failures.
pub fn revoke(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    conn.transaction(|conn| {
        revoke_in(conn, actor.user_id, stamp(now))?;
        super::authorities::audit(
            conn,
            actor,
            "calendar.revoke",
            &actor.user_id.to_string(),
            stamp(now),
        )
    })
}

/// Whether the actor has a live feed link.
///
/// # Errors
/// Database failures.
pub fn has_feed(conn: &mut AnyConnection, actor: &Actor) -> Result<bool, ServiceError> {
    let n: i64 = calendar_feeds::table
        .filter(calendar_feeds::user_id.eq(actor.user_id))
        .filter(calendar_feeds::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The feed behind a secret: the active member of staff's open cases' current deadlines as an
/// iCalendar document, or `None` for an unknown or revoked link.
///
/// # Errors
/// Database failures or a case that no longer replays.
pub fn feed(
    conn: &mut AnyConnection,
    secret: &str,
    settings: &ClockSettings,
    calendars: &Calendars,
    today: NaiveDate,
    now: DateTime<Utc>,
    public_url: &str,
) -> Result<Option<String>, ServiceError> {
    let owner: Option<UserRow> = calendar_feeds::table
        .inner_join(users::table)
        .filter(calendar_feeds::token_hash.eq(super::users::token_hash(secret)))
        .filter(calendar_feeds::revoked_at.is_null())
        .filter(users::active.eq(true))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    let Some(owner) = owner else { return Ok(None) };
    // The cases allocated to the owner, whatever their role: a manager's whole caseload would
    // be thousands of entries nobody can read in a calendar.
    let open: Vec<CaseRow> = cases::table
        .filter(cases::officer_id.eq(owner.id))
        .filter(cases::closed_on.is_null())
        .select(CaseRow::as_select())
        .load(conn)?;
    let names: HashMap<i64, String> = authorities::table
        .filter(authorities::id.eq_any(open.iter().map(|c| c.authority_id).collect::<Vec<_>>()))
        .select((authorities::id, authorities::short_name))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    let mut events = Vec::new();
    for (case, state) in evaluate_cases(conn, open, settings, calendars, today)? {
        for d in &state.evaluation.deadlines {
            let Some(date) = d.date else { continue };
            let live = matches!(
                d.status,
                Status::Pending | Status::DueToday | Status::Overdue
            );
            if !live || (d.kind == DeadlineKind::Guideline && !d.officer_watches()) {
                continue;
            }
            let authority = names.get(&case.authority_id).cloned().unwrap_or_default();
            events.push(AllDayEvent {
                uid: format!("{}-{}@section50", case.reference, d.name.slug()),
                date,
                summary: format!("{}: {} ({authority})", case.reference, d.name.label()),
                description: format!("{}\n{}", d.basis, d.rule),
                url: Some(format!("{public_url}/cases/{}", case.reference)),
            });
        }
    }
    events.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.uid.cmp(&b.uid)));
    Ok(Some(calendar(
        &format!("section50: {}", owner.name),
        stamp(now),
        &events,
    )))
}
