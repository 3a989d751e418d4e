//! The public register of decision notices, without signing in: `/decisions` (search with
//! facets and their counts), `/decisions/{reference}` (the permalink: metadata, key dates,
//! outcome per provision, steps, appeal, the PDF at `/decisions/{reference}.pdf`), the Atom
//! feed and the CSV export ([`exports`]), and the managers' publication page ([`manage`]).
//! The query string is read once here ([`filter_of`]) for the pages, the exports and the API.

pub mod decision;
pub mod exports;
pub mod manage;

pub use decision::{SimilarRow, similar_rows};

use super::forms::{DateParts, FormErrors, parse_date};
use super::{AppState, Chrome, PageError, render, with_db};
use crate::domain::notice::checks::long_date;
use crate::domain::paragraphs::Outcome;
use crate::domain::parties::Sector;
use crate::domain::regime::Regime;
use crate::domain::register::{
    Filter, SnippetPart, outcome_from_slug, outcome_words, provision_key, provision_words,
    search_words,
};
use crate::web::api::register::{DecisionView, FoundView};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Notices per page.
const PER_PAGE: i64 = 20;

/// The register's query string as typed (every field text, so nothing typed is lost).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct RegisterQuery {
    /// Words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    /// Part of the authority's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub authority: String,
    /// Sector slug.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sector: String,
    /// Regime slug.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub regime: String,
    /// Provision.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provision: String,
    /// Outcome slug.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    /// From (YYYY-MM-DD, the API's and the feed's form).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from: String,
    /// To (YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to: String,
    /// From, as the page's date input.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from_day: String,
    /// See `from_day`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from_month: String,
    /// See `from_day`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub from_year: String,
    /// To, as the page's date input.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_day: String,
    /// See `to_day`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_month: String,
    /// See `to_day`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub to_year: String,
    /// yes / no.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub steps: String,
    /// yes / no.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub appealed: String,
    /// Page number.
    #[serde(default, skip_serializing)]
    pub page: String,
    /// API page size (ignored by the pages).
    #[serde(default, skip_serializing)]
    pub per_page: String,
}

impl RegisterQuery {
    fn start_parts(&self) -> DateParts {
        DateParts {
            day: self.from_day.clone(),
            month: self.from_month.clone(),
            year: self.from_year.clone(),
        }
    }

    fn end_parts(&self) -> DateParts {
        DateParts {
            day: self.to_day.clone(),
            month: self.to_month.clone(),
            year: self.to_year.clone(),
        }
    }

    /// Empties the date inputs' boxes (before the dates are given as YYYY-MM-DD).
    fn clear_date_parts(&mut self) {
        for part in [
            &mut self.from_day,
            &mut self.from_month,
            &mut self.from_year,
            &mut self.to_day,
            &mut self.to_month,
            &mut self.to_year,
        ] {
            part.clear();
        }
    }

    /// The query string of these filters (no page), for links and feeds.
    #[must_use]
    pub fn query_string(&self) -> String {
        serde_urlencoded::to_string(self).unwrap_or_default()
    }
}

fn yes_no(text: &str) -> Result<Option<bool>, ()> {
    match text.trim() {
        "" => Ok(None),
        "yes" | "true" => Ok(Some(true)),
        "no" | "false" => Ok(Some(false)),
        _ => Err(()),
    }
}

fn date_filter(
    iso: &str,
    parts: &DateParts,
    field: &str,
    label: &str,
    errors: &mut FormErrors,
) -> Option<NaiveDate> {
    if !parts.is_blank() {
        return parse_date(label, parts)
            .map_err(|m| errors.add(field, m))
            .ok();
    }
    let iso = iso.trim();
    if iso.is_empty() {
        return None;
    }
    NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map_err(|_| {
            errors.add(
                field,
                format!("The {label} must be a real date, as YYYY-MM-DD"),
            )
        })
        .ok()
}

/// Reads the query string into a [`Filter`]; what cannot be read is left out of the filter
/// and named in the errors (beside its field on the page, a 422 from the API).
#[must_use]
pub fn filter_of(raw: &RegisterQuery) -> (Filter, FormErrors) {
    let mut errors = FormErrors::default();
    let mut filter = Filter {
        words: search_words(&raw.q),
        authority: Some(raw.authority.trim().to_owned()).filter(|a| !a.is_empty()),
        provision: Some(provision_key(&raw.provision)).filter(|p| !p.is_empty()),
        ..Filter::default()
    };
    if let Some(p) = &filter.provision
        && crate::domain::notice::Provision::parse(p).is_err()
    {
        errors.add(
            "provision",
            "Select a provision from the list, or give one as s40(2), FOI 31 or EIR 12(4)(b)",
        );
        filter.provision = None;
    }
    if !raw.sector.is_empty() {
        filter.sector = Sector::from_slug(raw.sector.trim())
            .map_err(|_| errors.add("sector", "Select a sector from the list"))
            .ok();
    }
    if !raw.regime.is_empty() {
        filter.regime = Regime::from_slug(&raw.regime)
            .map_err(|_| errors.add("regime", "Select a law from the list"))
            .ok();
    }
    if !raw.outcome.is_empty() {
        filter.outcome = outcome_from_slug(raw.outcome.trim());
        if filter.outcome.is_none() {
            errors.add("outcome", "Select an outcome from the list");
        }
    }
    filter.from = date_filter(
        &raw.from,
        &raw.start_parts(),
        "from",
        "start date",
        &mut errors,
    );
    filter.to = date_filter(&raw.to, &raw.end_parts(), "to", "end date", &mut errors);
    if let (Some(f), Some(t)) = (filter.from, filter.to)
        && f > t
    {
        errors.add(
            "to",
            "The end date must be the same as or after the start date",
        );
        filter.to = None;
    }
    filter.steps = yes_no(&raw.steps)
        .map_err(|()| errors.add("steps", "Select whether steps were ordered"))
        .unwrap_or_default();
    filter.appealed = yes_no(&raw.appealed)
        .map_err(|()| errors.add("appealed", "Select whether the notice was appealed"))
        .unwrap_or_default();
    (filter, errors)
}

/// An option of a select, with the count of notices among the matches.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(
    any: &str,
    values: Vec<(String, String)>,
    counts: Option<&Vec<(String, i64)>>,
    selected: &str,
) -> Vec<Choice> {
    let count = |v: &str| {
        counts
            .and_then(|c| c.iter().find(|(x, _)| x == v))
            .map_or(0, |(_, n)| *n)
    };
    let mut out = vec![Choice {
        value: String::new(),
        label: any.to_owned(),
        selected: selected.is_empty(),
    }];
    out.extend(values.into_iter().map(|(value, label)| Choice {
        label: format!("{label} ({})", count(&value)),
        selected: value == selected,
        value,
    }));
    out
}

/// A select of the search form.
#[derive(Serialize)]
struct Select {
    name: &'static str,
    label: &'static str,
    options: Vec<Choice>,
}

/// A notice in the results.
#[derive(Serialize)]
struct ResultRow {
    href: String,
    reference: String,
    title: String,
    date: String,
    sector: String,
    regime: String,
    snippet: Vec<SnippetPart>,
    summary: String,
    lines: Vec<String>,
    steps: String,
    appeal: String,
}

fn regime_label(slug: &str) -> String {
    Regime::from_slug(slug).map_or_else(|_| slug.to_owned(), |r| r.label().to_owned())
}

fn steps_text(d: &DecisionView) -> String {
    match (d.steps_ordered, d.steps_due) {
        (false, _) => "No steps ordered".to_owned(),
        (true, Some(due)) => format!("Steps due by {}", long_date(due)),
        (true, None) => "Steps ordered".to_owned(),
    }
}

fn appeal_text(d: &DecisionView) -> String {
    d.appeal.clone()
}

fn result_row(found: FoundView) -> ResultRow {
    let d = found.decision;
    ResultRow {
        href: format!("/decisions/{}", d.reference),
        steps: steps_text(&d),
        appeal: appeal_text(&d),
        reference: d.reference,
        title: d.authority,
        date: long_date(d.date),
        sector: d.sector_label,
        regime: regime_label(&d.regime),
        snippet: found
            .snippet
            .into_iter()
            .map(|s| SnippetPart {
                text: s.text,
                hit: s.hit,
            })
            .collect(),
        summary: d.summary,
        lines: d.provisions.into_iter().map(|p| p.line).collect(),
    }
}

/// A link of a facet with its count.
#[derive(Serialize)]
struct FacetLink {
    label: String,
    count: i64,
    href: String,
}

#[derive(Serialize)]
struct ListPage {
    form: RegisterQuery,
    from: DateParts,
    to: DateParts,
    errors: FormErrors,
    searched: bool,
    /// Words were searched for but matched too many notices to rank: listed latest first.
    latest_first: bool,
    total: i64,
    results: Vec<ResultRow>,
    selects: Vec<Select>,
    authorities: Vec<FacetLink>,
    years: Vec<FacetLink>,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    /// The last page, when the page asked for is past it.
    last: Option<String>,
    atom: String,
    csv: String,
    json: String,
}

fn with(raw: &RegisterQuery, change: impl FnOnce(&mut RegisterQuery)) -> String {
    let mut q = raw.clone();
    change(&mut q);
    format!("/decisions?{}", q.query_string())
}

fn select(
    name: &'static str,
    label: &'static str,
    any: &str,
    values: Vec<(String, String)>,
    facets: &HashMap<String, Vec<(String, i64)>>,
    selected: &str,
) -> Select {
    Select {
        name,
        label,
        options: choices(any, values, facets.get(name), selected),
    }
}

/// The search form's selects, each option with its count among the matches.
fn selects(raw: &RegisterQuery, facets: &HashMap<String, Vec<(String, i64)>>) -> Vec<Select> {
    let mut provisions: Vec<(String, String)> = facets
        .get("provision")
        .map(|v| {
            v.iter()
                .map(|(p, _)| (p.clone(), provision_words(p)))
                .collect()
        })
        .unwrap_or_default();
    let typed = provision_key(&raw.provision);
    if !typed.is_empty() && !provisions.iter().any(|(p, _)| *p == typed) {
        provisions.insert(0, (typed.clone(), provision_words(&typed)));
    }
    let yes_no = || {
        vec![
            ("yes".to_owned(), "Yes".to_owned()),
            ("no".to_owned(), "No".to_owned()),
        ]
    };
    let sectors = Sector::ALL
        .iter()
        .map(|s| (s.slug().to_owned(), s.label().to_owned()))
        .collect();
    let regimes = Regime::ALL
        .iter()
        .filter(|r| **r != Regime::UkGdprSar)
        .map(|r| (r.slug().to_owned(), r.label().to_owned()))
        .collect();
    let outcomes = Outcome::ALL
        .iter()
        .map(|o| (o.slug().to_owned(), outcome_words(*o).to_owned()))
        .collect();
    vec![
        select(
            "sector",
            "Sector",
            "Any sector",
            sectors,
            facets,
            &raw.sector,
        ),
        select("regime", "Law", "Any law", regimes, facets, &raw.regime),
        select(
            "provision",
            "Provision",
            "Any provision",
            provisions,
            facets,
            &typed,
        ),
        select(
            "outcome",
            "Outcome",
            "Any outcome",
            outcomes,
            facets,
            &raw.outcome,
        ),
        select(
            "steps",
            "Steps ordered",
            "Either",
            yes_no(),
            facets,
            &raw.steps,
        ),
        select(
            "appealed",
            "Appealed",
            "Either",
            yes_no(),
            facets,
            &raw.appealed,
        ),
    ]
}

fn page_of(raw: &RegisterQuery, facets: &HashMap<String, Vec<(String, i64)>>) -> ListPage {
    let link = |name: &str, change: &dyn Fn(&mut RegisterQuery, &str)| -> Vec<FacetLink> {
        facets
            .get(name)
            .map(|values| {
                values
                    .iter()
                    .map(|(v, n)| FacetLink {
                        label: v.clone(),
                        count: *n,
                        href: with(raw, |q| change(q, v)),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    ListPage {
        from: raw.start_parts(),
        to: raw.end_parts(),
        selects: selects(raw, facets),
        authorities: link("authority", &|q, v| v.clone_into(&mut q.authority)),
        years: link("year", &|q, v| {
            q.clear_date_parts();
            q.from = format!("{v}-01-01");
            q.to = format!("{v}-12-31");
        }),
        atom: format!("/decisions.atom?{}", raw.query_string()),
        csv: format!("/decisions.csv?{}", raw.query_string()),
        json: format!("/api/v1/decisions?{}", api_query(raw)),
        form: raw.clone(),
        errors: FormErrors::default(),
        searched: false,
        latest_first: false,
        total: 0,
        results: Vec::new(),
        page: 1,
        pages: 1,
        previous: None,
        next: None,
        last: None,
    }
}

/// The query string the API takes for the page's filters (dates as YYYY-MM-DD).
fn api_query(raw: &RegisterQuery) -> String {
    let (filter, _) = filter_of(raw);
    let mut q = raw.clone();
    q.clear_date_parts();
    q.from = filter.from.map(|d| d.to_string()).unwrap_or_default();
    q.to = filter.to.map(|d| d.to_string()).unwrap_or_default();
    q.query_string()
}

/// `GET /decisions`: the search, its facets and a page of notices.
///
/// # Errors
/// Database failures (a filter that cannot be read is shown beside its field).
pub async fn list(
    state: web::Data<AppState>,
    query: web::Query<RegisterQuery>,
) -> Result<HttpResponse, PageError> {
    let raw = query.into_inner();
    let (filter, errors) = filter_of(&raw);
    let page = raw.page.trim().parse::<i64>().unwrap_or(1).clamp(1, 10_000);
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let today = state.clock.today();
    let words = !filter.words.is_empty();
    let found = with_db(&state, move |conn| {
        Ok(crate::service::register::search(
            conn,
            &filter,
            PER_PAGE,
            (page - 1) * PER_PAGE,
            true,
        )?)
    })
    .await?;
    let mut view = page_of(&raw, &found.facets);
    let pages = ((found.total + PER_PAGE - 1) / PER_PAGE).max(1);
    let link = |n: i64| format!("/decisions?{}&page={n}", raw.query_string());
    view.previous = (page > 1).then(|| link(page - 1));
    view.next = (page < pages).then(|| link(page + 1));
    view.last = (found.total > 0 && page > pages).then(|| link(pages));
    view.searched = !raw.query_string().is_empty();
    view.latest_first = words && !found.ranked;
    view.total = found.total;
    view.results = found
        .hits
        .iter()
        .map(|h| result_row(FoundView::of(h, &base, today)))
        .collect();
    view.page = page;
    view.pages = pages;
    view.errors = errors;
    render("register/list.html", &Chrome::public("decisions"), &view)
}
