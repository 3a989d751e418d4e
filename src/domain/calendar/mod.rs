//! UK bank holidays for the three divisions, 1971–2100, generated from the rules of the
//! Banking and Financial Dealings Act 1971 (Schedule 1), the common-law holidays, Easter, and a
//! data table of proclamations (additional, moved and unproclaimed days).
//!
//! Every rule cites its source; the rules are written out in `docs/deadline-rules.md` §7.
//! A deployment adds a newly proclaimed day through [`CalendarOptions::extra_days`]
//! (configuration), never by a rebuild.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

mod proclamations;
mod schedule;

pub use proclamations::proclamations;
pub use schedule::easter_sunday;
use schedule::{schedule_days, ymd};

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
    use super::schedule::last_monday;
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
