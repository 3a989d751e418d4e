//! The case list's query string: read into a [`CaseFilter`], said back in words, and written
//! as links. The Team and Statistics pages link each figure to the list with the filters that
//! count the same cases (`db::team`, `db::stats` define the figures; [`FigureLink`] writes
//! their filters once).

use super::forms::{encode_query_value, short_date};
use crate::db::caseload::{OfficerFilter, ResponseFilter};
use crate::domain::calendar::Calendars;
use crate::domain::lifecycle::CaseStatus;
use crate::domain::parties::Sector;
use crate::domain::regime::Regime;
use crate::domain::stats::AGE_BANDS;
use crate::domain::urgency::due_soon_last_day;
use crate::service::cases::CaseFilter;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The case list's search and filters, as the query string carries them.
#[derive(Deserialize, Serialize, Default, Clone, Debug)]
pub struct ListQuery {
    /// Words searched for.
    #[serde(default)]
    pub q: String,
    /// A status slug.
    #[serde(default)]
    pub status: String,
    /// "overdue" or "soon".
    #[serde(default)]
    pub due: String,
    /// An officer's id, or "unallocated".
    #[serde(default)]
    pub officer: String,
    /// "yes": open complaints only.
    #[serde(default)]
    pub open: String,
    /// Complaint received on or after (YYYY-MM-DD).
    #[serde(default)]
    pub received_from: String,
    /// Complaint received on or before.
    #[serde(default)]
    pub received_to: String,
    /// Decided on or after.
    #[serde(default)]
    pub decided_from: String,
    /// Decided on or before.
    #[serde(default)]
    pub decided_to: String,
    /// A public authority's id (a timeliness figure's group).
    #[serde(default)]
    pub authority: String,
    /// A sector's identifier.
    #[serde(default)]
    pub sector: String,
    /// A regime's identifier.
    #[serde(default)]
    pub regime: String,
    /// Request received on or after.
    #[serde(default)]
    pub request_from: String,
    /// Request received on or before.
    #[serde(default)]
    pub request_to: String,
    /// Which requests a timeliness figure counts (`db::caseload::ResponseFilter`).
    #[serde(default)]
    pub response: String,
    /// 1-based page.
    #[serde(default)]
    pub page: Option<i64>,
    /// A banner to show.
    #[serde(default)]
    pub done: Option<String>,
}

/// The filters of [`ListQuery`] in their order in the query string (without page and banner).
const KEYS: [&str; 15] = [
    "q",
    "status",
    "due",
    "officer",
    "open",
    "received_from",
    "received_to",
    "decided_from",
    "decided_to",
    "authority",
    "sector",
    "regime",
    "request_from",
    "request_to",
    "response",
];

/// The filters the form on the page does not show (kept in hidden fields, said in words).
const HIDDEN: [&str; 11] = [
    "open",
    "received_from",
    "received_to",
    "decided_from",
    "decided_to",
    "authority",
    "sector",
    "regime",
    "request_from",
    "request_to",
    "response",
];

impl ListQuery {
    fn value(&self, key: &str) -> &str {
        match key {
            "q" => &self.q,
            "status" => &self.status,
            "due" => &self.due,
            "officer" => &self.officer,
            "open" => &self.open,
            "received_from" => &self.received_from,
            "received_to" => &self.received_to,
            "decided_from" => &self.decided_from,
            "decided_to" => &self.decided_to,
            "authority" => &self.authority,
            "sector" => &self.sector,
            "regime" => &self.regime,
            "request_from" => &self.request_from,
            "request_to" => &self.request_to,
            "response" => &self.response,
            _ => "",
        }
    }

    /// The filters as a query string (no page, no banner; empty filters left out), the form
    /// saved filters keep.
    #[must_use]
    pub fn query_string(&self) -> String {
        KEYS.iter()
            .filter(|k| !self.value(k).trim().is_empty())
            .map(|k| format!("{k}={}", encode_query_value(self.value(k).trim())))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// The filters that the form on the page does not show, as (name, value) for hidden
    /// fields, so that applying the form keeps them.
    #[must_use]
    pub fn hidden(&self) -> Vec<(&'static str, String)> {
        HIDDEN
            .into_iter()
            .filter(|k| !self.value(k).is_empty())
            .map(|k| (k, self.value(k).to_owned()))
            .collect()
    }

    /// The filter the list runs, and a message for each part of the address that is not
    /// understood (that part is left out, never guessed).
    #[must_use]
    pub fn filter(&self, calendars: &Calendars, today: NaiveDate) -> (CaseFilter, Vec<String>) {
        let mut problems = Vec::new();
        let mut date = |key: &str, words: &str| -> Option<NaiveDate> {
            let text = self.value(key).trim();
            if text.is_empty() {
                return None;
            }
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| {
                    problems.push(format!(
                        "The {words} in the link is not a date, so it is left out"
                    ))
                })
                .ok()
        };
        let received_from = date("received_from", "first day of receipt");
        let received_to = date("received_to", "last day of receipt");
        let decided_from = date("decided_from", "first day of decision");
        let decided_to = date("decided_to", "last day of decision");
        let request_from = date("request_from", "first day the request was received");
        let request_to = date("request_to", "last day the request was received");
        let mut known = |key: &str, words: &str, ok: bool| {
            if !ok && !self.value(key).trim().is_empty() {
                problems.push(format!(
                    "The {words} in the link is not known, so it is left out"
                ));
            }
        };
        let authority_id = self.authority.trim().parse().ok();
        known("authority", "authority", authority_id.is_some());
        let sector = Sector::from_slug(self.sector.trim()).ok();
        known("sector", "sector", sector.is_some());
        let regime = Regime::from_slug(self.regime.trim()).ok();
        known("regime", "regime", regime.is_some());
        let response = ResponseFilter::from_slug(self.response.trim());
        known("response", "kind of request", response.is_some());
        let officer = match self.officer.trim() {
            "" => None,
            "unallocated" => Some(OfficerFilter::Unallocated),
            id => id.parse().map(OfficerFilter::Officer).ok().or_else(|| {
                problems.push("The officer in the link is not known, so it is left out".to_owned());
                None
            }),
        };
        let soon = self.due == "soon";
        let filter = CaseFilter {
            status: CaseStatus::from_slug(&self.status).ok(),
            officer,
            open: self.open == "yes",
            overdue: self.due == "overdue",
            // Due soon is today to the last day due soon: not the overdue (`domain::urgency`).
            due_from: soon.then_some(today),
            due_before: soon.then(|| due_soon_last_day(calendars, today)),
            received_from,
            received_to,
            decided_from,
            decided_to,
            authority_id,
            sector,
            regime,
            request_from,
            request_to,
            response,
            search: Some(self.q.clone()).filter(|q| !q.trim().is_empty()),
            page: self.page.unwrap_or(1).max(1),
            per_page: 50,
        };
        (filter, problems)
    }

    /// The filters the form does not show, in words ("open complaints", "received from 1 Jan
    /// 2024 to 30 Jun 2024").
    #[must_use]
    pub fn described(&self) -> Vec<String> {
        let mut words = Vec::new();
        if self.open == "yes" {
            words.push("open complaints only".to_owned());
        }
        let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
        let range = |what: &str, from: &str, to: &str| match (day(from), day(to)) {
            (Some(f), Some(t)) => Some(format!(
                "{what} from {} to {}",
                short_date(f),
                short_date(t)
            )),
            (Some(f), None) => Some(format!("{what} on or after {}", short_date(f))),
            (None, Some(t)) => Some(format!("{what} on or before {}", short_date(t))),
            (None, None) => None,
        };
        words.extend(range(
            "complaint received",
            &self.received_from,
            &self.received_to,
        ));
        words.extend(range("decided", &self.decided_from, &self.decided_to));
        if let Some(r) = ResponseFilter::from_slug(self.response.trim()) {
            words.push(r.words().to_owned());
        }
        words.extend(range(
            "request received",
            &self.request_from,
            &self.request_to,
        ));
        if self.authority.trim().parse::<i64>().is_ok() {
            words.push("about one public authority".to_owned());
        }
        if let Ok(s) = Sector::from_slug(self.sector.trim()) {
            words.push(format!("sector: {}", s.label()));
        }
        if let Ok(r) = Regime::from_slug(self.regime.trim()) {
            words.push(format!("regime: {}", r.label()));
        }
        words
    }
}

/// The link from a figure to the cases behind it.
#[derive(Debug, Clone, Default)]
pub struct FigureLink {
    params: Vec<(&'static str, String)>,
}

impl FigureLink {
    /// Open complaints (received, not closed): the Team page's rows.
    #[must_use]
    pub fn open() -> Self {
        FigureLink::default().with("open", "yes")
    }

    /// Every case (no filter yet).
    #[must_use]
    pub fn all() -> Self {
        FigureLink::default()
    }

    /// Adds a filter.
    #[must_use]
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.params.push((key, value.into()));
        self
    }

    /// One officer's (`Some`) or the unallocated (`None`) cases.
    #[must_use]
    pub fn officer(self, officer_id: Option<i64>) -> Self {
        match officer_id {
            Some(id) => self.with("officer", id.to_string()),
            None => self.with("officer", "unallocated"),
        }
    }

    /// Complaints received in a range.
    #[must_use]
    pub fn received(self, from: NaiveDate, to: NaiveDate) -> Self {
        self.with("received_from", from.to_string())
            .with("received_to", to.to_string())
    }

    /// Open complaints in the age band `band` of `AGE_BANDS` today: received between `today -
    /// last` and `today - first` days (the condition of `db::team` and `db::stats`).
    #[must_use]
    pub fn age_band(self, band: usize, today: NaiveDate) -> Self {
        let Some(&(_, first, last)) = AGE_BANDS.get(band) else {
            return self;
        };
        let ago = |d: i64| {
            u64::try_from(d)
                .ok()
                .and_then(|d| today.checked_sub_days(Days::new(d)))
        };
        let mut link = self;
        if let Some(to) = ago(first) {
            link = link.with("received_to", to.to_string());
        }
        if let Some(from) = ago(last) {
            link = link.with("received_from", from.to_string());
        }
        link
    }

    /// Requests received in a range that a timeliness figure counts.
    #[must_use]
    pub fn requests(self, response: ResponseFilter, from: NaiveDate, to: NaiveDate) -> Self {
        self.with("response", response.slug())
            .with("request_from", from.to_string())
            .with("request_to", to.to_string())
    }

    /// The address.
    #[must_use]
    pub fn href(&self) -> String {
        if self.params.is_empty() {
            return "/cases".to_owned();
        }
        let query: Vec<String> = self
            .params
            .iter()
            .map(|(k, v)| format!("{k}={}", encode_query_value(v)))
            .collect();
        format!("/cases?{}", query.join("&"))
    }
}
