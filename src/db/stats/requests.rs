//! The authorities' handling: timeliness of responses by group, the monitoring list, how late
//! the late responses were, and the internal reviews.

use super::{Band, GroupBy, Query, ValueCount};
use crate::db::dialect;
use crate::db::{AnyConnection, is_postgres, unreadable};
use crate::domain::parties::Sector;
use crate::domain::stats::{LATENESS_BANDS, Proportion, is_monitored, quantile};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(QueryableByName)]
struct TimelinessRow {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    value: i64,
    #[diesel(sql_type = BigInt)]
    requests: i64,
    #[diesel(sql_type = BigInt)]
    answered: i64,
    #[diesel(sql_type = BigInt)]
    in_time: i64,
    #[diesel(sql_type = BigInt)]
    within_20: i64,
}

/// Authority timeliness for one group.
#[derive(Debug, Clone, Serialize)]
pub struct TimelinessGroup {
    /// The group's key (authority id, sector, month …).
    pub key: String,
    /// The group's name.
    pub label: String,
    /// Requests received in the range.
    pub requests: i64,
    /// Requests never answered (so far).
    pub unanswered: i64,
    /// Answered in time (20 working days or a permitted extension).
    pub in_time: Proportion,
    /// Answered within 20 working days.
    pub within_20: Proportion,
    /// Median working days to respond.
    pub median_working_days: Option<i64>,
    /// 90th percentile.
    pub p90_working_days: Option<i64>,
    /// False when the group is too small to rate.
    pub rated: bool,
}

impl TimelinessGroup {
    /// Whether the group is on the monitoring list (see `domain::stats::is_monitored`).
    #[must_use]
    pub fn monitored(&self) -> bool {
        is_monitored(self.rated, &self.in_time)
    }
}

/// Authority timeliness: requests received in the range, by group.
///
/// # Errors
/// Database failures.
pub fn timeliness(conn: &mut AnyConnection, q: &Query) -> Result<Vec<TimelinessGroup>, DbError> {
    let pg = is_postgres(conn);
    // One scan of the cases table (a covering index serves it): counts per group key and per
    // working-days value; groups that need names (authority, sector, officer) are mapped here.
    let key = dialect::row_key(q.by, pg);
    let sql = format!(
        "SELECT {key} AS key, CAST(COALESCE(c.response_working_days, -1) AS BIGINT) AS value, COUNT(*) AS requests,
                SUM(CASE WHEN c.response_sent IS NOT NULL THEN 1 ELSE 0 END) AS answered,
                SUM(CASE WHEN c.response_sent IS NOT NULL AND c.response_sent <= c.final_response_due THEN 1 ELSE 0 END) AS in_time,
                SUM(CASE WHEN c.response_sent IS NOT NULL AND c.response_sent <= c.response_due THEN 1 ELSE 0 END) AS within_20
         FROM cases c
         WHERE c.request_received >= ? AND c.request_received <= ? AND c.response_due IS NOT NULL
         GROUP BY 1, 2"
    );
    let rows: Vec<TimelinessRow> = diesel::sql_query(dialect::placeholders(&sql, pg))
        .bind::<Date, _>(q.from)
        .bind::<Date, _>(q.to)
        .load(conn)?;
    let names = group_names(conn, q.by)?;
    #[derive(Default)]
    struct Acc {
        requests: i64,
        answered: i64,
        in_time: i64,
        within_20: i64,
        histogram: BTreeMap<i64, i64>,
    }
    let mut groups: BTreeMap<String, (String, Acc)> = BTreeMap::new();
    for r in rows {
        let (group, label) = match names.get(&r.key) {
            Some((g, l)) => (g.clone(), l.clone()),
            None => (r.key.clone(), r.key.clone()),
        };
        let entry = groups
            .entry(group)
            .or_insert_with(|| (label, Acc::default()));
        let acc = &mut entry.1;
        acc.requests += r.requests;
        acc.answered += r.answered;
        acc.in_time += r.in_time;
        acc.within_20 += r.within_20;
        if r.value >= 0 {
            *acc.histogram.entry(r.value).or_default() += r.requests;
        }
    }
    let mut out: Vec<TimelinessGroup> = groups
        .into_iter()
        .map(|(key, (label, acc))| {
            let h: Vec<(i64, i64)> = acc.histogram.into_iter().collect();
            TimelinessGroup {
                label,
                unanswered: acc.requests - acc.answered,
                in_time: Proportion::new(acc.in_time, acc.requests),
                within_20: Proportion::new(acc.within_20, acc.requests),
                median_working_days: quantile(&h, 0.5),
                p90_working_days: quantile(&h, 0.9),
                rated: acc.requests >= q.minimum,
                requests: acc.requests,
                key,
            }
        })
        .collect();
    match q.by {
        GroupBy::Month | GroupBy::Quarter => out.sort_by(|a, b| a.key.cmp(&b.key)),
        _ => out.sort_by(|a, b| {
            // Rated groups first, worst in-time share first; then the unrated by name.
            b.rated
                .cmp(&a.rated)
                .then(a.in_time.share.total_cmp(&b.in_time.share))
                .then_with(|| crate::domain::natural::cmp(&a.label, &b.label))
        }),
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    group_key: String,
    #[diesel(sql_type = Text)]
    label: String,
}

/// For groupings that need names: raw key -> (group key, label).
fn group_names(
    conn: &mut AnyConnection,
    by: GroupBy,
) -> Result<HashMap<String, (String, String)>, DbError> {
    let sql = match by {
        GroupBy::Authority => {
            "SELECT CAST(id AS TEXT) AS id, CAST(id AS TEXT) AS group_key, short_name AS label FROM authorities"
        }
        GroupBy::Sector => {
            "SELECT CAST(id AS TEXT) AS id, sector AS group_key, sector AS label FROM authorities"
        }
        GroupBy::Officer => {
            "SELECT CAST(id AS TEXT) AS id, CAST(id AS TEXT) AS group_key, name AS label FROM users"
        }
        _ => return Ok(HashMap::new()),
    };
    let rows: Vec<NameRow> = diesel::sql_query(sql).load(conn)?;
    let mut map: HashMap<String, (String, String)> = rows
        .into_iter()
        .map(|r| {
            // Sectors are stored as identifiers; show them as people write them.
            let label = if by == GroupBy::Sector {
                Sector::from_slug(&r.label)
                    .map_err(|_| unreadable("authorities", "sector", &r.label))?
                    .label()
                    .to_owned()
            } else {
                r.label
            };
            Ok((r.id, (r.group_key, label)))
        })
        .collect::<Result<_, DbError>>()?;
    if by == GroupBy::Officer {
        map.insert(
            "unallocated".to_owned(),
            ("unallocated".to_owned(), "Unallocated".to_owned()),
        );
    }
    Ok(map)
}

/// Authorities with enough requests whose in-time share is below 90%.
///
/// # Errors
/// Database failures.
pub fn monitoring(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    minimum: i64,
) -> Result<Vec<TimelinessGroup>, DbError> {
    let q = Query {
        from,
        to,
        by: GroupBy::Authority,
        minimum,
    };
    Ok(timeliness(conn, &q)?
        .into_iter()
        .filter(TimelinessGroup::monitored)
        .collect())
}

/// The distribution of working days late among late responses to requests received in range.
///
/// # Errors
/// Database failures.
pub fn lateness(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Band>, DbError> {
    let pg = is_postgres(conn);
    let sql = "SELECT CAST(response_working_days_late AS BIGINT) AS value, COUNT(*) AS n FROM cases
               WHERE request_received >= ? AND request_received <= ? AND response_status = 'met_late'
               GROUP BY response_working_days_late";
    let rows: Vec<ValueCount> = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)?;
    Ok(LATENESS_BANDS
        .iter()
        .map(|&(band, lo, hi)| Band {
            band: band.to_owned(),
            count: rows
                .iter()
                .filter(|r| r.value >= lo && r.value <= hi)
                .map(|r| r.n)
                .sum(),
        })
        .collect())
}

/// Internal reviews requested in the range.
#[derive(Debug, Clone, Serialize)]
pub struct Reviews {
    /// Reviews requested.
    pub requested: i64,
    /// Completed so far.
    pub completed: i64,
    /// Completed within 20 working days.
    pub within_20: Proportion,
    /// Completed within 40 working days.
    pub within_40: Proportion,
    /// Median working days taken.
    pub median_working_days: Option<i64>,
}

/// Internal review timeliness for reviews requested in the range.
///
/// # Errors
/// Database failures.
pub fn reviews(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Reviews, DbError> {
    let pg = is_postgres(conn);
    let sql = "SELECT CAST(COALESCE(review_working_days, -1) AS BIGINT) AS value, COUNT(*) AS n FROM cases
               WHERE review_requested >= ? AND review_requested <= ?
               GROUP BY review_working_days ORDER BY 1";
    let rows: Vec<ValueCount> = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)?;
    let requested: i64 = rows.iter().map(|r| r.n).sum();
    let done: Vec<(i64, i64)> = rows
        .iter()
        .filter(|r| r.value >= 0)
        .map(|r| (r.value, r.n))
        .collect();
    let completed: i64 = done.iter().map(|(_, n)| n).sum();
    let within = |limit: i64| {
        done.iter()
            .filter(|(v, _)| *v <= limit)
            .map(|(_, n)| n)
            .sum::<i64>()
    };
    Ok(Reviews {
        requested,
        completed,
        within_20: Proportion::new(within(20), requested),
        within_40: Proportion::new(within(40), requested),
        median_working_days: quantile(&done, 0.5),
    })
}
