//! The UK's legal day: converting an instant to the Europe/London calendar date
//! (time-rules.md §1.3 — take the UK local date, not the UTC date; near midnight they differ).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Europe::London;

/// The Europe/London calendar date of an instant.
#[must_use]
pub fn london_date(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&London).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn late_evening_in_british_summer_time_is_the_next_day_in_london() {
        // 23:30 UTC on 30 Jun 2023 is 00:30 BST on 1 Jul.
        let t = DateTime::parse_from_rfc3339("2023-06-30T23:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(london_date(t), NaiveDate::from_ymd_opt(2023, 7, 1).unwrap());
    }

    #[test]
    fn late_evening_in_winter_is_the_same_day_in_london() {
        let t = DateTime::parse_from_rfc3339("2023-01-31T23:30:00Z")
            .unwrap()
            .to_utc();
        assert_eq!(
            london_date(t),
            NaiveDate::from_ymd_opt(2023, 1, 31).unwrap()
        );
    }
}
