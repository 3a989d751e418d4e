//! The Commissioner's own stages (allocation, decision, closure, the open caseload by age) and
//! the officers' workload.

use super::{Band, ValueCount};
use crate::db::dialect;
use crate::db::{AnyConnection, is_postgres};
use crate::domain::stats::{AGE_BANDS, Proportion, quantile};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use serde::Serialize;

/// The Commissioner's own stages for complaints received in the range.
#[derive(Debug, Clone, Serialize)]
pub struct Stages {
    /// Complaints received.
    pub complaints: i64,
    /// Median calendar days from complaint to allocation.
    pub median_days_to_allocation: Option<i64>,
    /// Median calendar days from complaint to decision.
    pub median_days_to_decision: Option<i64>,
    /// Closed within 30, 90, 180 and 365 days.
    pub closed_within: Vec<(i64, Proportion)>,
    /// The open caseload today by age since the complaint.
    pub open_by_age: Vec<Band>,
}

/// The Commissioner's stages.
///
/// # Errors
/// Database failures.
pub fn stages(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Stages, DbError> {
    let pg = is_postgres(conn);
    let histogram = |conn: &mut AnyConnection, end: &str| -> Result<Vec<(i64, i64)>, DbError> {
        let days = dialect::days_between("complaint_received", end, pg);
        let sql = format!(
            "SELECT CAST({days} AS BIGINT) AS value, COUNT(*) AS n FROM cases
             WHERE complaint_received >= ? AND complaint_received <= ? AND {end} IS NOT NULL
             GROUP BY 1 ORDER BY 1"
        );
        let rows: Vec<ValueCount> = diesel::sql_query(dialect::placeholders(&sql, pg))
            .bind::<Date, _>(from)
            .bind::<Date, _>(to)
            .load(conn)?;
        Ok(rows.into_iter().map(|r| (r.value, r.n)).collect())
    };
    let allocation = histogram(conn, "allocated_on")?;
    let decision = histogram(conn, "decided_on")?;
    let closed = histogram(conn, "closed_on")?;
    let count_sql = "SELECT CAST(0 AS BIGINT) AS value, COUNT(*) AS n FROM cases WHERE complaint_received >= ? AND complaint_received <= ?";
    let complaints = diesel::sql_query(dialect::placeholders(count_sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .get_result::<ValueCount>(conn)?
        .n;
    let closed_within = [30, 90, 180, 365]
        .into_iter()
        .map(|limit| {
            let n: i64 = closed
                .iter()
                .filter(|(v, _)| *v <= limit)
                .map(|(_, n)| n)
                .sum();
            (limit, Proportion::new(n, complaints))
        })
        .collect();
    let age = dialect::days_between("complaint_received", "?", pg);
    let open_sql = format!(
        "SELECT CAST({age} AS BIGINT) AS value, COUNT(*) AS n FROM cases
         WHERE complaint_received IS NOT NULL AND closed_on IS NULL AND complaint_received <= ?
         GROUP BY 1"
    );
    let open: Vec<ValueCount> = diesel::sql_query(dialect::placeholders(&open_sql, pg))
        .bind::<Date, _>(today)
        .bind::<Date, _>(today)
        .load(conn)?;
    Ok(Stages {
        complaints,
        median_days_to_allocation: quantile(&allocation, 0.5),
        median_days_to_decision: quantile(&decision, 0.5),
        closed_within,
        open_by_age: open_by_age(&open),
    })
}

fn open_by_age(open: &[ValueCount]) -> Vec<Band> {
    let mut counts = [0_i64; AGE_BANDS.len()];
    for r in open {
        if let Some(i) = crate::domain::stats::age_band(r.value) {
            counts[i] += r.n;
        }
    }
    AGE_BANDS
        .iter()
        .zip(counts)
        .map(|(&(band, _, _), count)| Band {
            band: band.to_owned(),
            count,
        })
        .collect()
}

/// Officer workload: open cases now and cases decided in the range.
#[derive(Debug, Clone, Serialize, QueryableByName)]
pub struct Workload {
    /// The officer's id.
    #[diesel(sql_type = BigInt)]
    pub officer_id: i64,
    /// The officer.
    #[diesel(sql_type = Text)]
    pub officer: String,
    /// Open cases allocated to them.
    #[diesel(sql_type = BigInt)]
    pub open: i64,
    /// Cases they decided in the range.
    #[diesel(sql_type = BigInt)]
    pub decided: i64,
}

/// Officer workload and throughput.
///
/// # Errors
/// Database failures.
pub fn workload(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Workload>, DbError> {
    let pg = is_postgres(conn);
    // Open: received and not closed, the one definition (`db::team`, `db::caseload`).
    let sql = "SELECT u.id AS officer_id, u.name AS officer,
                      SUM(CASE WHEN c.closed_on IS NULL AND c.complaint_received IS NOT NULL THEN 1 ELSE 0 END) AS open,
                      SUM(CASE WHEN c.decided_on >= ? AND c.decided_on <= ? THEN 1 ELSE 0 END) AS decided
               FROM cases c JOIN users u ON u.id = c.officer_id
               GROUP BY u.id, u.name ORDER BY u.name";
    diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)
}
