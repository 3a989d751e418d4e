//! The team's open caseload in SQL: per officer (and unallocated), open cases, overdue, due
//! soon and by age band (the definitions are `domain::urgency` and `domain::stats`).

use super::dialect;
use super::{AnyConnection, is_postgres};
use crate::domain::stats::AGE_BANDS;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use serde::Serialize;

/// One officer's open cases (officer `None`: not yet allocated).
#[derive(Debug, Clone, Default, Serialize, QueryableByName)]
pub struct TeamRow {
    /// The officer's id.
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    pub officer_id: Option<i64>,
    /// Their name (empty when unallocated).
    #[diesel(sql_type = Text)]
    pub officer: String,
    /// Open cases.
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    /// Whose next deadline has passed.
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
    /// Whose next deadline is due soon (`domain::urgency`).
    #[diesel(sql_type = BigInt)]
    pub due_soon: i64,
    /// In the first of `domain::stats::AGE_BANDS` (under 30 days).
    #[diesel(sql_type = BigInt)]
    pub age_under_30: i64,
    /// In the second (30 to 89 days).
    #[diesel(sql_type = BigInt)]
    pub age_30_to_89: i64,
    /// In the third (90 to 179 days).
    #[diesel(sql_type = BigInt)]
    pub age_90_to_179: i64,
    /// In the fourth (180 to 364 days).
    #[diesel(sql_type = BigInt)]
    pub age_180_to_364: i64,
    /// In the last (a year or more).
    #[diesel(sql_type = BigInt)]
    pub age_365_plus: i64,
}

/// The column names of the age bands in [`TeamRow`], in the order of `AGE_BANDS`.
const AGE_COLUMNS: [&str; AGE_BANDS.len()] = [
    "age_under_30",
    "age_30_to_89",
    "age_90_to_179",
    "age_180_to_364",
    "age_365_plus",
];

/// The open caseload by officer, most overdue first: overdue before `today`, due soon from
/// `today` to `soon`, and by age in `AGE_BANDS`.
///
/// # Errors
/// Database failures.
pub fn team_caseload(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon: NaiveDate,
) -> Result<Vec<TeamRow>, DbError> {
    let pg = is_postgres(conn);
    // Ages are compared with dates worked out here, so the SQL is the same on both backends:
    // a case is in a band when its complaint was received between `today - last` and
    // `today - first` days.
    let ago = |d: i64| {
        u64::try_from(d)
            .ok()
            .and_then(|d| today.checked_sub_days(chrono::Days::new(d)))
    };
    let mut dates: Vec<NaiveDate> = vec![today, today, soon];
    let mut bands = String::new();
    for (&(_, first, last), column) in AGE_BANDS.iter().zip(AGE_COLUMNS) {
        let mut condition = "c.complaint_received <= ?".to_owned();
        dates.push(ago(first).unwrap_or(NaiveDate::MIN));
        if let Some(before) = last.checked_add(1).and_then(ago) {
            condition.push_str(" AND c.complaint_received > ?");
            dates.push(before);
        }
        bands.push_str(&format!(
            ",\n        CAST(SUM(CASE WHEN {condition} THEN 1 ELSE 0 END) AS BIGINT) AS {column}"
        ));
    }
    let sql = format!(
        "SELECT c.officer_id AS officer_id, COALESCE(u.name, '') AS officer,
        CAST(COUNT(*) AS BIGINT) AS open,
        CAST(SUM(CASE WHEN c.next_deadline < ? THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
        CAST(SUM(CASE WHEN c.next_deadline >= ? AND c.next_deadline <= ? THEN 1 ELSE 0 END) AS BIGINT) AS due_soon{bands}
        FROM cases c LEFT JOIN users u ON u.id = c.officer_id
        WHERE c.closed_on IS NULL AND c.complaint_received IS NOT NULL
        GROUP BY c.officer_id, u.name
        ORDER BY overdue DESC, open DESC"
    );
    let mut query = diesel::sql_query(dialect::placeholders(&sql, pg)).into_boxed();
    for d in dates {
        query = query.bind::<Date, _>(d);
    }
    query.load(conn)
}
