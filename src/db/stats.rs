//! The statistics' storage: delay statistics by SQL aggregation over
//! the summary columns kept with the events (no case is loaded into memory). The few backend
//! differences (month keys, date differences, placeholders) live in [`dialect`]; what the
//! figures mean is `domain::stats`.

use super::dialect;
use super::{AnyConnection, is_postgres, unreadable};
use crate::domain::notice::{Provision, ProvisionDecided, outcome_label};
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::Sector;
use crate::domain::stats::{AGE_BANDS, LATENESS_BANDS, Proportion, is_monitored, quantile};
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How rows are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupBy {
    /// Public authority.
    Authority,
    /// Sector.
    Sector,
    /// Regime.
    Regime,
    /// Allocated officer.
    Officer,
    /// Month of receipt.
    Month,
    /// Quarter of receipt.
    Quarter,
}

impl GroupBy {
    /// Every grouping.
    pub const ALL: [GroupBy; 6] = [
        GroupBy::Authority,
        GroupBy::Sector,
        GroupBy::Regime,
        GroupBy::Officer,
        GroupBy::Month,
        GroupBy::Quarter,
    ];

    /// The identifier (as in `?by=`).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            GroupBy::Authority => "authority",
            GroupBy::Sector => "sector",
            GroupBy::Regime => "regime",
            GroupBy::Officer => "officer",
            GroupBy::Month => "month",
            GroupBy::Quarter => "quarter",
        }
    }

    /// Parses the identifier.
    ///
    /// # Errors
    /// A message listing the groupings.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        Ok(match s {
            "authority" => GroupBy::Authority,
            "sector" => GroupBy::Sector,
            "regime" => GroupBy::Regime,
            "officer" => GroupBy::Officer,
            "month" => GroupBy::Month,
            "quarter" => GroupBy::Quarter,
            _ => {
                return Err(format!(
                    "unknown grouping \"{s}\": use authority, sector, regime, officer, month or quarter"
                ));
            }
        })
    }
}

/// A date range and grouping.
#[derive(Debug, Clone, Copy)]
pub struct Query {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Grouping.
    pub by: GroupBy,
    /// Groups smaller than this are "too few to rate".
    pub minimum: i64,
}

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

/// Working days late of late responses, in bands.
#[derive(Debug, Clone, Serialize)]
pub struct Band {
    /// The band's label.
    pub band: String,
    /// How many.
    pub count: i64,
}

/// A number and how many rows have it (also the register's similar decisions).
#[derive(QueryableByName)]
pub(crate) struct ValueCount {
    #[diesel(sql_type = BigInt)]
    pub(crate) value: i64,
    #[diesel(sql_type = BigInt)]
    pub(crate) n: i64,
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

/// A provision and outcome as stored, counted.
#[derive(QueryableByName)]
struct StoredProvisionOutcome {
    #[diesel(sql_type = Text)]
    provision: String,
    #[diesel(sql_type = Text)]
    outcome: String,
    #[diesel(sql_type = BigInt)]
    notices: i64,
}

/// Decision notices by provision and outcome.
#[derive(Debug, Clone, Serialize)]
pub struct ProvisionOutcome {
    /// The provision ("s35(1)(a)").
    pub provision: Provision,
    /// The outcome (`upheld`, `partly_upheld`, `not_upheld`).
    pub outcome: Outcome,
    /// As the ICO's register words it: "FOI 35(1)(a): Complaint partly upheld".
    pub label: String,
    /// How many notices.
    pub notices: i64,
}

/// Provisions decided in notices issued in the range, each read back into its provision and
/// outcome (a stored value that does not parse is an error).
///
/// # Errors
/// Database failures; an unreadable provision or outcome.
pub fn outcomes(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ProvisionOutcome>, DbError> {
    let pg = is_postgres(conn);
    let sql = "SELECT p.provision AS provision, p.outcome AS outcome, COUNT(*) AS notices
               FROM notice_provisions p JOIN cases c ON c.id = p.case_id
               WHERE c.decided_on >= ? AND c.decided_on <= ?
               GROUP BY p.provision, p.outcome ORDER BY p.provision, p.outcome";
    let rows: Vec<StoredProvisionOutcome> = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            let provision = Provision::parse(&r.provision)
                .map_err(|_| unreadable("notice_provisions", "provision", &r.provision))?;
            let outcome = Outcome::from_slug(&r.outcome)
                .ok_or_else(|| unreadable("notice_provisions", "outcome", &r.outcome))?;
            let decided = ProvisionDecided { provision, outcome };
            Ok(ProvisionOutcome {
                label: outcome_label(&decided),
                provision: decided.provision,
                outcome,
                notices: r.notices,
            })
        })
        .collect()
}

/// How often decision notices issued in the range were appealed.
///
/// # Errors
/// Database failures.
pub fn appeal_rate(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Proportion, DbError> {
    let pg = is_postgres(conn);
    // Counted from the event log: the notice's event in range, and any appeal lodged after it.
    let sql = "SELECT CAST(0 AS BIGINT) AS value, COUNT(*) AS n FROM case_events e
               WHERE e.kind = 'decision_notice_issued' AND e.retracted = ? AND e.event_date >= ? AND e.event_date <= ?
                 AND NOT EXISTS (SELECT 1 FROM case_events s WHERE s.supersedes = e.id)";
    let notices = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<diesel::sql_types::Bool, _>(false)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .get_result::<ValueCount>(conn)?
        .n;
    let sql = "SELECT CAST(0 AS BIGINT) AS value, COUNT(DISTINCT e.case_id) AS n FROM case_events e
               WHERE e.kind = 'decision_notice_issued' AND e.retracted = ? AND e.event_date >= ? AND e.event_date <= ?
                 AND NOT EXISTS (SELECT 1 FROM case_events s WHERE s.supersedes = e.id)
                 AND EXISTS (SELECT 1 FROM case_events a WHERE a.case_id = e.case_id AND a.kind = 'appeal_lodged'
                             AND a.retracted = ? AND NOT EXISTS (SELECT 1 FROM case_events t WHERE t.supersedes = a.id))";
    let appealed = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<diesel::sql_types::Bool, _>(false)
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<diesel::sql_types::Bool, _>(false)
        .get_result::<ValueCount>(conn)?
        .n;
    Ok(Proportion::new(appealed, notices))
}

/// Of the notices decided in the range that ordered steps now due (or complied with), the share
/// whose steps were complied with on or before the due date.
///
/// # Errors
/// Database failures.
pub fn steps_on_time(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
    today: NaiveDate,
) -> Result<Proportion, DbError> {
    let pg = is_postgres(conn);
    #[derive(QueryableByName)]
    struct Counts {
        #[diesel(sql_type = BigInt)]
        due: i64,
        #[diesel(sql_type = BigInt)]
        on_time: i64,
    }
    let sql = "SELECT COUNT(*) AS due,
                      COALESCE(SUM(CASE WHEN steps_complied IS NOT NULL AND steps_complied <= steps_due THEN 1 ELSE 0 END), 0) AS on_time
               FROM cases
               WHERE decided_on >= ? AND decided_on <= ? AND steps_due IS NOT NULL
                 AND (steps_complied IS NOT NULL OR steps_due < ?)";
    let c = diesel::sql_query(dialect::placeholders(sql, pg))
        .bind::<Date, _>(from)
        .bind::<Date, _>(to)
        .bind::<Date, _>(today)
        .get_result::<Counts>(conn)?;
    Ok(Proportion::new(c.on_time, c.due))
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

#[cfg(test)]
mod tests {
    use crate::db::dialect::placeholders;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        assert_eq!(placeholders("a = ? AND b = ?", true), "a = $1 AND b = $2");
        assert_eq!(placeholders("a = ? AND b = ?", false), "a = ? AND b = ?");
    }
}
