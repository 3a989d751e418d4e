//! The days the Banking and Financial Dealings Act 1971 (Schedule 1) and the common law make
//! bank holidays in each division, year by year, before any proclamation: Easter, the Monday
//! holidays, New Year, Christmas and Boxing Day, St Andrew's and St Patrick's Days.

use super::Division;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

pub(super) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    // Callers pass only valid calendar dates built from constants and in-range years.
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// Easter Sunday by the anonymous Gregorian (Meeus/Jones/Butcher) computus
/// (docs/deadline-rules.md §7.6).
#[must_use]
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(year, month as u32, day as u32)
}

pub(super) fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap_or(NaiveDate::MIN)
}

pub(super) fn last_monday(year: i32, month: u32) -> NaiveDate {
    let next_month_first = if month == 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    };
    let mut d = next_month_first - Duration::days(1);
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    d
}

/// The following Monday for a Saturday or Sunday, else the day itself.
pub(super) fn weekend_to_monday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Duration::days(2),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// Christmas and Boxing Day in every division from 1974 (E&W and NI always): the matrix of
/// docs/deadline-rules.md §7.5, which reproduces gov.uk 2012–2028.
pub(super) fn christmas_and_boxing_day(year: i32, out: &mut Vec<(NaiveDate, &'static str)>) {
    let christmas = ymd(year, 12, 25);
    match christmas.weekday() {
        // Sch 1: 26 Dec (Saturday) is the Schedule day; Monday 28 is proclaimed in its place.
        Weekday::Fri => {
            out.push((christmas, "Christmas Day"));
            out.push((ymd(year, 12, 28), "Boxing Day (substitute day)"));
        }
        // Sch 1: 27 Dec when 25 or 26 is a Sunday; 28 Dec proclaimed.
        Weekday::Sat => {
            out.push((ymd(year, 12, 27), "Christmas Day (substitute day)"));
            out.push((ymd(year, 12, 28), "Boxing Day (substitute day)"));
        }
        // Sch 1: 27 Dec when 25 Dec is a Sunday; Christmas observed on Monday 26.
        Weekday::Sun => {
            out.push((ymd(year, 12, 26), "Boxing Day"));
            out.push((ymd(year, 12, 27), "Christmas Day (substitute day)"));
        }
        _ => {
            out.push((christmas, "Christmas Day"));
            out.push((ymd(year, 12, 26), "Boxing Day"));
        }
    }
}

/// The Schedule 1 and common-law days of one division and year, before proclamations.
/// Long because it is kept whole, so that it can be read against Schedule 1 of the Banking and
/// Financial Dealings Act 1971 division by division.
pub(super) fn schedule_days(division: Division, year: i32) -> Vec<(NaiveDate, &'static str)> {
    let mut out = Vec::with_capacity(12);
    let easter = easter_sunday(year);
    // Good Friday: common law in E&W and NI, Sch 1 para 2 in Scotland.
    out.push((easter - Duration::days(2), "Good Friday"));
    match division {
        Division::EnglandAndWales | Division::NorthernIreland => {
            // New Year's Day: proclaimed every year from 1974 (§7.2).
            if year >= 1974 {
                let nyd = ymd(year, 1, 1);
                let name = if nyd.weekday() == Weekday::Sat || nyd.weekday() == Weekday::Sun {
                    "New Year's Day (substitute day)"
                } else {
                    "New Year's Day"
                };
                out.push((weekend_to_monday(nyd), name));
            }
            // Easter Monday: Sch 1 paras 1 and 3.
            out.push((easter + Duration::days(1), "Easter Monday"));
            // Early May: proclaimed every year from 1978 (§7.2).
            if year >= 1978 {
                out.push((first_monday(year, 5), "Early May bank holiday"));
            }
            // Spring: last Monday in May, Sch 1 (replaced Whit Monday in 1971).
            out.push((last_monday(year, 5), "Spring bank holiday"));
            // Summer: last Monday in August, Sch 1.
            out.push((last_monday(year, 8), "Summer bank holiday"));
            christmas_and_boxing_day(year, &mut out);
            if division == Division::NorthernIreland {
                // St Patrick's Day: Sch 1 para 3 (Sunday -> 18 Mar); Saturday -> Monday 19 by
                // proclamation (e.g. 2018), §7.3.
                let st_patrick = ymd(year, 3, 17);
                let name = if st_patrick.weekday() == Weekday::Sat
                    || st_patrick.weekday() == Weekday::Sun
                {
                    "St Patrick's Day (substitute day)"
                } else {
                    "St Patrick's Day"
                };
                out.push((weekend_to_monday(st_patrick), name));
                // Battle of the Boyne: proclaimed every year, weekend -> following Monday, §7.3.
                let boyne = ymd(year, 7, 12);
                let name = if boyne.weekday() == Weekday::Sat || boyne.weekday() == Weekday::Sun {
                    "Battle of the Boyne (Orangemen's Day) (substitute day)"
                } else {
                    "Battle of the Boyne (Orangemen's Day)"
                };
                out.push((weekend_to_monday(boyne), name));
            }
        }
        Division::Scotland => {
            // New Year's Day and 2 January: Sch 1 para 2 plus proclamations, matrix §7.5.
            let nyd = ymd(year, 1, 1);
            match nyd.weekday() {
                Weekday::Fri => {
                    out.push((nyd, "New Year's Day"));
                    // 2 Jan is a Saturday: Monday 4 Jan proclaimed (not in 2010, see table).
                    out.push((ymd(year, 1, 4), "2nd January (substitute day)"));
                }
                Weekday::Sat => {
                    // Sch 1: 2 Jan on a Sunday moves to 3 Jan; 4 Jan proclaimed for 1 Jan
                    // (not in 2011, see table).
                    out.push((ymd(year, 1, 3), "2nd January (substitute day)"));
                    out.push((ymd(year, 1, 4), "New Year's Day (substitute day)"));
                }
                Weekday::Sun => {
                    // Sch 1: New Year's Day on a Sunday moves to 3 Jan.
                    out.push((ymd(year, 1, 2), "2nd January"));
                    out.push((ymd(year, 1, 3), "New Year's Day (substitute day)"));
                }
                _ => {
                    out.push((nyd, "New Year's Day"));
                    out.push((ymd(year, 1, 2), "2nd January"));
                }
            }
            // Early May: first Monday in May, in the Scottish Schedule from 1971 (§7.4).
            out.push((first_monday(year, 5), "Early May bank holiday"));
            // Spring: last Monday in May by proclamation from 1978 (§7.4).
            if year >= 1978 {
                out.push((last_monday(year, 5), "Spring bank holiday"));
            }
            // Summer: first Monday in August, Sch 1 para 2.
            out.push((first_monday(year, 8), "Summer bank holiday"));
            // St Andrew's Day Bank Holiday (Scotland) Act 2007 s1: in force 16 Jan 2007;
            // weekend -> following Monday.
            if year >= 2007 {
                let st_andrew = ymd(year, 11, 30);
                let name =
                    if st_andrew.weekday() == Weekday::Sat || st_andrew.weekday() == Weekday::Sun {
                        "St Andrew's Day (substitute day)"
                    } else {
                        "St Andrew's Day"
                    };
                out.push((weekend_to_monday(st_andrew), name));
            }
            if year >= 1974 {
                // Boxing Day proclaimed in Scotland from 1974: same matrix as E&W (§7.4, §7.5).
                christmas_and_boxing_day(year, &mut out);
            } else {
                // 1971–1973: Christmas only, weekend -> following Monday (§7.5, Saturday 1971
                // UNCONFIRMED).
                let christmas = ymd(year, 12, 25);
                out.push((weekend_to_monday(christmas), "Christmas Day"));
            }
        }
    }
    out
}
