//! Private calendar feeds: an officer makes a secret link (shown once) that calendar programs
//! poll for the deadlines of their open cases; making a new one or turning it off revokes the
//! old link at once. The queries are `db::calendar`.

use super::reminders::evaluate_cases;
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::calendar as db;
use crate::domain::calendar::Calendars;
use crate::domain::deadline::{DeadlineKind, Status};
use crate::domain::ical::{AllDayEvent, calendar};
use crate::domain::settings::ClockSettings;
use chrono::{DateTime, NaiveDate, Utc};

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
    crate::db::write_transaction(conn, |conn| {
        db::revoke(conn, actor.user_id, stamp(now))?;
        db::insert(
            conn,
            actor.user_id,
            &super::users::token_hash(&secret),
            stamp(now),
        )?;
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

/// Turns the actor's feed link off.
///
/// # Errors
/// Database failures.
pub fn revoke(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        db::revoke(conn, actor.user_id, stamp(now))?;
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
    Ok(db::has_live(conn, actor.user_id)?)
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
    let Some(owner) = db::owner(conn, &super::users::token_hash(secret))? else {
        return Ok(None);
    };
    // The cases allocated to the owner, whatever their role: a manager's whole caseload would
    // be thousands of entries nobody can read in a calendar.
    let open = db::open_cases_of(conn, owner.id)?;
    let ids: Vec<i64> = open.iter().map(|c| c.authority_id).collect();
    let names = crate::db::authorities::short_names(conn, &ids)?;
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
