//! The one way a date is written for a person to read (issue 14: "one date format (UK,
//! '19 June 2024')"): tables, case pages, notices, letters and emails all call these. Machine
//! formats (CSV, JSON, iCalendar) stay ISO 8601 and are written where they are made.

use chrono::NaiveDate;

/// A date as the regulator writes it: "19 June 2024" (day without a leading zero, the month in
/// full, the year in four figures).
#[must_use]
pub fn uk_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// The same date after its weekday, for prose that explains a date ("day 1 is Tuesday 2 April
/// 2024"): "Wednesday 19 June 2024".
#[must_use]
pub fn uk_date_with_weekday(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a real date")
    }

    #[test]
    fn dates_are_written_the_uk_way_with_the_month_in_full() {
        let cases = [
            (
                "a single-figure day has no leading zero",
                d(2024, 4, 2),
                "2 April 2024",
            ),
            (
                "a long month is not abbreviated",
                d(2024, 9, 30),
                "30 September 2024",
            ),
            (
                "a short month is not abbreviated either",
                d(2024, 6, 19),
                "19 June 2024",
            ),
            ("leap day", d(2024, 2, 29), "29 February 2024"),
        ];
        for (name, date, expected) in cases {
            assert_eq!(uk_date(date), expected, "{name}");
        }
    }

    #[test]
    fn the_weekday_goes_before_the_same_date() {
        assert_eq!(uk_date_with_weekday(d(2024, 4, 2)), "Tuesday 2 April 2024");
        assert_eq!(
            uk_date_with_weekday(d(2024, 6, 19)),
            "Wednesday 19 June 2024"
        );
    }
}
