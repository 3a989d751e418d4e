//! The team's open caseload for managers: per officer (and unallocated), how many open cases,
//! how many overdue or due soon, and how old they are, aggregated in SQL.

use super::ServiceError;
use super::stats::dialect::placeholders;
use crate::db::{AnyConnection, is_postgres};
use chrono::{Days, NaiveDate};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Nullable, Text};
use serde::Serialize;

/// One officer's open cases (officer `None`: not yet allocated).
#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct TeamRow {
    /// The officer's id.
    #[diesel(sql_type = Nullable<BigInt>)]
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
    /// Whose next deadline is today or within five working days.
    #[diesel(sql_type = BigInt)]
    pub due_soon: i64,
    /// Complaints received under 30 days ago.
    #[diesel(sql_type = BigInt)]
    pub age_under_30: i64,
    /// 30 to 89 days ago.
    #[diesel(sql_type = BigInt)]
    pub age_30_to_89: i64,
    /// 90 to 179 days ago.
    #[diesel(sql_type = BigInt)]
    pub age_90_to_179: i64,
    /// 180 to 364 days ago.
    #[diesel(sql_type = BigInt)]
    pub age_180_to_364: i64,
    /// A year or more ago.
    #[diesel(sql_type = BigInt)]
    pub age_365_plus: i64,
}

/// The open caseload by officer, most overdue first. `soon` is the last day counted as due
/// soon (five working days after `today`, worked out by the caller on the calendar).
///
/// # Errors
/// Unexpected database failures.
pub fn caseload(
    conn: &mut AnyConnection,
    today: NaiveDate,
    soon: NaiveDate,
) -> Result<Vec<TeamRow>, ServiceError> {
    let pg = is_postgres(conn);
    let ago = |d: u64| today.checked_sub_days(Days::new(d)).unwrap_or(today);
    // Ages are compared with dates worked out here, so the SQL is the same on both backends.
    let sql = "SELECT c.officer_id AS officer_id, COALESCE(u.name, '') AS officer,
        CAST(COUNT(*) AS BIGINT) AS open,
        CAST(SUM(CASE WHEN c.next_deadline < ? THEN 1 ELSE 0 END) AS BIGINT) AS overdue,
        CAST(SUM(CASE WHEN c.next_deadline >= ? AND c.next_deadline <= ? THEN 1 ELSE 0 END) AS BIGINT) AS due_soon,
        CAST(SUM(CASE WHEN c.complaint_received > ? THEN 1 ELSE 0 END) AS BIGINT) AS age_under_30,
        CAST(SUM(CASE WHEN c.complaint_received <= ? AND c.complaint_received > ? THEN 1 ELSE 0 END) AS BIGINT) AS age_30_to_89,
        CAST(SUM(CASE WHEN c.complaint_received <= ? AND c.complaint_received > ? THEN 1 ELSE 0 END) AS BIGINT) AS age_90_to_179,
        CAST(SUM(CASE WHEN c.complaint_received <= ? AND c.complaint_received > ? THEN 1 ELSE 0 END) AS BIGINT) AS age_180_to_364,
        CAST(SUM(CASE WHEN c.complaint_received <= ? THEN 1 ELSE 0 END) AS BIGINT) AS age_365_plus
        FROM cases c LEFT JOIN users u ON u.id = c.officer_id
        WHERE c.closed_on IS NULL AND c.complaint_received IS NOT NULL
        GROUP BY c.officer_id, u.name
        ORDER BY overdue DESC, open DESC";
    let rows = diesel::sql_query(placeholders(sql, pg))
        .bind::<Date, _>(today)
        .bind::<Date, _>(today)
        .bind::<Date, _>(soon)
        .bind::<Date, _>(ago(30))
        .bind::<Date, _>(ago(30))
        .bind::<Date, _>(ago(90))
        .bind::<Date, _>(ago(90))
        .bind::<Date, _>(ago(180))
        .bind::<Date, _>(ago(180))
        .bind::<Date, _>(ago(365))
        .bind::<Date, _>(ago(365))
        .load(conn)?;
    Ok(rows)
}
