//! The appeal statistics for managers: the appeal rate of the period's notices by provision,
//! sector or authority, and the outcomes of the First-tier appeals decided in the period (see
//! `domain::appeal::stats` for what each figure means).

use super::{Actor, ServiceError};
use crate::db::AnyConnection;
use crate::db::appeal_stats::{self as store, RateBy};
use crate::domain::appeal::stats::{Decided, Outcomes, RateGroup, outcomes};
use crate::domain::parties::Sector;
use crate::domain::stats::Proportion;
use crate::domain::tribunal::Outcome;
use chrono::NaiveDate;
use serde::Serialize;

/// The figures of a period.
#[derive(Debug, Clone, Serialize)]
pub struct AppealStats {
    /// The appeal rate per group (groups below the minimum are marked too few to rate).
    pub rate: Vec<RatedGroup>,
    /// The outcomes of the appeals decided.
    pub outcomes: Outcomes,
}

/// A group's appeal rate, and whether it has enough notices to rate.
#[derive(Debug, Clone, Serialize)]
pub struct RatedGroup {
    /// The rate.
    #[serde(flatten)]
    pub rate: RateGroup,
    /// Fewer notices than the minimum: shown, never ranked.
    pub too_few: bool,
}

/// The appeal statistics of `[from, to]`.
///
/// # Errors
/// Forbidden for officers; database failures; a stored outcome that does not parse.
pub fn appeals(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    by: RateBy,
    minimum: i64,
) -> Result<AppealStats, ServiceError> {
    Ok(AppealStats {
        rate: rate(conn, actor, from, to, by, minimum)?,
        outcomes: decided(conn, actor, from, to)?,
    })
}

/// The appeal rate of the notices issued in `[from, to]`, per group.
///
/// # Errors
/// Forbidden for officers; database failures.
pub fn rate(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    by: RateBy,
    minimum: i64,
) -> Result<Vec<RatedGroup>, ServiceError> {
    actor.require_manager("see the appeal statistics")?;
    Ok(store::rate(conn, from, to, by)?
        .into_iter()
        .map(|(group, (notices, appealed))| RatedGroup {
            rate: RateGroup {
                group: match by {
                    RateBy::Sector => {
                        Sector::from_slug(&group).map_or(group, |s| s.label().to_owned())
                    }
                    RateBy::Provision | RateBy::Authority => group,
                },
                appealed: Proportion::new(appealed, notices),
            },
            too_few: notices < minimum,
        })
        .collect())
}

/// The outcome figures of the First-tier appeals decided in `[from, to]`.
///
/// # Errors
/// Forbidden for officers; database failures; a stored outcome that does not parse.
pub fn decided(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Outcomes, ServiceError> {
    actor.require_manager("see the appeal statistics")?;
    let decided = store::decided(conn, from, to)?
        .into_iter()
        .filter_map(|(outcome, received_on, decided_on)| {
            let outcome = match outcome.as_deref().map(Outcome::from_slug).transpose() {
                Ok(o) => o,
                Err(m) => {
                    return Some(Err(ServiceError::Unexpected(anyhow::anyhow!(
                        "appeals: stored outcome: {m}"
                    ))));
                }
            };
            decided_on.map(|decided_on| {
                Ok(Decided {
                    outcome,
                    received_on,
                    decided_on,
                })
            })
        })
        .collect::<Result<Vec<_>, ServiceError>>()?;
    Ok(outcomes(&decided))
}
