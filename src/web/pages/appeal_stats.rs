//! The Statistics page's "Appeals" view for managers: the appeal rate of the period's notices by
//! provision, sector and authority; the outcomes of the First-tier appeals decided in the
//! period, the share in the Commissioner's favour against the published 66% target, the struck
//! out and withdrawn shares (each with its 95% Wilson interval); the days from notice of appeal
//! to decision; and the CSV and JSON links of `GET /api/v1/stats/appeals` for each table.

use super::dashboard::{Share, days, share};
use super::{AppState, PageError, with_db};
use crate::db::appeal_stats::RateBy;
use crate::domain::appeal::stats::Outcomes;
use crate::domain::notice::Provision;
use crate::service::Actor;
use crate::service::appeal_stats::{self, RatedGroup};
use actix_web::web;
use chrono::NaiveDate;
use serde::Serialize;

/// The authorities listed on the page at most (ranked by appeal rate); the CSV has them all.
const AUTHORITIES_SHOWN: usize = 20;

/// One group's row.
#[derive(Serialize)]
struct RateRow {
    label: String,
    notices: i64,
    appealed: Share,
    rated: bool,
}

/// One table of appeal rates.
#[derive(Serialize)]
struct RateTable {
    id: &'static str,
    title: &'static str,
    group: &'static str,
    rows: Vec<RateRow>,
    /// Groups not listed (authorities with too few notices, or beyond the first twenty).
    not_listed: usize,
    /// What an empty table says.
    empty: &'static str,
    /// The query of its downloads.
    query: String,
}

/// The outcome figures as shown.
#[derive(Serialize)]
struct OutcomeView {
    decided: i64,
    /// (label, share).
    shares: Vec<(String, Share)>,
    in_favour: Share,
    target: String,
    /// The share against the target, in words (by its interval, not its point estimate).
    against_target: String,
    struck_out: Share,
    withdrawn: Share,
    median_days: String,
    p90_days: String,
    query: String,
}

/// The whole view.
#[derive(Serialize)]
pub struct AppealsView {
    rates: Vec<RateTable>,
    outcomes: OutcomeView,
}

fn rate_rows(groups: Vec<RatedGroup>, by: RateBy) -> (Vec<RateRow>, usize) {
    let mut rows: Vec<RateRow> = groups
        .into_iter()
        .map(|g| RateRow {
            label: match by {
                RateBy::Provision => Provision::parse(&g.rate.group)
                    .map_or_else(|_| g.rate.group.clone(), |p| p.register_code()),
                RateBy::Sector | RateBy::Authority => g.rate.group.clone(),
            },
            notices: g.rate.appealed.total,
            appealed: share(&g.rate.appealed),
            rated: !g.too_few,
        })
        .collect();
    if by != RateBy::Authority {
        return (rows, 0);
    }
    // Authorities are many: the rated ones, most appealed first, the first twenty.
    let all = rows.len();
    rows.retain(|r| r.rated);
    rows.sort_by(|a, b| {
        b.appealed
            .count
            .saturating_mul(a.notices)
            .cmp(&a.appealed.count.saturating_mul(b.notices))
            .then_with(|| crate::domain::natural::cmp(&a.label, &b.label))
    });
    rows.truncate(AUTHORITIES_SHOWN);
    let listed = rows.len();
    (rows, all - listed)
}

/// How the share in the Commissioner's favour stands against the target, by its interval.
fn against_target(o: &Outcomes) -> String {
    let p = &o.in_commissioners_favour;
    if p.total == 0 {
        "No appeal was determined in this period.".to_owned()
    } else if p.low > o.target {
        "Above the target: the whole interval is above it.".to_owned()
    } else if p.high < o.target {
        "Below the target: the whole interval is below it.".to_owned()
    } else {
        "The interval includes the target: too few determined appeals to tell.".to_owned()
    }
}

fn outcome_view(o: &Outcomes, query: String) -> OutcomeView {
    OutcomeView {
        decided: o.decided,
        shares: o
            .shares
            .iter()
            .map(|s| (s.label.to_owned(), share(&s.share)))
            .collect(),
        in_favour: share(&o.in_commissioners_favour),
        target: format!("{:.0}%", o.target * 100.0),
        against_target: against_target(o),
        struck_out: share(&o.struck_out),
        withdrawn: share(&o.withdrawn),
        median_days: days(o.days_to_decision_median),
        p90_days: days(o.days_to_decision_p90),
        query,
    }
}

/// The view's figures for `[from, to]`: three groupings of the rate, and the outcomes.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn view(
    state: &web::Data<AppState>,
    actor: Actor,
    from: NaiveDate,
    to: NaiveDate,
    minimum: i64,
) -> Result<AppealsView, PageError> {
    let tables = [
        (
            RateBy::Provision,
            "rate-provision",
            "By provision",
            "Provision",
            "provision",
        ),
        (
            RateBy::Sector,
            "rate-sector",
            "By sector",
            "Sector",
            "sector",
        ),
        (
            RateBy::Authority,
            "rate-authority",
            "The most appealed authorities",
            "Authority",
            "authority",
        ),
    ];
    let (groups, outcomes) = with_db(state, move |conn| {
        let mut groups = Vec::new();
        for (by, ..) in tables {
            groups.push(appeal_stats::rate(conn, &actor, from, to, by, minimum)?);
        }
        Ok((groups, appeal_stats::decided(conn, &actor, from, to)?))
    })
    .await?;
    let rates = tables
        .into_iter()
        .zip(groups)
        .map(|((by, id, title, group, slug), g)| {
            let (rows, not_listed) = rate_rows(g, by);
            RateTable {
                id,
                title,
                group,
                rows,
                not_listed,
                empty: if by == RateBy::Provision {
                    "No notice issued in this period has the provisions it decided recorded."
                } else {
                    "No notices issued in this period."
                },
                query: format!("from={from}&to={to}&by={slug}"),
            }
        })
        .collect();
    Ok(AppealsView {
        rates,
        outcomes: outcome_view(&outcomes, format!("from={from}&to={to}")),
    })
}
