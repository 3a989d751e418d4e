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
use crate::domain::register::{Filter, Visibility};
use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};

/// One published notice's facet values.
#[derive(Debug, Clone)]
struct Indexed {
    id: i64,
    issued_on: NaiveDate,
    sector: String,
    regime: String,
    /// Into [`Index::authorities`].
    authority: usize,
    steps: bool,
    appealed: bool,
    /// (into [`Index::provisions`], outcome as stored), in the notice's order.
    provisions: Vec<(usize, String)>,
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
    provisions: Vec<String>,
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
    let mut authorities: HashMap<String, usize> = HashMap::new();
    for (id, issued_on, sector, regime, authority, period, due, appeal) in rows {
        let next = authorities.len();
        let authority = *authorities.entry(authority.clone()).or_insert_with(|| {
            index
                .authorities
                .push((authority.to_lowercase(), authority.clone()));
            next
        });
        index.place.insert(id, index.notices.len());
        index.notices.push(Indexed {
            id,
            issued_on,
            sector,
            regime,
            authority,
            steps: period.is_some() || due.is_some(),
            appealed: appeal != "none",
            provisions: Vec::new(),
        });
    }
    let mut provisions: HashMap<String, usize> = HashMap::new();
    for (id, provision, outcome) in decided {
        let Some(&place) = index.place.get(&id) else {
            continue; // withheld
        };
        let next = provisions.len();
        let p = *provisions.entry(provision.clone()).or_insert_with(|| {
            index.provisions.push(provision);
            next
        });
        index.notices[place].provisions.push((p, outcome));
    }
    Ok(index)
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

    /// The facets' counts over the notices at `places`, in one pass: sector, regime, authority
    /// (the 15 with most), provision (the 25 most decided), outcome (notices with a provision
    /// of it), steps ordered, appealed, and year.
    #[must_use]
    pub fn facets(&self, places: &[usize]) -> Facets {
        let mut simple: HashMap<(&str, String), i64> = HashMap::new();
        let mut authorities = vec![0_i64; self.authorities.len()];
        let mut provisions = vec![0_i64; self.provisions.len()];
        let mut seen: Vec<usize> = Vec::new();
        for &place in places {
            let n = &self.notices[place];
            let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
            for key in [
                ("sector", n.sector.clone()),
                ("regime", n.regime.clone()),
                ("steps", yes_no(n.steps)),
                ("appealed", yes_no(n.appealed)),
                ("year", format!("{:04}", n.issued_on.year())),
            ] {
                *simple.entry(key).or_default() += 1;
            }
            authorities[n.authority] += 1;
            seen.clear();
            for (p, _) in &n.provisions {
                if !seen.contains(p) {
                    seen.push(*p);
                    provisions[*p] += 1;
                }
            }
            let mut outcomes: Vec<&str> = n.provisions.iter().map(|(_, o)| o.as_str()).collect();
            outcomes.sort_unstable();
            outcomes.dedup();
            for o in outcomes {
                *simple.entry(("outcome", o.to_owned())).or_default() += 1;
            }
        }
        let mut out = Facets::new();
        for ((facet, value), n) in simple {
            out.entry(facet.to_owned()).or_default().push((value, n));
        }
        let named = |names: Vec<&String>, counts: Vec<i64>| {
            names
                .into_iter()
                .cloned()
                .zip(counts)
                .filter(|(_, n)| *n > 0)
                .collect::<Vec<_>>()
        };
        let authority_names = self.authorities.iter().map(|(_, name)| name).collect();
        out.insert("authority".to_owned(), named(authority_names, authorities));
        out.insert(
            "provision".to_owned(),
            named(self.provisions.iter().collect(), provisions),
        );
        for values in out.values_mut() {
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        }
        out.retain(|_, values| !values.is_empty());
        for (facet, most) in [("authority", 15), ("provision", 25)] {
            if let Some(values) = out.get_mut(facet) {
                values.truncate(most);
            }
        }
        if let Some(years) = out.get_mut("year") {
            years.sort_by(|a, b| b.0.cmp(&a.0));
        }
        out
    }
}

/// The provision a filter asks for.
#[derive(Clone, Copy)]
enum Wanted {
    /// Any provision (the filter names none).
    Any,
    /// The provision at this index.
    At(usize),
    /// One no notice decided: nothing matches.
    Undecided,
}

/// A filter's conditions (other than its words), ready to test notices against.
struct Conditions<'a> {
    filter: &'a Filter,
    /// The authorities whose lower-cased name holds the filter's text, when it has one.
    authorities: Option<Vec<bool>>,
    /// The filter's provision, as an index.
    provision: Wanted,
    outcome: Option<&'static str>,
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
        let provision = filter.provision.as_ref().map_or(Wanted::Any, |p| {
            index
                .provisions
                .iter()
                .position(|q| q == p)
                .map_or(Wanted::Undecided, Wanted::At)
        });
        Conditions {
            filter,
            authorities,
            provision,
            outcome: filter.outcome.map(|o| o.slug()),
        }
    }

    fn passes(&self, n: &Indexed) -> bool {
        let f = self.filter;
        self.authorities.as_ref().is_none_or(|a| a[n.authority])
            && f.sector.is_none_or(|s| s.slug() == n.sector)
            && f.regime.is_none_or(|r| r.slug() == n.regime)
            && f.from.is_none_or(|d| n.issued_on >= d)
            && f.to.is_none_or(|d| n.issued_on <= d)
            && f.steps.is_none_or(|s| s == n.steps)
            && f.appealed.is_none_or(|a| a == n.appealed)
            && self.decided(n)
    }

    /// The provision and outcome conditions: with both, that provision with that outcome.
    fn decided(&self, n: &Indexed) -> bool {
        match (self.provision, self.outcome) {
            (Wanted::Any, None) => true,
            (Wanted::Undecided, _) => false,
            (Wanted::At(p), o) => n
                .provisions
                .iter()
                .any(|(q, out)| *q == p && o.is_none_or(|o| o == out)),
            (Wanted::Any, Some(o)) => n.provisions.iter().any(|(_, out)| out == o),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::paragraphs::Outcome;

    fn notice(
        id: i64,
        date: &str,
        sector: &str,
        authority: usize,
        decided: &[(usize, &str)],
    ) -> Indexed {
        Indexed {
            id,
            issued_on: date.parse().unwrap(),
            sector: sector.to_owned(),
            regime: "foia".to_owned(),
            authority,
            steps: id % 2 == 0,
            appealed: false,
            provisions: decided.iter().map(|(p, o)| (*p, (*o).to_owned())).collect(),
        }
    }

    /// Three notices, latest first: two councils and a trust; s40(2) twice on one of them.
    fn index() -> Index {
        let notices = vec![
            notice(
                3,
                "2024-02-08",
                "local_government",
                0,
                &[(0, "upheld"), (1, "not_upheld")],
            ),
            notice(
                1,
                "2023-05-01",
                "health",
                1,
                &[(0, "not_upheld"), (0, "not_upheld")],
            ),
            notice(2, "2023-01-09", "local_government", 2, &[(1, "upheld")]),
        ];
        Index {
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
            provisions: vec!["s40(2)".to_owned(), "s12".to_owned()],
            ..Index::default()
        }
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
