//! The built-in table of royal proclamations under the 1971 Act s1(2)–(3): additional days,
//! moved days and the days left unproclaimed, each with its source.

use super::schedule::ymd;
use super::{CalendarOptions, Division, Proclamation, ProclamationEffect, UnproclaimedSubstitutes};
use chrono::NaiveDate;

pub(super) const ALL_DIVISIONS: &[Division] = &Division::ALL;
pub(super) const SCOTLAND_ONLY: &[Division] = &[Division::Scotland];

/// The built-in table of proclamations 1971–2030 (docs/deadline-rules.md §7.7), each with its source.
/// A new proclamation is one line here or, without a rebuild, one entry of
/// [`CalendarOptions::extra_days`].
/// Long because it is a data table, one entry per proclamation.
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
