//! Dates that moved because the bank holidays changed: shown on the case, and recomputed for
//! every open case after a proclamation.

use crate::db::AnyConnection;
use crate::db::cases as store;
use crate::db::rows::CaseRow;
use crate::domain::calendar::Calendars;
use crate::domain::case::{Case, Rules};
use crate::domain::settings::ClockSettings;
use crate::service::ServiceError;
use chrono::NaiveDate;

/// The stored dates that differ from the dates the current calendar gives.
pub(super) fn date_changes(row: &CaseRow, now: &crate::domain::case::Summary) -> Vec<String> {
    let current = [now.response_due, now.final_response_due, now.next_deadline];
    store::stored_dates(row)
        .into_iter()
        .zip(current)
        .filter(|((_, stored), current)| stored != current)
        .map(|((what, stored), current)| {
            let show = |d: Option<NaiveDate>| {
                d.map_or("none".to_owned(), crate::domain::timeline::human_date)
            };
            format!(
                "The {what} moved from {} to {} because the bank holidays changed since the \
                 case was last saved",
                show(stored),
                show(current)
            )
        })
        .collect()
}

/// Recomputes the summary columns of every open case with the current calendar (run after a
/// bank holiday is proclaimed): returns (cases checked, cases whose dates moved).
///
/// # Errors
/// Database failures; a case whose log no longer replays is reported, not skipped silently.
pub fn recompute_open_cases(
    conn: &mut AnyConnection,
    settings: &ClockSettings,
    calendars: &Calendars,
    today: NaiveDate,
) -> Result<(u64, u64), ServiceError> {
    let rules = Rules {
        settings,
        calendars,
        today,
    };
    let open = store::open(conn)?;
    let mut changed = 0u64;
    for row in &open {
        crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
            let case = Case::replay(store::header(row)?, store::log(conn, row.id)?, &rules)
                .map_err(|e| {
                    ServiceError::Unexpected(anyhow::anyhow!(
                        "case {} no longer replays: {e}",
                        row.reference
                    ))
                })?;
            if !date_changes(row, case.summary()).is_empty() {
                changed += 1;
                store::store_summary(conn, row.id, case.summary(), None)?;
            }
            Ok(())
        })?;
    }
    Ok((open.len() as u64, changed))
}
