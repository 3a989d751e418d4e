//! What the appeal statistics mean and the arithmetic they need (counting happens in SQL): the
//! appeal rate of notices per group, the outcome shares of decided appeals, the share decided
//! in the Commissioner's favour against the published target, the struck-out and withdrawn
//! shares, and the time from notice of appeal to decision. Every share has a 95% Wilson
//! interval ([`Proportion`]).

use crate::domain::stats::{Proportion, quantile};
use crate::domain::tribunal::Outcome;
use chrono::NaiveDate;
use serde::Serialize;

/// The Commissioner's published target: 66% of FOI tribunal hearings decided in its favour.
pub const TARGET_IN_FAVOUR: f64 = 0.66;

/// One group's notices and how many of them were appealed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateGroup {
    /// The provision, sector or authority.
    pub group: String,
    /// Notices issued in the period, and the share appealed to the First-tier Tribunal.
    pub appealed: Proportion,
}

/// A decided First-tier appeal, for the outcome figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decided {
    /// How it ended (none: recorded without an outcome).
    pub outcome: Option<Outcome>,
    /// The day the tribunal received it.
    pub received_on: NaiveDate,
    /// The day the decision was sent.
    pub decided_on: NaiveDate,
}

/// The share of one outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeShare {
    /// Its identifier (`unrecorded` for decisions recorded without an outcome).
    pub outcome: &'static str,
    /// In words.
    pub label: &'static str,
    /// Of all decided appeals.
    pub share: Proportion,
}

/// The outcome figures of the decided appeals of a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    /// Appeals decided in the period.
    pub decided: i64,
    /// Each outcome's share.
    pub shares: Vec<OutcomeShare>,
    /// Of the appeals the tribunal determined (withdrawn ones are not determined): decided in
    /// the Commissioner's favour (dismissed or struck out).
    pub in_commissioners_favour: Proportion,
    /// The published target for that share.
    pub target: f64,
    /// Struck out, of all decided.
    pub struck_out: Proportion,
    /// Withdrawn, of all decided.
    pub withdrawn: Proportion,
    /// Calendar days from the tribunal receiving the notice of appeal to its decision: median.
    pub days_to_decision_median: Option<i64>,
    /// And the 90th percentile.
    pub days_to_decision_p90: Option<i64>,
}

/// The outcome figures of decided appeals.
#[must_use]
pub fn outcomes(rows: &[Decided]) -> Outcomes {
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    let count = |f: &dyn Fn(Option<Outcome>) -> bool| {
        i64::try_from(rows.iter().filter(|r| f(r.outcome)).count()).unwrap_or(i64::MAX)
    };
    let mut shares: Vec<OutcomeShare> = Outcome::ALL
        .iter()
        .map(|o| OutcomeShare {
            outcome: o.slug(),
            label: o.label(),
            share: Proportion::new(count(&|x| x == Some(*o)), total),
        })
        .collect();
    let unrecorded = count(&|x| x.is_none());
    if unrecorded > 0 {
        shares.push(OutcomeShare {
            outcome: "unrecorded",
            label: "Decided, outcome not recorded",
            share: Proportion::new(unrecorded, total),
        });
    }
    let determined = count(&|x| x.is_some_and(|o| o != Outcome::Withdrawn));
    let favour = count(&|x| x.is_some_and(Outcome::in_commissioners_favour));
    let mut days: Vec<i64> = rows
        .iter()
        .map(|r| (r.decided_on - r.received_on).num_days())
        .collect();
    days.sort_unstable();
    let mut histogram: Vec<(i64, i64)> = Vec::new();
    for d in days {
        match histogram.last_mut() {
            Some((v, c)) if *v == d => *c += 1,
            _ => histogram.push((d, 1)),
        }
    }
    Outcomes {
        decided: total,
        shares,
        in_commissioners_favour: Proportion::new(favour, determined),
        target: TARGET_IN_FAVOUR,
        struck_out: Proportion::new(count(&|x| x == Some(Outcome::StruckOut)), total),
        withdrawn: Proportion::new(count(&|x| x == Some(Outcome::Withdrawn)), total),
        days_to_decision_median: quantile(&histogram, 0.5),
        days_to_decision_p90: quantile(&histogram, 0.9),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_commissioners_share_counts_only_determined_appeals() {
        let row = |o: Option<Outcome>, days: i64| Decided {
            outcome: o,
            received_on: d("2024-01-01"),
            decided_on: d("2024-01-01") + chrono::Duration::days(days),
        };
        // Two dismissed and a strike-out (in favour), one allowed, one withdrawn (not
        // determined): 3 of 4 determined; 1 of 5 struck out and 1 of 5 withdrawn.
        let rows = [
            row(Some(Outcome::Dismissed), 100),
            row(Some(Outcome::Dismissed), 200),
            row(Some(Outcome::StruckOut), 50),
            row(Some(Outcome::Allowed), 300),
            row(Some(Outcome::Withdrawn), 20),
        ];
        let o = outcomes(&rows);
        assert_eq!(o.decided, 5);
        assert_eq!(
            (
                o.in_commissioners_favour.count,
                o.in_commissioners_favour.total
            ),
            (3, 4)
        );
        assert_eq!((o.struck_out.count, o.withdrawn.count), (1, 1));
        // Days sorted: 20, 50, 100, 200, 300: the median (nearest rank 3) is 100, p90 is 300.
        assert_eq!(
            (o.days_to_decision_median, o.days_to_decision_p90),
            (Some(100), Some(300))
        );
        assert!(o.in_commissioners_favour.low < 0.75 && o.in_commissioners_favour.high > 0.75);
        assert_eq!(
            outcomes(&[]).in_commissioners_favour.total,
            0,
            "nothing decided: no share"
        );
    }
}
