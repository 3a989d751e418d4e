//! The register's facet index: what each published notice is filtered and counted by (its
//! date, sector, regime, authority, steps, appeal, and the outcome per provision), held in
//! memory by each server and loaded again when the register's generation moves on. A search
//! reads that one row (`register_generation`, moved on by triggers in the same transaction as
//! any change to the published notices or their provisions), so an index is never used once the
//! register has changed, whichever server changed it. With the index, the database is asked
//! only for the words' matches; filters, the facets' counts and the date order come from one
//! pass over the matches here (reading 25,000 notices' rows for each search was most of its
//! time).

use super::super::AnyConnection;
use super::super::schema::{published_notices, published_provisions, register_generation};
use super::remembered::RememberedMatches;
use super::tally::{Counts, Names};
use crate::domain::register::{Filter, Visibility, provision_within};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// One published notice's facet values, each a small number into the index's names.
#[derive(Debug, Clone)]
struct Indexed {
    id: i64,
    issued_on: NaiveDate,
    /// Into [`Index::sectors`].
    sector: usize,
    /// Into [`Index::regimes`].
    regime: usize,
    /// Into [`Index::authorities`].
    authority: usize,
    steps: bool,
    appealed: bool,
    /// (into [`Index::provisions`], into [`Index::outcomes`]), in the notice's order.
    provisions: Vec<(usize, usize)>,
}

/// The facet values of every published notice at one generation of the register.
#[derive(Debug, Default)]
pub struct Index {
    generation: i64,
    /// Latest first (date, then id, both descending): the order of a listing.
    notices: Vec<Indexed>,
    /// Notice id → its place in `notices`.
    place: HashMap<i64, usize>,
    /// Authority names, and the same lower-cased (the authority filter).
    authorities: Vec<(String, String)>,
    provisions: Names,
    sectors: Names,
    regimes: Names,
    outcomes: Names,
    /// The earliest year of any notice (years are counted from it).
    first_year: i32,
    /// How many years from `first_year` to the latest notice's, both counted.
    years: usize,
    /// The words' matches found at this generation.
    pub matches: RememberedMatches,
}

/// Facet name → (stored value, notices), most first (years latest first).
pub type Facets = HashMap<String, Vec<(String, i64)>>;

/// The indexes this process holds, by database token (tests may open more than one).
static INDEXES: LazyLock<Mutex<HashMap<String, Arc<Index>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The index at the register's current generation, loaded when this server has none.
///
/// # Errors
/// Database failures.
pub fn current(conn: &mut AnyConnection) -> Result<Arc<Index>, DbError> {
    // The generation is read before the notices: data newer than its number only makes the
    // next search load again, never the reverse.
    let (token, generation): (String, i64) = register_generation::table
        .find(1)
        .select((register_generation::token, register_generation::n))
        .first(conn)?;
    let mut indexes = INDEXES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(index) = indexes.get(&token).filter(|i| i.generation == generation) {
        return Ok(Arc::clone(index));
    }
    let index = Arc::new(load(conn, generation)?);
    if indexes.len() >= 8 {
        indexes.clear();
    }
    indexes.insert(token, Arc::clone(&index));
    Ok(index)
}

type NoticeColumns = (
    i64,
    NaiveDate,
    String,
    String,
    String,
    Option<i32>,
    Option<NaiveDate>,
    String,
);

fn load(conn: &mut AnyConnection, generation: i64) -> Result<Index, DbError> {
    let rows: Vec<NoticeColumns> = published_notices::table
        .filter(published_notices::status.eq(Visibility::Published.slug()))
        .order((
            published_notices::issued_on.desc(),
            published_notices::id.desc(),
        ))
        .select((
            published_notices::id,
            published_notices::issued_on,
            published_notices::sector,
            published_notices::regime,
            published_notices::authority_name,
            published_notices::steps_period_days,
            published_notices::steps_due,
            published_notices::appeal_status,
        ))
        .load(conn)?;
    let decided: Vec<(i64, String, String)> = published_provisions::table
        .order((
            published_provisions::published_id,
            published_provisions::position,
        ))
        .select((
            published_provisions::published_id,
            published_provisions::provision,
            published_provisions::outcome,
        ))
        .load(conn)?;
    let mut index = Index {
        generation,
        ..Index::default()
    };
    let mut authorities = Names::default();
    for (id, issued_on, sector, regime, authority, period, due, appeal) in rows {
        let before = authorities.len();
        let number = authorities.number(&authority);
        if number == before {
            index
                .authorities
                .push((authority.to_lowercase(), authority));
        }
        index.place.insert(id, index.notices.len());
        index.notices.push(Indexed {
            id,
            issued_on,
            sector: index.sectors.number(&sector),
            regime: index.regimes.number(&regime),
            authority: number,
            steps: period.is_some() || due.is_some(),
            appealed: appeal != "none",
            provisions: Vec::new(),
        });
    }
    for (id, provision, outcome) in decided {
        let Some(&place) = index.place.get(&id) else {
            continue; // withheld
        };
        let decided = (
            index.provisions.number(&provision),
            index.outcomes.number(&outcome),
        );
        index.notices[place].provisions.push(decided);
    }
    index.count_years();
    Ok(index)
}

/// The facets' counters for one pass over a search's matches.
struct Tally {
    sectors: Counts,
    regimes: Counts,
    authorities: Counts,
    provisions: Counts,
    outcomes: Counts,
    /// Years from the index's first year.
    years: Counts,
    /// [no, yes].
    steps: Counts,
    appealed: Counts,
}

impl Index {
    /// The places (latest first) of the published notices that pass the filter's conditions
    /// other than its words, among `matched` (notice ids) when given, else among all.
    #[must_use]
    pub fn select(&self, filter: &Filter, matched: Option<&[i64]>) -> Vec<usize> {
        let test = Conditions::of(self, filter);
        let mut places: Vec<usize> = match matched {
            Some(ids) => ids
                .iter()
                .filter_map(|id| self.place.get(id).copied())
                .collect(),
            None => (0..self.notices.len()).collect(),
        };
        places.sort_unstable();
        places.dedup();
        places.retain(|&p| test.passes(&self.notices[p]));
        places
    }

    /// The id of the notice at `place`.
    #[must_use]
    pub fn id(&self, place: usize) -> i64 {
        self.notices[place].id
    }

    fn count_years(&mut self) {
        let years = self.notices.iter().map(|n| n.issued_on.year());
        let (first, last) = years.fold((i32::MAX, i32::MIN), |(lo, hi), y| (lo.min(y), hi.max(y)));
        if first <= last {
            self.first_year = first;
            self.years = usize::try_from(last - first).unwrap_or(0) + 1;
        }
    }

    fn year_of(&self, n: &Indexed) -> usize {
        usize::try_from(n.issued_on.year() - self.first_year).unwrap_or(0)
    }

    /// The facets' counts over the notices at `places`, in one pass: sector, regime, authority
    /// (the 15 with most), provision (the 25 most decided), outcome (notices with a provision
    /// of it), steps ordered, appealed, and year. Every value is a number into the index's
    /// names, counted in a vector: no text is made until the few values shown are named.
    #[must_use]
    pub fn facets(&self, places: &[usize]) -> Facets {
        let mut tally = Tally {
            sectors: Counts::new(self.sectors.len()),
            regimes: Counts::new(self.regimes.len()),
            authorities: Counts::new(self.authorities.len()),
            provisions: Counts::new(self.provisions.len()),
            outcomes: Counts::new(self.outcomes.len()),
            years: Counts::new(self.years),
            steps: Counts::new(2),
            appealed: Counts::new(2),
        };
        let mut seen: Vec<usize> = Vec::new();
        for &place in places {
            let n = &self.notices[place];
            tally.sectors.add(n.sector);
            tally.regimes.add(n.regime);
            tally.authorities.add(n.authority);
            tally.years.add(self.year_of(n));
            tally.steps.add(usize::from(n.steps));
            tally.appealed.add(usize::from(n.appealed));
            // A notice counts once for each provision and each outcome it has.
            seen.clear();
            for &(p, _) in &n.provisions {
                if !seen.contains(&p) {
                    seen.push(p);
                    tally.provisions.add(p);
                }
            }
            seen.clear();
            for &(_, o) in &n.provisions {
                if !seen.contains(&o) {
                    seen.push(o);
                    tally.outcomes.add(o);
                }
            }
        }
        self.named(&tally)
    }

    fn named(&self, tally: &Tally) -> Facets {
        let yes_no = |v: usize| if v == 1 { "yes" } else { "no" }.to_owned();
        let mut out = Facets::new();
        out.insert(
            "sector".to_owned(),
            tally.sectors.named(|v| self.sectors.name(v)),
        );
        out.insert(
            "regime".to_owned(),
            tally.regimes.named(|v| self.regimes.name(v)),
        );
        out.insert(
            "outcome".to_owned(),
            tally.outcomes.named(|v| self.outcomes.name(v)),
        );
        out.insert("steps".to_owned(), tally.steps.named(yes_no));
        out.insert("appealed".to_owned(), tally.appealed.named(yes_no));
        let mut authorities = tally.authorities.named(|v| self.authorities[v].1.clone());
        authorities.truncate(15);
        out.insert("authority".to_owned(), authorities);
        let mut provisions = tally.provisions.named(|v| self.provisions.name(v));
        provisions.truncate(25);
        out.insert("provision".to_owned(), provisions);
        let first_year = self.first_year;
        let mut years = tally.years.named(|v| {
            let offset = i32::try_from(v).unwrap_or(0);
            format!("{:04}", first_year + offset)
        });
        years.sort_by(|a, b| b.0.cmp(&a.0));
        out.insert("year".to_owned(), years);
        out.retain(|_, values| !values.is_empty());
        out
    }
}

/// The value a filter asks for.
#[derive(Clone, Copy)]
enum Wanted {
    /// Any (the filter names none).
    Any,
    /// The one with this number.
    At(usize),
    /// One no notice has: nothing matches.
    Absent,
}

impl Wanted {
    fn of(names: &Names, wanted: Option<&str>) -> Self {
        wanted.map_or(Wanted::Any, |w| {
            names.find(w).map_or(Wanted::Absent, Wanted::At)
        })
    }

    fn passes(self, value: usize) -> bool {
        match self {
            Wanted::Any => true,
            Wanted::At(v) => v == value,
            Wanted::Absent => false,
        }
    }
}

/// A filter's conditions (other than its words), ready to test notices against.
struct Conditions<'a> {
    filter: &'a Filter,
    /// The authorities whose lower-cased name holds the filter's text, when it has one.
    authorities: Option<Vec<bool>>,
    /// The provisions the filter's finds (it and its sub-sections), when it names one.
    provisions: Option<Vec<bool>>,
    outcome: Wanted,
    sector: Wanted,
    regime: Wanted,
}

impl<'a> Conditions<'a> {
    fn of(index: &Index, filter: &'a Filter) -> Self {
        let authorities = filter
            .authority
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                let part = a.to_lowercase();
                index
                    .authorities
                    .iter()
                    .map(|(lower, _)| lower.contains(&part))
                    .collect()
            });
        Conditions {
            filter,
            authorities,
            provisions: filter.provision.as_deref().map(|w| {
                (0..index.provisions.len())
                    .map(|v| provision_within(&index.provisions.name(v), w))
                    .collect()
            }),
            outcome: Wanted::of(&index.outcomes, filter.outcome.map(|o| o.slug())),
            sector: Wanted::of(&index.sectors, filter.sector.map(|s| s.slug())),
            regime: Wanted::of(&index.regimes, filter.regime.map(|r| r.slug())),
        }
    }

    fn passes(&self, n: &Indexed) -> bool {
        let f = self.filter;
        self.authorities.as_ref().is_none_or(|a| a[n.authority])
            && self.sector.passes(n.sector)
            && self.regime.passes(n.regime)
            && f.from.is_none_or(|d| n.issued_on >= d)
            && f.to.is_none_or(|d| n.issued_on <= d)
            && f.steps.is_none_or(|s| s == n.steps)
            && f.appealed.is_none_or(|a| a == n.appealed)
            && self.decided(n)
    }

    /// The provision and outcome conditions: with both, that provision (or a sub-section) with
    /// that outcome.
    fn decided(&self, n: &Indexed) -> bool {
        match (&self.provisions, self.outcome) {
            (None, Wanted::Any) => true,
            (_, Wanted::Absent) => false,
            (p, o) => n
                .provisions
                .iter()
                .any(|&(q, out)| p.as_ref().is_none_or(|p| p[q]) && o.passes(out)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::paragraphs::Outcome;

    fn names(values: &[&str]) -> Names {
        let mut names = Names::default();
        for v in values {
            names.number(v);
        }
        names
    }

    /// Three notices, latest first: two councils and a trust; s40(2) twice on one of them.
    fn index() -> Index {
        let sectors = names(&["local_government", "health"]);
        let provisions = names(&["s40(2)", "s12"]);
        let outcomes = names(&["upheld", "not_upheld"]);
        let notice =
            |id: i64, date: &str, sector: &str, authority: usize, decided: &[(&str, &str)]| {
                Indexed {
                    id,
                    issued_on: date.parse().unwrap(),
                    sector: sectors.find(sector).unwrap(),
                    regime: 0,
                    authority,
                    steps: id % 2 == 0,
                    appealed: false,
                    provisions: decided
                        .iter()
                        .map(|(p, o)| (provisions.find(p).unwrap(), outcomes.find(o).unwrap()))
                        .collect(),
                }
            };
        let notices = vec![
            notice(
                3,
                "2024-02-08",
                "local_government",
                0,
                &[("s40(2)", "upheld"), ("s12", "not_upheld")],
            ),
            notice(
                1,
                "2023-05-01",
                "health",
                1,
                &[("s40(2)", "not_upheld"), ("s40(2)", "not_upheld")],
            ),
            notice(2, "2023-01-09", "local_government", 2, &[("s12", "upheld")]),
        ];
        let mut index = Index {
            place: notices.iter().enumerate().map(|(i, n)| (n.id, i)).collect(),
            notices,
            authorities: [
                "Borsetshire County Council",
                "Felpersham NHS Trust",
                "Ambridge Parish Council",
            ]
            .iter()
            .map(|a| (a.to_lowercase(), (*a).to_owned()))
            .collect(),
            provisions,
            sectors,
            regimes: names(&["foia"]),
            outcomes,
            ..Index::default()
        };
        index.count_years();
        index
    }

    /// Long because it is a table of named cases, one filter each.
    #[test]
    fn the_filters_conditions_select_in_date_order() {
        let index = index();
        let ids = |f: &Filter, m: Option<&[i64]>| -> Vec<i64> {
            index
                .select(f, m)
                .into_iter()
                .map(|p| index.id(p))
                .collect()
        };
        type Case<'a> = (&'a str, Filter, Option<&'a [i64]>, &'a [i64]);
        let table: &[Case<'_>] = &[
            (
                "everything, latest first",
                Filter::default(),
                None,
                &[3, 1, 2],
            ),
            (
                "the words' matches, in date order",
                Filter::default(),
                Some(&[2, 3, 2]),
                &[3, 2],
            ),
            (
                "an unknown id is left out",
                Filter::default(),
                Some(&[9]),
                &[],
            ),
            (
                "authority, any case",
                Filter {
                    authority: Some(" COUNCIL ".to_owned()),
                    ..Filter::default()
                },
                None,
                &[3, 2],
            ),
            (
                "a provision with an outcome on that provision",
                Filter {
                    provision: Some("s12".to_owned()),
                    outcome: Some(Outcome::Upheld),
                    ..Filter::default()
                },
                None,
                &[2],
            ),
            (
                "an outcome alone on any provision",
                Filter {
                    outcome: Some(Outcome::NotUpheld),
                    ..Filter::default()
                },
                None,
                &[3, 1],
            ),
            (
                "a provision nobody decided",
                Filter {
                    provision: Some("s31".to_owned()),
                    ..Filter::default()
                },
                None,
                &[],
            ),
            (
                "a section finds its sub-sections",
                Filter {
                    provision: Some("s40".to_owned()),
                    ..Filter::default()
                },
                None,
                &[3, 1],
            ),
            (
                "both ends of a date range included",
                Filter {
                    from: Some("2023-01-09".parse().unwrap()),
                    to: Some("2023-05-01".parse().unwrap()),
                    ..Filter::default()
                },
                None,
                &[1, 2],
            ),
            (
                "steps ordered",
                Filter {
                    steps: Some(true),
                    ..Filter::default()
                },
                None,
                &[2],
            ),
        ];
        for (name, filter, matched, expected) in table {
            assert_eq!(ids(filter, *matched), *expected, "{name}");
        }
    }

    #[test]
    fn facets_count_each_notice_once_per_value() {
        let index = index();
        let facets = index.facets(&[0, 1, 2]);
        let of = |f: &str| facets.get(f).cloned().unwrap_or_default();
        let pairs = |v: &[(&str, i64)]| -> Vec<(String, i64)> {
            v.iter().map(|(s, n)| ((*s).to_owned(), *n)).collect()
        };
        // s40(2) twice on notice 1 counts it once; s12 on 3 and 2.
        assert_eq!(of("provision"), pairs(&[("s12", 2), ("s40(2)", 2)]));
        // not upheld on 3 and (twice) on 1; upheld on 3 and 2.
        assert_eq!(of("outcome"), pairs(&[("not_upheld", 2), ("upheld", 2)]));
        assert_eq!(
            of("sector"),
            pairs(&[("local_government", 2), ("health", 1)])
        );
        assert_eq!(of("year"), pairs(&[("2024", 1), ("2023", 2)]));
        assert_eq!(of("steps"), pairs(&[("no", 2), ("yes", 1)]));
        let only_trust = index.facets(&[1]);
        assert_eq!(
            only_trust.get("authority").cloned().unwrap_or_default(),
            pairs(&[("Felpersham NHS Trust", 1)]),
            "an authority with no notice matched is not offered"
        );
    }
}
