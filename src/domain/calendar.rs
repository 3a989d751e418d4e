//! UK bank holidays for the three divisions, 1971–2100, generated from the rules of the
//! Banking and Financial Dealings Act 1971 (Schedule 1), the common-law holidays, Easter, and a
//! data table of proclamations (additional, moved and unproclaimed days).
//!
//! Every rule cites its source; the rules are written out in `docs/deadline-rules.md` §7.
//! A deployment adds a newly proclaimed day through [`CalendarOptions::extra_days`]
//! (configuration), never by a rebuild.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// First year the generated calendars cover: the 1971 Act received Royal Assent in Dec 1971.
pub const FIRST_YEAR: i32 = 1971;
/// Last year the generated calendars cover.
pub const LAST_YEAR: i32 = 2100;

/// A legal division of the United Kingdom with its own bank holidays (1971 Act Sch 1 paras 1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Division {
    /// Schedule 1 para 1.
    EnglandAndWales,
    /// Schedule 1 para 2.
    Scotland,
    /// Schedule 1 para 3.
    NorthernIreland,
}

impl Division {
    /// All three divisions, in the order gov.uk lists them.
    pub const ALL: [Division; 3] = [
        Division::EnglandAndWales,
        Division::Scotland,
        Division::NorthernIreland,
    ];

    /// The division's name as people write it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Division::EnglandAndWales => "England and Wales",
            Division::Scotland => "Scotland",
            Division::NorthernIreland => "Northern Ireland",
        }
    }

    /// The identifier used in URLs, JSON and the command line (`england-and-wales` …).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Division::EnglandAndWales => "england-and-wales",
            Division::Scotland => "scotland",
            Division::NorthernIreland => "northern-ireland",
        }
    }
}

impl fmt::Display for Division {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// Which days count as non-working for a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CalendarKind {
    /// England and Wales only (the tribunal's rule 12 default, docs/deadline-rules.md §5).
    EnglandAndWales,
    /// Scotland only: FOISA s73 and EIR (Scotland).
    Scotland,
    /// Northern Ireland only.
    NorthernIreland,
    /// Any part of the UK: FOIA s10(6) "a bank holiday … in any part of the United Kingdom",
    /// also applied to EIR (docs/deadline-rules.md §1.2, §2).
    UkUnion,
}

impl CalendarKind {
    /// Every calendar the engine builds.
    pub const ALL: [CalendarKind; 4] = [
        CalendarKind::EnglandAndWales,
        CalendarKind::Scotland,
        CalendarKind::NorthernIreland,
        CalendarKind::UkUnion,
    ];

    /// The divisions whose holidays are non-working days in this calendar.
    #[must_use]
    pub fn divisions(self) -> &'static [Division] {
        match self {
            CalendarKind::EnglandAndWales => &[Division::EnglandAndWales],
            CalendarKind::Scotland => &[Division::Scotland],
            CalendarKind::NorthernIreland => &[Division::NorthernIreland],
            CalendarKind::UkUnion => &Division::ALL,
        }
    }

    /// The identifier used on the command line and in JSON.
    /// The calendar as people say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            CalendarKind::EnglandAndWales => "England and Wales",
            CalendarKind::Scotland => "Scotland",
            CalendarKind::NorthernIreland => "Northern Ireland",
            CalendarKind::UkUnion => "whole-UK (a holiday anywhere in the UK)",
        }
    }

    /// Its identifier on the command line and in JSON (`england-and-wales`, …).
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            CalendarKind::EnglandAndWales => "england-and-wales",
            CalendarKind::Scotland => "scotland",
            CalendarKind::NorthernIreland => "northern-ireland",
            CalendarKind::UkUnion => "uk-union",
        }
    }

    /// Parses a slug as written on the command line.
    ///
    /// # Errors
    /// Returns the unknown text when it names no calendar.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.slug() == s || k.slug().replace('-', "_") == s)
            .ok_or_else(|| {
                format!(
                    "unknown calendar \"{s}\": use england-and-wales, scotland, northern-ireland or uk-union"
                )
            })
    }
}

/// What a proclamation does to the generated Schedule days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProclamationEffect {
    /// An additional bank holiday (1971 Act s1(3)).
    Additional,
    /// This date replaces a Schedule day, which stops being a holiday (1971 Act s1(2)).
    Replaces {
        /// The Schedule day that is no longer a holiday.
        original: NaiveDate,
    },
    /// A substitute day that the rules would generate but that was never proclaimed.
    NotProclaimed,
}

/// One entry in the table of proclamations, with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proclamation {
    /// The day concerned.
    pub date: NaiveDate,
    /// The divisions it applies to.
    pub divisions: Vec<Division>,
    /// What it does.
    #[serde(flatten)]
    pub effect: ProclamationEffect,
    /// The holiday's name.
    pub name: String,
    /// Where this entry comes from (Gazette notice, gov.uk data, statute).
    pub source: String,
}

/// How to treat Scotland's 4 January 2010 and 2011, for which no proclamation was made
/// (docs/deadline-rules.md §7.5, §7.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnproclaimedSubstitutes {
    /// As the law stands: they were working days (dracos.co.uk, confirmed with the Scottish
    /// Government, the Privy Council Office and the Edinburgh Gazette).
    #[default]
    Law,
    /// As widely published at the time: treat them as bank holidays.
    AsPublished,
}

/// The switches that change which days are bank holidays, with the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CalendarOptions {
    /// Scotland 4 Jan 2010 and 4 Jan 2011.
    pub unproclaimed_substitutes: UnproclaimedSubstitutes,
    /// Treat Wed 14 Nov 1973 (Princess Anne's wedding) as a UK bank holiday. Off by default:
    /// no Gazette proclamation was found (docs/deadline-rules.md §7.7).
    pub royal_wedding_1973: bool,
    /// Days proclaimed after this build, added by configuration.
    pub extra_days: Vec<Proclamation>,
}

/// A bank holiday observed on a date in a division.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Holiday {
    /// The date it is observed (after any substitution).
    pub date: NaiveDate,
    /// Its name, e.g. "Boxing Day (substitute day)".
    pub name: String,
    /// The division it belongs to.
    pub division: Division,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
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

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap_or(NaiveDate::MIN)
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
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
fn weekend_to_monday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Duration::days(2),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

/// Christmas and Boxing Day in every division from 1974 (E&W and NI always): the matrix of
/// docs/deadline-rules.md §7.5, which reproduces gov.uk 2012–2028.
fn christmas_and_boxing_day(year: i32, out: &mut Vec<(NaiveDate, &'static str)>) {
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
fn schedule_days(division: Division, year: i32) -> Vec<(NaiveDate, &'static str)> {
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

const ALL_DIVISIONS: &[Division] = &Division::ALL;
const SCOTLAND_ONLY: &[Division] = &[Division::Scotland];

/// The built-in table of proclamations 1971–2030 (docs/deadline-rules.md §7.7), each with its source.
/// A new proclamation is one line here or, without a rebuild, one entry of
/// [`CalendarOptions::extra_days`].
#[must_use]
pub fn proclamations(options: &CalendarOptions) -> Vec<Proclamation> {
    use ProclamationEffect::{Additional, NotProclaimed, Replaces};
    let table: [(NaiveDate, &[Division], ProclamationEffect, &str, &str); 17] = [
        (
            ymd(1977, 6, 7),
            ALL_DIVISIONS,
            Additional,
            "Silver Jubilee of Queen Elizabeth II",
            "1971 Act s1(3) proclamation; docs/deadline-rules.md §7.7",
        ),
        (
            ymd(1981, 7, 29),
            ALL_DIVISIONS,
            Additional,
            "Wedding of the Prince of Wales",
            "1971 Act s1(3) proclamation; docs/deadline-rules.md §7.7",
        ),
        (
            ymd(1995, 5, 8),
            ALL_DIVISIONS,
            Replaces {
                original: ymd(1995, 5, 1),
            },
            "Early May bank holiday (VE Day 50)",
            "1971 Act s1(2) proclamation; Scotland assumed, UNCONFIRMED (docs/deadline-rules.md §7.4)",
        ),
        (
            ymd(1999, 12, 31),
            ALL_DIVISIONS,
            Additional,
            "Millennium",
            "1971 Act s1(3) proclamation (Gazette L-55182-5SI)",
        ),
        (
            ymd(2002, 6, 3),
            ALL_DIVISIONS,
            Additional,
            "Golden Jubilee of Queen Elizabeth II",
            "1971 Act s1(3) proclamation; docs/deadline-rules.md §7.7",
        ),
        (
            ymd(2002, 6, 4),
            ALL_DIVISIONS,
            Replaces {
                original: ymd(2002, 5, 27),
            },
            "Spring bank holiday (moved for the Golden Jubilee)",
            "1971 Act s1(2) proclamation; docs/deadline-rules.md §7.7",
        ),
        (
            ymd(2011, 4, 29),
            ALL_DIVISIONS,
            Additional,
            "Wedding of Prince William and Catherine Middleton",
            "1971 Act s1(3) proclamation; docs/deadline-rules.md §7.7",
        ),
        (
            ymd(2012, 6, 4),
            ALL_DIVISIONS,
            Replaces {
                original: ymd(2012, 5, 28),
            },
            "Spring bank holiday (moved for the Diamond Jubilee)",
            "gov.uk bank-holidays.json 2012",
        ),
        (
            ymd(2012, 6, 5),
            ALL_DIVISIONS,
            Additional,
            "Diamond Jubilee of Queen Elizabeth II",
            "gov.uk bank-holidays.json 2012",
        ),
        (
            ymd(2020, 5, 8),
            ALL_DIVISIONS,
            Replaces {
                original: ymd(2020, 5, 4),
            },
            "Early May bank holiday (VE Day 75)",
            "London Gazette 3326938 (E, W, NI); gov.uk (Scotland)",
        ),
        (
            ymd(2022, 6, 2),
            ALL_DIVISIONS,
            Replaces {
                original: ymd(2022, 5, 30),
            },
            "Spring bank holiday (moved for the Platinum Jubilee)",
            "gov.uk bank-holidays.json 2022",
        ),
        (
            ymd(2022, 6, 3),
            ALL_DIVISIONS,
            Additional,
            "Platinum Jubilee of Queen Elizabeth II",
            "gov.uk bank-holidays.json 2022",
        ),
        (
            ymd(2022, 9, 19),
            ALL_DIVISIONS,
            Additional,
            "State Funeral of Queen Elizabeth II",
            "London Gazette 4158896; gov.uk",
        ),
        (
            ymd(2023, 5, 8),
            ALL_DIVISIONS,
            Additional,
            "Coronation of King Charles III",
            "London Gazette 4115743; gov.uk",
        ),
        (
            ymd(2026, 6, 15),
            SCOTLAND_ONLY,
            Additional,
            "World Cup bank holiday",
            "Proclamation of 3 Feb 2026 (Scotland); gov.uk",
        ),
        (
            ymd(2010, 1, 4),
            SCOTLAND_ONLY,
            NotProclaimed,
            "2nd January (substitute day), not proclaimed",
            "dracos.co.uk/wrote/bad-bank-holidays; docs/deadline-rules.md §7.8",
        ),
        (
            ymd(2011, 1, 4),
            SCOTLAND_ONLY,
            NotProclaimed,
            "New Year's Day (substitute day), not proclaimed",
            "dracos.co.uk/wrote/bad-bank-holidays; docs/deadline-rules.md §7.8",
        ),
    ];
    let mut out: Vec<Proclamation> = table
        .into_iter()
        .filter(|(_, _, effect, _, _)| {
            // The as_published switch keeps the unproclaimed Scottish substitutes as holidays.
            !(matches!(effect, NotProclaimed)
                && options.unproclaimed_substitutes == UnproclaimedSubstitutes::AsPublished)
        })
        .map(|(date, divisions, effect, name, source)| Proclamation {
            date,
            divisions: divisions.to_vec(),
            effect,
            name: name.to_owned(),
            source: source.to_owned(),
        })
        .collect();
    if options.royal_wedding_1973 {
        out.push(Proclamation {
            date: ymd(1973, 11, 14),
            divisions: ALL_DIVISIONS.to_vec(),
            effect: Additional,
            name: "Wedding of Princess Anne".to_owned(),
            source: "press reports only, UNCONFIRMED (docs/deadline-rules.md §7.7)".to_owned(),
        });
    }
    out.extend(options.extra_days.iter().cloned());
    out
}

/// The observed bank holidays of one division in one year, in date order, with every
/// proclamation applied. Includes Good Friday and Christmas Day.
#[must_use]
pub fn holidays(division: Division, year: i32, options: &CalendarOptions) -> Vec<Holiday> {
    let table = proclamations(options);
    holidays_with_table(division, year, &table)
}

fn holidays_with_table(division: Division, year: i32, table: &[Proclamation]) -> Vec<Holiday> {
    let mut days: BTreeMap<NaiveDate, String> = schedule_days(division, year)
        .into_iter()
        .map(|(d, n)| (d, n.to_owned()))
        .collect();
    for p in table.iter().filter(|p| p.divisions.contains(&division)) {
        match &p.effect {
            ProclamationEffect::Additional => {
                if p.date.year() == year {
                    days.insert(p.date, p.name.clone());
                }
            }
            ProclamationEffect::Replaces { original } => {
                if original.year() == year {
                    days.remove(original);
                }
                if p.date.year() == year {
                    days.insert(p.date, p.name.clone());
                }
            }
            ProclamationEffect::NotProclaimed => {
                if p.date.year() == year {
                    days.remove(&p.date);
                }
            }
        }
    }
    days.into_iter()
        .map(|(date, name)| Holiday {
            date,
            name,
            division,
        })
        .collect()
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedDay {
    /// The day.
    pub date: NaiveDate,
    /// "Saturday", "Sunday" or the holiday's name with its division(s).
    pub reason: String,
}

/// A date outside the years the calendars cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{date} is outside the years the calendar covers ({FIRST_YEAR}–{LAST_YEAR})")]
pub struct OutOfRange {
    /// The offending date.
    pub date: NaiveDate,
}

/// Working-day arithmetic over one calendar, O(1) per call after a precomputation of
/// cumulative working-day counts (DESIGN.md convention 3).
#[derive(Debug, Clone)]
pub struct WorkingCalendar {
    kind: CalendarKind,
    /// `num_days_from_ce` of 1 Jan [`FIRST_YEAR`].
    base: i32,
    /// `cumulative[i]` = working days in [first, first + i).
    cumulative: Vec<u32>,
    /// `working[k]` = the k-th working day (0-based), stored as dates so adding is one load.
    working: Vec<NaiveDate>,
    /// Holiday names per date (weekdays and weekends), for explanations.
    names: BTreeMap<NaiveDate, Vec<(String, Division)>>,
}

impl WorkingCalendar {
    /// Builds the calendar for `kind` with the given options.
    #[must_use]
    pub fn build(kind: CalendarKind, options: &CalendarOptions) -> Self {
        let table = proclamations(options);
        let first = ymd(FIRST_YEAR, 1, 1);
        let last = ymd(LAST_YEAR, 12, 31);
        let mut names: BTreeMap<NaiveDate, Vec<(String, Division)>> = BTreeMap::new();
        for year in FIRST_YEAR..=LAST_YEAR {
            for &division in kind.divisions() {
                for h in holidays_with_table(division, year, &table) {
                    names.entry(h.date).or_default().push((h.name, h.division));
                }
            }
        }
        let days = (last - first).num_days() as usize + 1;
        let mut cumulative = Vec::with_capacity(days + 1);
        let mut working = Vec::with_capacity(days);
        cumulative.push(0);
        let mut count = 0u32;
        let mut date = first;
        for _ in 0..days {
            let weekend = matches!(date.weekday(), Weekday::Sat | Weekday::Sun);
            if !weekend && !names.contains_key(&date) {
                count += 1;
                working.push(date);
            }
            cumulative.push(count);
            date = date.succ_opt().unwrap_or(date);
        }
        WorkingCalendar {
            kind,
            base: first.num_days_from_ce(),
            cumulative,
            working,
            names,
        }
    }

    /// Which calendar this is.
    #[must_use]
    pub fn kind(&self) -> CalendarKind {
        self.kind
    }

    #[inline]
    fn offset(&self, date: NaiveDate) -> Result<usize, OutOfRange> {
        let off = date.num_days_from_ce() - self.base;
        if off < 0 || off as usize + 1 >= self.cumulative.len() {
            return Err(OutOfRange { date });
        }
        Ok(off as usize)
    }

    /// Whether `date` is a working day.
    ///
    /// # Errors
    /// [`OutOfRange`] outside 1971–2100.
    #[inline]
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutOfRange> {
        let off = self.offset(date)?;
        Ok(self.cumulative[off + 1] != self.cumulative[off])
    }

    /// Working days in the half-open interval `(from, to]`; negative when `to < from`.
    /// `working_days_between(due, response)` is the working days late (docs/deadline-rules.md §0).
    ///
    /// # Errors
    /// [`OutOfRange`] outside 1971–2100.
    #[inline]
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> Result<i64, OutOfRange> {
        let a = self.offset(from)?;
        let b = self.offset(to)?;
        Ok(i64::from(self.cumulative[b + 1]) - i64::from(self.cumulative[a + 1]))
    }

    /// The `n`-th working day strictly after `date` (FOIA s10(1) "the twentieth working day
    /// following the date of receipt": the day itself never counts). `n = 0` returns `date`.
    ///
    /// # Errors
    /// [`OutOfRange`] when the start or the result falls outside 1971–2100.
    #[inline]
    pub fn add_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, OutOfRange> {
        if n == 0 {
            self.offset(date)?;
            return Ok(date);
        }
        let off = self.offset(date)?;
        let before = self.cumulative[off + 1] as usize;
        let index = before + n as usize - 1;
        match self.working.get(index) {
            Some(&d) => Ok(d),
            // The date reported is where the count would land; past chrono's range, the start.
            None => Err(OutOfRange {
                date: date
                    .checked_add_days(chrono::Days::new(u64::from(n)))
                    .unwrap_or(date),
            }),
        }
    }

    /// `date` itself when it is a working day, else the next working day (the roll-forward of
    /// tribunal rule 12 and the ICO's SAR method).
    ///
    /// # Errors
    /// [`OutOfRange`] outside 1971–2100.
    #[inline]
    pub fn roll_forward(&self, date: NaiveDate) -> Result<NaiveDate, OutOfRange> {
        let off = self.offset(date)?;
        let index = self.cumulative[off] as usize;
        match self.working.get(index) {
            Some(&d) => Ok(d),
            None => Err(OutOfRange { date }),
        }
    }

    /// The first working day strictly after `date`.
    ///
    /// # Errors
    /// [`OutOfRange`] outside 1971–2100.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, OutOfRange> {
        self.add_working_days(date, 1)
    }

    /// Why `date` is not a working day, or `None` when it is one.
    #[must_use]
    pub fn reason(&self, date: NaiveDate) -> Option<String> {
        if let Some(entries) = self.names.get(&date) {
            // Group the divisions under each distinct name: "St Andrew's Day (Scotland)".
            let mut grouped: Vec<(&str, Vec<&str>)> = Vec::new();
            for (name, division) in entries {
                match grouped.iter_mut().find(|(n, _)| n == name) {
                    Some((_, divisions)) => divisions.push(division.label()),
                    None => grouped.push((name, vec![division.label()])),
                }
            }
            let parts: Vec<String> = grouped
                .into_iter()
                .map(|(name, divisions)| format!("{name} ({})", divisions.join(", ")))
                .collect();
            return Some(parts.join("; "));
        }
        match date.weekday() {
            Weekday::Sat => Some("Saturday".to_owned()),
            Weekday::Sun => Some("Sunday".to_owned()),
            _ => None,
        }
    }

    /// Every non-working day in `(from, to]` with the reason, for "why this date" panels.
    #[must_use]
    pub fn skipped_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<SkippedDay> {
        let mut out = Vec::new();
        let mut d = from;
        while d < to {
            d = match d.succ_opt() {
                Some(n) => n,
                None => break,
            };
            if let Some(reason) = self.reason(d) {
                out.push(SkippedDay { date: d, reason });
            }
        }
        out
    }

    /// The holidays (with names) of this calendar in a year, weekend ones included.
    #[must_use]
    pub fn holidays_in_year(&self, year: i32) -> Vec<(NaiveDate, String)> {
        self.names
            .range(ymd(year, 1, 1)..=ymd(year, 12, 31))
            .filter_map(|(d, _)| self.reason(*d).map(|r| (*d, r)))
            .collect()
    }
}

/// The four calendars built from one set of options.
#[derive(Debug, Clone)]
pub struct Calendars {
    england_and_wales: WorkingCalendar,
    scotland: WorkingCalendar,
    northern_ireland: WorkingCalendar,
    uk_union: WorkingCalendar,
    options: CalendarOptions,
}

impl Calendars {
    /// Builds every calendar (a few milliseconds).
    #[must_use]
    pub fn build(options: &CalendarOptions) -> Self {
        Calendars {
            england_and_wales: WorkingCalendar::build(CalendarKind::EnglandAndWales, options),
            scotland: WorkingCalendar::build(CalendarKind::Scotland, options),
            northern_ireland: WorkingCalendar::build(CalendarKind::NorthernIreland, options),
            uk_union: WorkingCalendar::build(CalendarKind::UkUnion, options),
            options: options.clone(),
        }
    }

    /// The calendar of the given kind.
    #[must_use]
    pub fn get(&self, kind: CalendarKind) -> &WorkingCalendar {
        match kind {
            CalendarKind::EnglandAndWales => &self.england_and_wales,
            CalendarKind::Scotland => &self.scotland,
            CalendarKind::NorthernIreland => &self.northern_ireland,
            CalendarKind::UkUnion => &self.uk_union,
        }
    }

    /// The options they were built with.
    #[must_use]
    pub fn options(&self) -> &CalendarOptions {
        &self.options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn easter_matches_the_spec_checks() {
        // docs/deadline-rules.md §7.6 check dates.
        for (y, m, d) in [
            (2008, 3, 23),
            (2009, 4, 12),
            (2011, 4, 24),
            (2019, 4, 21),
            (2024, 3, 31),
            (2025, 4, 20),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(y), ymd(y, m, d), "Easter {y}");
        }
    }

    #[test]
    fn last_monday_of_may_2026_is_the_25th() {
        assert_eq!(last_monday(2026, 5), ymd(2026, 5, 25));
        assert_eq!(last_monday(2026, 8), ymd(2026, 8, 31));
    }
}
