//! The generated calendars checked against independent data: gov.uk's published holidays
//! (2012–2028), a hand-counted table of weekday holidays per year (1971–2030) and
//! hand-made lists of the FOIA non-working weekdays (2022–2026), plus the switches and named one-off days.

use crate::support::{d, gov_uk};
use chrono::{Datelike, Weekday};
use section50::domain::calendar::{
    CalendarKind, CalendarOptions, Calendars, Division, Proclamation, ProclamationEffect,
    UnproclaimedSubstitutes, WorkingCalendar, holidays,
};
use std::collections::BTreeSet;

/// Table A, counted by hand from the rules of docs/deadline-rules.md §7: weekday holidays per year (E&W, Scotland, NI, FOIA union).
const APPENDIX_A: &[(i32, usize, usize, usize, usize)] = &[
    (1971, 6, 6, 8, 12),
    (1972, 6, 6, 8, 12),
    (1973, 6, 6, 8, 12),
    (1974, 7, 7, 9, 12),
    (1975, 7, 7, 9, 12),
    (1976, 7, 7, 9, 12),
    (1977, 8, 8, 10, 13),
    (1978, 8, 8, 10, 12),
    (1979, 8, 8, 10, 12),
    (1980, 8, 8, 10, 12),
    (1981, 9, 9, 11, 13),
    (1982, 8, 8, 10, 12),
    (1983, 8, 8, 10, 12),
    (1984, 8, 8, 10, 12),
    (1985, 8, 8, 10, 12),
    (1986, 8, 8, 10, 12),
    (1987, 8, 8, 10, 12),
    (1988, 8, 8, 10, 12),
    (1989, 8, 8, 10, 12),
    (1990, 8, 8, 10, 12),
    (1991, 8, 8, 10, 12),
    (1992, 8, 8, 10, 12),
    (1993, 8, 8, 10, 12),
    (1994, 8, 8, 10, 12),
    (1995, 8, 8, 10, 12),
    (1996, 8, 8, 10, 12),
    (1997, 8, 8, 10, 12),
    (1998, 8, 8, 10, 12),
    (1999, 9, 9, 11, 13),
    (2000, 8, 8, 10, 12),
    (2001, 8, 8, 10, 12),
    (2002, 9, 9, 11, 13),
    (2003, 8, 8, 10, 12),
    (2004, 8, 8, 10, 12),
    (2005, 8, 8, 10, 12),
    (2006, 8, 8, 10, 12),
    (2007, 8, 9, 10, 13),
    (2008, 8, 9, 10, 13),
    (2009, 8, 9, 10, 13),
    (2010, 8, 8, 10, 12),
    (2011, 9, 9, 11, 13),
    (2012, 9, 10, 11, 14),
    (2013, 8, 9, 10, 13),
    (2014, 8, 9, 10, 13),
    (2015, 8, 9, 10, 13),
    (2016, 8, 9, 10, 13),
    (2017, 8, 9, 10, 13),
    (2018, 8, 9, 10, 13),
    (2019, 8, 9, 10, 13),
    (2020, 8, 9, 10, 13),
    (2021, 8, 9, 10, 13),
    (2022, 10, 11, 12, 15),
    (2023, 9, 10, 11, 14),
    (2024, 8, 9, 10, 13),
    (2025, 8, 9, 10, 13),
    (2026, 8, 10, 10, 14),
    (2027, 8, 9, 10, 13),
    (2028, 8, 9, 10, 13),
    (2029, 8, 9, 10, 13),
    (2030, 8, 9, 10, 13),
];

/// List B, by hand: the FOIA (UK-union) non-working weekdays, 2022-2026.
const APPENDIX_B: &[(i32, &[&str])] = &[
    (
        2022,
        &[
            "2022-01-03",
            "2022-01-04",
            "2022-03-17",
            "2022-04-15",
            "2022-04-18",
            "2022-05-02",
            "2022-06-02",
            "2022-06-03",
            "2022-07-12",
            "2022-08-01",
            "2022-08-29",
            "2022-09-19",
            "2022-11-30",
            "2022-12-26",
            "2022-12-27",
        ],
    ),
    (
        2023,
        &[
            "2023-01-02",
            "2023-01-03",
            "2023-03-17",
            "2023-04-07",
            "2023-04-10",
            "2023-05-01",
            "2023-05-08",
            "2023-05-29",
            "2023-07-12",
            "2023-08-07",
            "2023-08-28",
            "2023-11-30",
            "2023-12-25",
            "2023-12-26",
        ],
    ),
    (
        2024,
        &[
            "2024-01-01",
            "2024-01-02",
            "2024-03-18",
            "2024-03-29",
            "2024-04-01",
            "2024-05-06",
            "2024-05-27",
            "2024-07-12",
            "2024-08-05",
            "2024-08-26",
            "2024-12-02",
            "2024-12-25",
            "2024-12-26",
        ],
    ),
    (
        2025,
        &[
            "2025-01-01",
            "2025-01-02",
            "2025-03-17",
            "2025-04-18",
            "2025-04-21",
            "2025-05-05",
            "2025-05-26",
            "2025-07-14",
            "2025-08-04",
            "2025-08-25",
            "2025-12-01",
            "2025-12-25",
            "2025-12-26",
        ],
    ),
    (
        2026,
        &[
            "2026-01-01",
            "2026-01-02",
            "2026-03-17",
            "2026-04-03",
            "2026-04-06",
            "2026-05-04",
            "2026-05-25",
            "2026-06-15",
            "2026-07-13",
            "2026-08-03",
            "2026-08-31",
            "2026-11-30",
            "2026-12-25",
            "2026-12-28",
        ],
    ),
];

fn weekday_holidays(
    division: Division,
    year: i32,
    options: &CalendarOptions,
) -> BTreeSet<chrono::NaiveDate> {
    holidays(division, year, options)
        .into_iter()
        .map(|h| h.date)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .collect()
}

#[test]
fn generated_holidays_equal_gov_uk_for_every_division_2012_to_2028() {
    let published = gov_uk();
    let options = CalendarOptions::default();
    for division in Division::ALL {
        let expected = &published[division.slug()];
        for year in 2012..=2028 {
            let generated: BTreeSet<_> = holidays(division, year, &options)
                .into_iter()
                .map(|h| h.date)
                .collect();
            let want: BTreeSet<_> = expected
                .iter()
                .filter(|d| d.year() == year)
                .copied()
                .collect();
            assert_eq!(generated, want, "{} {year}", division.slug());
        }
    }
}

#[test]
fn weekday_holiday_counts_equal_appendix_a_for_1971_to_2030() {
    let options = CalendarOptions::default();
    for &(year, ew, scotland, ni, union) in APPENDIX_A {
        let e = weekday_holidays(Division::EnglandAndWales, year, &options);
        let s = weekday_holidays(Division::Scotland, year, &options);
        let n = weekday_holidays(Division::NorthernIreland, year, &options);
        assert_eq!(e.len(), ew, "England and Wales {year}: {e:?}");
        assert_eq!(s.len(), scotland, "Scotland {year}: {s:?}");
        assert_eq!(n.len(), ni, "Northern Ireland {year}: {n:?}");
        let all: BTreeSet<_> = e.union(&s).chain(n.iter()).copied().collect();
        assert_eq!(all.len(), union, "FOIA union {year}: {all:?}");
    }
}

#[test]
fn union_non_working_weekdays_equal_appendix_b_for_2022_to_2026() {
    let cal = WorkingCalendar::build(CalendarKind::UkUnion, &CalendarOptions::default());
    for &(year, dates) in APPENDIX_B {
        let want: BTreeSet<_> = dates.iter().map(|s| d(s)).collect();
        let mut got = BTreeSet::new();
        let mut day = d(&format!("{year}-01-01"));
        while day.year() == year {
            if !cal.is_working_day(day).unwrap()
                && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            {
                got.insert(day);
            }
            day = day.succ_opt().unwrap();
        }
        assert_eq!(got, want, "FOIA union {year}");
    }
}

#[test]
fn named_days_are_non_working_in_the_right_calendars() {
    let cals = Calendars::build(&CalendarOptions::default());
    let ew = cals.get(CalendarKind::EnglandAndWales);
    let sc = cals.get(CalendarKind::Scotland);
    let ni = cals.get(CalendarKind::NorthernIreland);
    let uk = cals.get(CalendarKind::UkUnion);
    // (date, E&W working?, Scotland working?, NI working?, union working?, why)
    let table = [
        (
            "2022-09-19",
            false,
            false,
            false,
            false,
            "State funeral of Queen Elizabeth II, all divisions",
        ),
        (
            "2023-05-08",
            false,
            false,
            false,
            false,
            "Coronation of King Charles III",
        ),
        (
            "2026-06-15",
            true,
            false,
            true,
            false,
            "2026 World Cup day: Scotland only, so FOIA too",
        ),
        (
            "2023-11-30",
            true,
            false,
            true,
            false,
            "St Andrew's Day: Scotland only",
        ),
        (
            "2006-11-30",
            true,
            true,
            true,
            true,
            "St Andrew's Act in force 16 Jan 2007: 2006 is a working day",
        ),
        (
            "2007-11-30",
            true,
            false,
            true,
            false,
            "first St Andrew's bank holiday",
        ),
        (
            "2023-03-17",
            true,
            true,
            false,
            false,
            "St Patrick's Day: NI only",
        ),
        (
            "2018-03-19",
            true,
            true,
            false,
            false,
            "St Patrick's on Saturday 2018 moved to Monday 19",
        ),
        (
            "2023-07-12",
            true,
            true,
            false,
            false,
            "Battle of the Boyne: NI only",
        ),
        (
            "2025-07-14",
            true,
            true,
            false,
            false,
            "Boyne on Saturday 12 Jul 2025 moved to Monday 14",
        ),
        (
            "2024-04-01",
            false,
            true,
            false,
            false,
            "Easter Monday is not a Scottish bank holiday",
        ),
        (
            "2024-08-26",
            false,
            true,
            false,
            false,
            "late-August Monday is not Scottish",
        ),
        (
            "2024-08-05",
            true,
            false,
            true,
            false,
            "first Monday in August: Scotland only",
        ),
        (
            "2024-01-02",
            true,
            false,
            true,
            false,
            "2 January: Scotland only",
        ),
        (
            "2020-05-08",
            false,
            false,
            false,
            false,
            "VE Day 75: Early May moved to Friday 8 May",
        ),
        (
            "2020-05-04",
            true,
            true,
            true,
            true,
            "the Monday it replaced is a working day",
        ),
        (
            "2022-05-30",
            true,
            true,
            true,
            true,
            "Spring 2022 moved to 2 June: 30 May works",
        ),
        (
            "2022-06-02",
            false,
            false,
            false,
            false,
            "Spring 2022 moved to Thursday 2 June",
        ),
        (
            "2021-12-28",
            false,
            false,
            false,
            false,
            "Christmas on Saturday: Boxing substitute Tuesday 28",
        ),
        (
            "2020-12-28",
            false,
            false,
            false,
            false,
            "Christmas on Friday: Boxing substitute Monday 28",
        ),
        (
            "2010-01-04",
            true,
            true,
            true,
            true,
            "Scotland 4 Jan 2010 was never proclaimed (law default)",
        ),
        (
            "2011-01-04",
            true,
            true,
            true,
            true,
            "Scotland 4 Jan 2011 was never proclaimed (law default)",
        ),
        (
            "1973-11-14",
            true,
            true,
            true,
            true,
            "Princess Anne's wedding is off by default",
        ),
        ("1977-06-07", false, false, false, false, "Silver Jubilee"),
        ("1999-12-31", false, false, false, false, "Millennium"),
        (
            "1975-05-05",
            true,
            false,
            true,
            false,
            "Early May in Scotland's Schedule from 1971; E&W only from 1978",
        ),
        (
            "1973-01-01",
            true,
            false,
            true,
            false,
            "New Year's Day in E&W only from 1974",
        ),
        (
            "2024-12-24",
            true,
            true,
            true,
            true,
            "Christmas Eve is a working day (LTT47)",
        ),
    ];
    for (date, e, s, n, u, why) in table {
        let day = d(date);
        assert_eq!(ew.is_working_day(day).unwrap(), e, "E&W {date}: {why}");
        assert_eq!(sc.is_working_day(day).unwrap(), s, "Scotland {date}: {why}");
        assert_eq!(ni.is_working_day(day).unwrap(), n, "NI {date}: {why}");
        assert_eq!(uk.is_working_day(day).unwrap(), u, "union {date}: {why}");
    }
}

#[test]
fn the_as_published_switch_makes_scotlands_unproclaimed_january_days_holidays() {
    let options = CalendarOptions {
        unproclaimed_substitutes: UnproclaimedSubstitutes::AsPublished,
        ..CalendarOptions::default()
    };
    let sc = WorkingCalendar::build(CalendarKind::Scotland, &options);
    assert!(!sc.is_working_day(d("2010-01-04")).unwrap());
    assert!(!sc.is_working_day(d("2011-01-04")).unwrap());
}

#[test]
fn the_1973_switch_makes_princess_annes_wedding_a_holiday_everywhere() {
    let options = CalendarOptions {
        royal_wedding_1973: true,
        ..CalendarOptions::default()
    };
    // Table A for 1973 (6, 6, 8) plus the one extra Wednesday.
    for (division, count) in [
        (Division::EnglandAndWales, 7),
        (Division::Scotland, 7),
        (Division::NorthernIreland, 9),
    ] {
        assert_eq!(
            weekday_holidays(division, 1973, &options).len(),
            count,
            "{division}"
        );
    }
}

#[test]
fn a_day_proclaimed_by_configuration_becomes_a_non_working_day_without_a_rebuild() {
    let day = d("2027-07-05");
    let options = CalendarOptions {
        extra_days: vec![Proclamation {
            date: day,
            divisions: vec![Division::NorthernIreland],
            effect: ProclamationEffect::Additional,
            name: "Example proclamation".into(),
            source: "test".into(),
        }],
        ..CalendarOptions::default()
    };
    let before = WorkingCalendar::build(CalendarKind::UkUnion, &CalendarOptions::default());
    let after = WorkingCalendar::build(CalendarKind::UkUnion, &options);
    assert!(before.is_working_day(day).unwrap());
    assert!(!after.is_working_day(day).unwrap());
    assert_eq!(
        after.reason(day).as_deref(),
        Some("Example proclamation (Northern Ireland)")
    );
    let ew = WorkingCalendar::build(CalendarKind::EnglandAndWales, &options);
    assert!(
        ew.is_working_day(day).unwrap(),
        "an NI-only day leaves E&W working"
    );
}

#[test]
fn dates_outside_1971_to_2100_are_refused_not_guessed() {
    let cal = WorkingCalendar::build(CalendarKind::UkUnion, &CalendarOptions::default());
    assert!(cal.is_working_day(d("1970-12-31")).is_err());
    assert!(cal.add_working_days(d("2100-12-20"), 20).is_err());
    assert!(cal.add_working_days(d("2100-11-01"), 20).is_ok());
}

#[test]
fn reasons_name_the_holiday_and_its_division() {
    let cal = WorkingCalendar::build(CalendarKind::UkUnion, &CalendarOptions::default());
    assert_eq!(
        cal.reason(d("2023-11-30")).as_deref(),
        Some("St Andrew's Day (Scotland)")
    );
    assert_eq!(cal.reason(d("2023-11-25")).as_deref(), Some("Saturday"));
    assert_eq!(cal.reason(d("2023-11-29")), None);
}
