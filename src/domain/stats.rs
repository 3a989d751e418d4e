//! What the delay statistics mean: the definitions managers read on "How these figures are
//! calculated", and the arithmetic they need (proportions with 95% Wilson intervals,
//! percentiles from a histogram, age bands). Counting happens in SQL; this module only interprets.

use serde::Serialize;

/// The regulator's monitoring threshold: authorities answering fewer than 90% of requests in
/// time are monitored.
pub const MONITORING_THRESHOLD: f64 = 0.9;

/// Groups smaller than this are "too few to rate" (configurable per query).
pub const DEFAULT_MINIMUM_GROUP: i64 = 20;

/// The definitions, in words, with the rule each figure follows.
pub const DEFINITIONS: &[(&str, &str)] = &[
    (
        "Answered in time",
        "A request is answered in time when the response was sent on or before its due date: 20 working days after the date of receipt, or the later date of a permitted extension (a public interest extension under FOIA, a regulation 7 extension under the EIR) claimed within the 20 days. This is the definition of the central government FOI statistics. Requests not yet answered are counted separately and never as in time.",
    ),
    (
        "Answered within 20 working days",
        "Shown beside the in-time share: the response was sent no later than the twentieth working day after receipt, whatever extension was claimed.",
    ),
    (
        "Working days to respond",
        "Working days from the date of receipt to the response, counted with the regime's calendar (any UK bank holiday for FOIA and the EIR). The median and the 90th percentile are shown.",
    ),
    (
        "Working days late",
        "For late responses, the working days after the due date up to and including the day of the response. A response on the due date is not late.",
    ),
    (
        "Internal reviews",
        "The share of reviews completed within 20 and within 40 working days of the request for a review, and the median working days taken.",
    ),
    (
        "The Commissioner's stages",
        "Calendar days from the complaint's receipt to allocation and to a decision (a decision notice, an informal resolution or a rejection as ineligible); the share of complaints closed within 30, 90, 180 and 365 days of receipt; the open caseload by age since the complaint was received.",
    ),
    (
        "Outcomes",
        "Decision notices issued in the range by provision and outcome (upheld, partly upheld, not upheld); the share appealed to the tribunal; and, of the notices whose steps have fallen due, the share whose steps were complied with on or before the due date (the notice's period, extended while an appeal was pending).",
    ),
    (
        "Appeals",
        "The appeal rate: decision notices issued in the range, and the share appealed to the First-tier Tribunal, by provision (a notice counts under each provision it decided), sector and authority. The outcomes: First-tier appeals whose decision was sent in the range, each outcome's share; the share decided in the Commissioner's favour (dismissed or struck out) of those the tribunal determined (all decided except the withdrawn), beside the Commissioner's published target of 66%; the shares struck out and withdrawn of all decided; and the calendar days from the tribunal receiving the notice of appeal to sending its decision (median and 90th percentile).",
    ),
    (
        "Intervals and small groups",
        "Every share carries a 95% Wilson score interval. Groups with fewer requests than the minimum (20 by default) are shown as \"too few to rate\" and are never ranked or put on the monitoring list.",
    ),
    (
        "Monitoring list",
        "Authorities with enough requests to rate whose in-time share is below 90%.",
    ),
];

/// A share with its 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Proportion {
    /// How many met the condition.
    pub count: i64,
    /// Out of how many.
    pub total: i64,
    /// count / total (0 when total is 0).
    pub share: f64,
    /// Lower bound of the 95% Wilson interval.
    pub low: f64,
    /// Upper bound.
    pub high: f64,
}

impl Proportion {
    /// `count` out of `total` with the Wilson score interval at z = 1.96.
    #[must_use]
    pub fn new(count: i64, total: i64) -> Self {
        let (low, high) = wilson(count, total);
        Proportion {
            count,
            total,
            share: if total > 0 {
                count as f64 / total as f64
            } else {
                0.0
            },
            low,
            high,
        }
    }
}

/// The 95% Wilson score interval for `count` successes in `total` trials.
#[must_use]
pub fn wilson(count: i64, total: i64) -> (f64, f64) {
    if total <= 0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n = total as f64;
    let p = count as f64 / n;
    let z2 = z * z;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = z * ((p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt()) / (1.0 + z2 / n);
    // At the extremes the formula's bound equals the share; pin it exactly against rounding.
    let low = if count == 0 {
        0.0
    } else {
        (centre - half).clamp(0.0, p)
    };
    let high = if count == total {
        1.0
    } else {
        (centre + half).clamp(p, 1.0)
    };
    (low, high)
}

/// The value at quantile `q` (nearest-rank) of a histogram of (value, count) sorted by value.
#[must_use]
pub fn quantile(histogram: &[(i64, i64)], q: f64) -> Option<i64> {
    let total: i64 = histogram.iter().map(|(_, c)| c).sum();
    if total == 0 {
        return None;
    }
    // Nearest rank: the smallest value whose cumulative count reaches ceil(q * n).
    let rank = ((q * total as f64).ceil() as i64).max(1);
    let mut seen = 0;
    for &(value, count) in histogram {
        seen += count;
        if seen >= rank {
            return Some(value);
        }
    }
    histogram.last().map(|(v, _)| *v)
}

/// Age bands of the open caseload, in calendar days since the complaint was received: (label,
/// first day, last day). The Team page and the statistics' "open caseload by age" both use
/// these; the bounds are the Team page's ("Under 30 days", "30–89 days" … "A year or more").
pub const AGE_BANDS: [(&str, i64, i64); 5] = [
    ("Under 30 days", 0, 29),
    ("30–89 days", 30, 89),
    ("90–179 days", 90, 179),
    ("180–364 days", 180, 364),
    ("A year or more", 365, i64::MAX),
];

/// The index in [`AGE_BANDS`] of a case `days` old (`None` before its complaint was received).
#[must_use]
pub fn age_band(days: i64) -> Option<usize> {
    AGE_BANDS
        .iter()
        .position(|&(_, lo, hi)| days >= lo && days <= hi)
}

/// Whether an authority goes on the monitoring list: its group is large enough to rate and its
/// in-time share is below [`MONITORING_THRESHOLD`].
#[must_use]
pub fn is_monitored(rated: bool, in_time: &Proportion) -> bool {
    rated && in_time.share < MONITORING_THRESHOLD
}

/// Bands of working days late.
pub const LATENESS_BANDS: &[(&str, i64, i64)] = &[
    ("1-5", 1, 5),
    ("6-10", 6, 10),
    ("11-20", 11, 20),
    ("21-40", 21, 40),
    ("41-60", 41, 60),
    ("over 60", 61, i64::MAX),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_intervals_match_published_values() {
        // 81 of 263: interval (0.2553, 0.3662), worked by hand from the score formula.
        let (lo, hi) = wilson(81, 263);
        assert!(
            (lo - 0.2553).abs() < 0.0005 && (hi - 0.3662).abs() < 0.0005,
            "{lo} {hi}"
        );
        // All successes: the upper bound is 1, the lower bound below it.
        let (lo, hi) = wilson(20, 20);
        assert!((hi - 1.0).abs() < 1e-12 && lo < 0.9 && lo > 0.8, "{lo}");
        assert_eq!(wilson(0, 0), (0.0, 1.0));
    }

    #[test]
    fn quantiles_use_the_nearest_rank() {
        // Values 1,2,3,4,5,6,7,8,9,10 once each: median (rank 5) is 5, p90 (rank 9) is 9.
        let h: Vec<(i64, i64)> = (1..=10).map(|v| (v, 1)).collect();
        assert_eq!(quantile(&h, 0.5), Some(5));
        assert_eq!(quantile(&h, 0.9), Some(9));
        assert_eq!(quantile(&[(7, 3)], 0.5), Some(7));
        assert_eq!(quantile(&[], 0.5), None);
    }

    #[test]
    fn age_bands_meet_without_gaps_or_overlaps() {
        #[rustfmt::skip]
        let cases = [
            (-1, None, "a complaint dated after today has no age"),
            (0, Some(0), "received today"),
            (29, Some(0), "the last day under 30"),
            (30, Some(1), "30 days is no longer under 30"),
            (89, Some(1), "the last day of 30–89"),
            (90, Some(2), "90 days starts 90–179"),
            (179, Some(2), "the last day of 90–179"),
            (180, Some(3), "180 starts 180–364"),
            (364, Some(3), "the last day under a year"),
            (365, Some(4), "a year or more"),
            (10_000, Some(4), "very old cases stay in the last band"),
        ];
        for (days, band, why) in cases {
            assert_eq!(age_band(days), band, "{days}: {why}");
        }
        for pair in AGE_BANDS.windows(2) {
            assert_eq!(pair[0].2 + 1, pair[1].1, "{} then {}", pair[0].0, pair[1].0);
        }
    }

    #[test]
    fn only_rated_groups_below_ninety_percent_are_monitored() {
        #[rustfmt::skip]
        let cases = [
            (true, 89, 100, true, "below the threshold"),
            (true, 90, 100, false, "exactly 90% is not below"),
            (false, 0, 5, false, "too few to rate is never monitored"),
        ];
        for (rated, count, total, expected, why) in cases {
            assert_eq!(
                is_monitored(rated, &Proportion::new(count, total)),
                expected,
                "{why}"
            );
        }
    }
}
