//! What the decision notices decided (provisions and outcomes), how often they were appealed,
//! and whether their steps were complied with on time.

use super::ValueCount;
use crate::db::dialect;
use crate::db::{AnyConnection, is_postgres, unreadable};
use crate::domain::notice::{Provision, ProvisionDecided, outcome_label};
use crate::domain::paragraphs::Outcome;
use crate::domain::stats::Proportion;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use diesel::sql_types::{BigInt, Date, Text};
use serde::Serialize;

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
