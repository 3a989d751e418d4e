//! The statistics' storage: delay statistics by SQL aggregation over the summary columns kept
//! with the events (no case is loaded into memory), one module per statistic's subject: the
//! authorities' handling of requests and reviews ([`requests`]), the Commissioner's own stages
//! and workload ([`complaints`]), and what the decisions decided and what became of them
//! ([`decisions`]). The few backend differences (month keys, date differences, placeholders)
//! live in [`dialect`](super::dialect); what the figures mean is `domain::stats`.

use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde::Serialize;

mod complaints;
mod decisions;
mod requests;

pub use complaints::{Stages, Workload, stages, workload};
pub use decisions::{ProvisionOutcome, appeal_rate, outcomes, steps_on_time};
pub use requests::{Reviews, TimelinessGroup, lateness, monitoring, reviews, timeliness};

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

#[cfg(test)]
mod tests {
    use crate::db::dialect::placeholders;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        assert_eq!(placeholders("a = ? AND b = ?", true), "a = $1 AND b = $2");
        assert_eq!(placeholders("a = ? AND b = ?", false), "a = ? AND b = ?");
    }
}
