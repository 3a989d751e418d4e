//! The counting behind the appeal statistics: which notices of a period were appealed, grouped
//! by provision, sector or authority, and the First-tier appeals decided in a period. Stored
//! text is handed back as stored; the service reads it into domain values.

use super::AnyConnection;
use super::schema::{appeals, authorities, case_events, cases, notice_provisions};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::{BTreeMap, HashSet};

/// What the appeal rate is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateBy {
    /// The provisions the notice decided (a notice counts once under each).
    Provision,
    /// The authority's sector (its stored identifier).
    Sector,
    /// The authority (its short name).
    Authority,
}

/// Per group: notices issued in the period and how many of them were appealed to the
/// First-tier Tribunal.
///
/// # Errors
/// Database failures.
pub fn rate(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    by: RateBy,
) -> Result<BTreeMap<String, (i64, i64)>, DbError> {
    let noticed = || {
        case_events::table
            .filter(case_events::kind.eq("decision_notice_issued"))
            .filter(case_events::retracted.eq(false))
            .filter(case_events::event_date.between(from, to))
            .select(case_events::case_id)
    };
    let groups: Vec<(i64, String)> = match by {
        RateBy::Provision => notice_provisions::table
            .filter(notice_provisions::case_id.eq_any(noticed()))
            .select((notice_provisions::case_id, notice_provisions::provision))
            .distinct()
            .load(conn)?,
        RateBy::Sector => cases::table
            .inner_join(authorities::table)
            .filter(cases::id.eq_any(noticed()))
            .select((cases::id, authorities::sector))
            .load(conn)?,
        RateBy::Authority => cases::table
            .inner_join(authorities::table)
            .filter(cases::id.eq_any(noticed()))
            .select((cases::id, authorities::short_name))
            .load(conn)?,
    };
    let appealed: HashSet<i64> = appeals::table
        .filter(appeals::stage.eq("first_tier"))
        .filter(appeals::case_id.eq_any(noticed()))
        .select(appeals::case_id)
        .distinct()
        .load::<i64>(conn)?
        .into_iter()
        .collect();
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for (case_id, group) in groups {
        let entry = out.entry(group).or_default();
        entry.0 += 1;
        entry.1 += i64::from(appealed.contains(&case_id));
    }
    Ok(out)
}

/// A decided appeal as stored: its outcome, the day it was received and the day decided.
pub type DecidedRow = (Option<String>, NaiveDate, Option<NaiveDate>);

/// First-tier appeals decided in the period: (outcome as stored, received, decided).
///
/// # Errors
/// Database failures.
pub fn decided(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DecidedRow>, DbError> {
    appeals::table
        .filter(appeals::stage.eq("first_tier"))
        .filter(appeals::status.eq("decided"))
        .filter(appeals::decided_on.between(from, to))
        .select((appeals::outcome, appeals::received_on, appeals::decided_on))
        .load(conn)
}
