//! The UK's legal day: converting an instant to the Europe/London calendar date (take the UK
//! local date, not the UTC date; near midnight they differ: `docs/deadline-rules.md`).
//!
//! chrono-tz's table of London's clock changes ends with 2099, but the calendars run to 2100.
//! From 2100 the rule of the Summer Time Act 1972 s1 (as amended by the Summer Time Order 2002,
//! SI 2002/262) is applied directly: British Summer Time, one hour ahead of GMT, runs from
//! 01:00 GMT on the last Sunday in March to 01:00 GMT on the last Sunday in October.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Europe::London;

/// The first year chrono-tz's table does not cover.
const TABLE_ENDS: i32 = 2100;

/// The Europe/London calendar date of an instant.
#[must_use]
pub fn london_date(instant: DateTime<Utc>) -> NaiveDate {
    if instant.year() < TABLE_ENDS {
        return instant.with_timezone(&London).date_naive();
    }
    summer_time_act_date(instant)
}

/// The last Sunday of a month, at 01:00 GMT.
fn last_sunday_at_one(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let next_month = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }?;
    let last = next_month.pred_opt()?;
    let back = i64::from(last.weekday().num_days_from_sunday());
    let sunday = last - Duration::days(back);
    debug_assert_eq!(sunday.weekday(), Weekday::Sun);
    Some(Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0)?))
}

/// The London date by the Summer Time Act rule (for years beyond chrono-tz's table).
fn summer_time_act_date(instant: DateTime<Utc>) -> NaiveDate {
    summer_time_act_local(instant).date()
}

/// The London wall-clock time of an instant.
#[must_use]
pub fn london_local(instant: DateTime<Utc>) -> chrono::NaiveDateTime {
    if instant.year() < TABLE_ENDS {
        return instant.with_timezone(&London).naive_local();
    }
    summer_time_act_local(instant)
}

/// The instant (UTC) of a London wall-clock time: British Summer Time is tried first, then GMT,
/// so an hour the clocks repeat in October is read as its first (BST) time. `None` for a time
/// the clocks skipped in March (01:00 to 01:59 on the last Sunday).
#[must_use]
pub fn london_instant(local: chrono::NaiveDateTime) -> Option<chrono::NaiveDateTime> {
    [Duration::hours(1), Duration::zero()]
        .into_iter()
        .filter_map(|offset| local.checked_sub_signed(offset))
        .find(|utc| london_local(utc.and_utc()) == local)
}

/// An instant stored in UTC as people in the UK read it: "20 February 2024 at 14:03".
#[must_use]
pub fn format_instant(utc: chrono::NaiveDateTime) -> String {
    london_local(utc.and_utc())
        .format("%-d %B %Y at %H:%M")
        .to_string()
}

/// The London wall-clock time by the Summer Time Act rule.
fn summer_time_act_local(instant: DateTime<Utc>) -> chrono::NaiveDateTime {
    let year = instant.year();
    let summer = match (last_sunday_at_one(year, 3), last_sunday_at_one(year, 10)) {
        (Some(start), Some(end)) => instant >= start && instant < end,
        _ => false,
    };
    let local = if summer {
        instant
            .checked_add_signed(Duration::hours(1))
            .unwrap_or(instant)
    } else {
        instant
    };
    local.naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_shown_in_uk_local_time() {
        // 13:03 UTC on 1 July 2024 is 14:03 British Summer Time; in February it is GMT.
        let summer = at("2024-07-01T13:03:00Z").naive_utc();
        assert_eq!(format_instant(summer), "1 July 2024 at 14:03");
        let winter = at("2024-02-20T13:03:00Z").naive_utc();
        assert_eq!(format_instant(winter), "20 February 2024 at 13:03");
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn a_london_time_is_read_back_to_its_instant_either_side_of_the_clock_changes() {
        let local = |t: &str| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").unwrap();
        // (London wall clock, instant, why)
        let table = [
            (
                "2024-08-15T17:30",
                Some("2024-08-15T16:30:00Z"),
                "BST is UTC+1",
            ),
            (
                "2024-12-27T17:30",
                Some("2024-12-27T17:30:00Z"),
                "GMT is UTC",
            ),
            ("2024-03-31T01:30", None, "the hour skipped in March"),
            (
                "2024-10-27T01:30",
                Some("2024-10-27T00:30:00Z"),
                "the repeated hour: its BST time",
            ),
            (
                "2100-07-01T12:00",
                Some("2100-07-01T11:00:00Z"),
                "beyond the tz table: the Act's rule",
            ),
        ];
        for (wall, utc, why) in table {
            assert_eq!(
                london_instant(local(wall)),
                utc.map(|u| at(u).naive_utc()),
                "{why}"
            );
        }
    }

    #[test]
    fn late_evening_in_british_summer_time_is_the_next_day_in_london() {
        // 23:30 UTC on 30 Jun 2023 is 00:30 BST on 1 Jul.
        assert_eq!(
            london_date(at("2023-06-30T23:30:00Z")),
            NaiveDate::from_ymd_opt(2023, 7, 1).unwrap()
        );
    }

    #[test]
    fn late_evening_in_winter_is_the_same_day_in_london() {
        assert_eq!(
            london_date(at("2023-01-31T23:30:00Z")),
            NaiveDate::from_ymd_opt(2023, 1, 31).unwrap()
        );
    }

    #[test]
    fn the_summer_time_act_rule_agrees_with_the_tz_table_in_the_years_both_cover() {
        // The direct rule, checked against chrono-tz at every evening half-hour of 2030 and
        // 2099 where the two could differ (an independent source for the rule used in 2100).
        for year in [2030, 2099] {
            let mut t = at(&format!("{year}-01-01T22:30:00Z"));
            while t.year() == year {
                assert_eq!(
                    summer_time_act_date(t),
                    t.with_timezone(&London).date_naive(),
                    "{t}"
                );
                t += Duration::minutes(30);
            }
        }
    }
}
