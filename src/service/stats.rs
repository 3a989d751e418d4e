//! Delay statistics for managers: each call checks that the actor may
//! see them (managers and admins), then runs the aggregation in `db::stats`. The timeliness
//! table's CSV columns are defined once here, for the API's download and the command line.

use super::{Actor, ServiceError, csv_safe};
use crate::db::AnyConnection;
use crate::db::stats as db;
use crate::domain::stats::Proportion;
use chrono::NaiveDate;

pub use crate::db::stats::{
    Band, GroupBy, ProvisionOutcome, Query, Reviews, Stages, TimelinessGroup, Workload,
};

const WHAT: &str = "see the statistics";

/// Authority timeliness: requests received in the range, by group.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn timeliness(
    conn: &mut AnyConnection,
    actor: &Actor,
    q: &Query,
) -> Result<Vec<TimelinessGroup>, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::timeliness(conn, q)?)
}

/// Authorities with enough requests whose in-time share is below the monitoring threshold.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn monitoring(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    minimum: i64,
) -> Result<Vec<TimelinessGroup>, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::monitoring(conn, from, to, minimum)?)
}

/// The monitoring list out of a timeliness table grouped by authority.
#[must_use]
pub fn monitored(groups: &[TimelinessGroup]) -> Vec<TimelinessGroup> {
    groups.iter().filter(|g| g.monitored()).cloned().collect()
}

/// Working days late of late responses, in bands.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn lateness(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Band>, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::lateness(conn, from, to)?)
}

/// Internal review timeliness.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn reviews(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Reviews, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::reviews(conn, from, to)?)
}

/// The Commissioner's own stages, and the open caseload by age today.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn stages(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Stages, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::stages(conn, from, to, today)?)
}

/// Decision notices by provision and outcome.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn outcomes(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ProvisionOutcome>, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::outcomes(conn, from, to)?)
}

/// How often decision notices issued in the range were appealed.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn appeal_rate(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Proportion, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::appeal_rate(conn, from, to)?)
}

/// The share of notices' steps complied with on time.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn steps_on_time(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Proportion, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::steps_on_time(conn, from, to, today)?)
}

/// Officer workload and throughput.
///
/// # Errors
/// Forbidden unless a manager or an admin; database failures.
pub fn workload(
    conn: &mut AnyConnection,
    actor: &Actor,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Workload>, ServiceError> {
    actor.require_manager(WHAT)?;
    Ok(db::workload(conn, from, to)?)
}

/// The columns of the timeliness table as CSV (the API's `format=csv` and `section50 stats`).
pub const TIMELINESS_CSV_HEADER: [&str; 13] = [
    "key",
    "label",
    "requests",
    "unanswered",
    "in_time",
    "in_time_pct",
    "in_time_low_pct",
    "in_time_high_pct",
    "within_20",
    "within_20_pct",
    "median_working_days",
    "p90_working_days",
    "rated",
];

/// A share as a percentage with one decimal, as the CSV files write it.
#[must_use]
pub fn pct(v: f64) -> String {
    format!("{:.1}", v * 100.0)
}

/// The CSV record of one group, in the order of [`TIMELINESS_CSV_HEADER`].
#[must_use]
pub fn timeliness_record(g: &TimelinessGroup) -> Vec<String> {
    let opt = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    vec![
        csv_safe::text_owned(&g.key),
        csv_safe::text_owned(&g.label),
        g.requests.to_string(),
        g.unanswered.to_string(),
        g.in_time.count.to_string(),
        pct(g.in_time.share),
        pct(g.in_time.low),
        pct(g.in_time.high),
        g.within_20.count.to_string(),
        pct(g.within_20.share),
        opt(g.median_working_days),
        opt(g.p90_working_days),
        if g.rated { "yes" } else { "too few to rate" }.to_owned(),
    ]
}

/// Writes the timeliness table as CSV, header first.
///
/// # Errors
/// When writing fails.
pub fn write_timeliness_csv<W: std::io::Write>(
    out: W,
    rows: &[TimelinessGroup],
) -> Result<(), csv::Error> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(TIMELINESS_CSV_HEADER)?;
    for g in rows {
        w.write_record(timeliness_record(g))?;
    }
    w.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_timeliness_record_has_one_value_per_column() {
        let g = TimelinessGroup {
            key: "7".to_owned(),
            label: "Northshire Council".to_owned(),
            requests: 3,
            unanswered: 1,
            in_time: Proportion::new(1, 3),
            within_20: Proportion::new(2, 3),
            median_working_days: None,
            p90_working_days: Some(25),
            rated: false,
        };
        let record = timeliness_record(&g);
        assert_eq!(record.len(), TIMELINESS_CSV_HEADER.len());
        // Counts sit beside their shares; a missing median is an empty cell, not 0.
        assert_eq!(record[4], "1");
        assert_eq!(record[8], "2");
        assert_eq!(record[10], "");
        assert_eq!(record[12], "too few to rate");
    }
}
