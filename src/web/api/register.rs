//! The public register as JSON, without signing in: `GET /api/v1/decisions` (the same filters
//! as the `/decisions` page, paged, with the facets' counts) and `GET /api/v1/decisions/{reference}`.
//! [`DecisionView`] is also the shape of the CSV export and the Atom feed's entries.

use super::{only_known, with_conn};
use crate::db::register::StoredEntry;
use crate::db::register::search::Hit;
use crate::domain::register::text::PublishedText;
use crate::domain::register::{SnippetPart, decided_line, outcome_words, provision_words};
use crate::web::AppState;
use crate::web::error::{ApiError, Problem, invalid_field};
use crate::web::pages::register::{RegisterQuery, filter_of};
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;

/// A provision decided and its outcome.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProvisionView {
    /// As stored: "s31", "reg12(4)(b)".
    pub provision: String,
    /// In the Commissioner's words: "FOI 31".
    pub provision_label: String,
    /// upheld, partly_upheld or not_upheld.
    pub outcome: String,
    /// "Complaint not upheld".
    pub outcome_label: String,
    /// "FOI 31: Complaint not upheld".
    pub line: String,
}

/// One proceeding of a notice's appeal chain.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProceedingView {
    /// first_tier, upper_tribunal, court_of_appeal or court_of_session.
    pub court: String,
    /// "First-tier Tribunal".
    pub court_label: String,
    /// Its reference ("EA/2024/0123", "UA-2024-000456-GIA").
    pub reference: String,
    /// The day it was received (unknown for imported notices).
    pub received_on: Option<NaiveDate>,
    /// lodged (awaiting decision) or determined.
    pub status: String,
    /// How it ended there (as `appeal_outcome`).
    pub outcome: Option<String>,
    /// When it was decided.
    pub decided_on: Option<NaiveDate>,
    /// In words: "First-tier Tribunal (EA/2024/0123): allowed 3 June 2024".
    pub words: String,
}

/// A published decision notice: the Commissioner's own fields and the case's key dates,
/// steps and appeal.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DecisionView {
    /// The case reference (the permalink's key).
    pub reference: String,
    /// The permalink.
    pub url: String,
    /// The notice's date.
    pub date: NaiveDate,
    /// The authority's formal name.
    pub authority: String,
    /// The authority's id in this service, when it is one.
    pub authority_id: Option<i64>,
    /// The sector's identifier.
    pub sector: String,
    /// The sector in words.
    pub sector_label: String,
    /// The law: foia, eir, foisa, eir_scotland.
    pub regime: String,
    /// The abstract.
    #[serde(rename = "abstract")]
    pub summary: String,
    /// Each provision decided and its outcome.
    pub provisions: Vec<ProvisionView>,
    /// The PDF.
    pub pdf: Option<String>,
    /// The request reached the authority.
    pub request_received: Option<NaiveDate>,
    /// The authority responded.
    pub response_sent: Option<NaiveDate>,
    /// An internal review was asked for.
    pub review_requested: Option<NaiveDate>,
    /// The review was completed.
    pub review_completed: Option<NaiveDate>,
    /// The complaint reached the Commissioner.
    pub complaint_received: Option<NaiveDate>,
    /// The case was allocated.
    pub allocated_on: Option<NaiveDate>,
    /// Whether steps were ordered.
    pub steps_ordered: bool,
    /// The steps period in calendar days.
    pub steps_period_days: Option<i32>,
    /// When the steps fall due.
    pub steps_due: Option<NaiveDate>,
    /// none, lodged (pending) or determined.
    pub appeal_status: String,
    /// The tribunal's reference (of the latest proceeding).
    pub tribunal_reference: Option<String>,
    /// Its court or tribunal: first_tier, upper_tribunal, court_of_appeal, court_of_session.
    pub appeal_court: Option<String>,
    /// How it ended there: dismissed, allowed, allowed_in_part, struck_out, withdrawn,
    /// consent_order, not_admitted, set_aside, remitted.
    pub appeal_outcome: Option<String>,
    /// When it was decided.
    pub appeal_decided_on: Option<NaiveDate>,
    /// The last day to appeal the notice (notices issued here).
    pub appeal_window_until: Option<NaiveDate>,
    /// The appeal in words, as the page shows it: "Appealed to the First-tier Tribunal
    /// (EA/2024/0123) — dismissed 3 June 2024", "Appeal window open until 7 March 2024",
    /// "Not appealed".
    pub appeal: String,
    /// Every proceeding against the notice, lowest court first: First-tier Tribunal, Upper
    /// Tribunal, Court of Appeal or Court of Session (empty when not appealed).
    pub appeal_chain: Vec<ProceedingView>,
    /// Last changed (RFC 3339).
    pub updated: String,
    /// The notice's published text, structured as the permalink shows it (only from
    /// `GET /api/v1/decisions/{reference}`): `sections` (each with `heading`, `annex` and
    /// `blocks`: a `subheading`, or a `paragraph` with its `number` in the notice and its
    /// `pieces`: `text`, `quote` or `list` of `spans`: `text`, `emph`, `strong`, `link`
    /// (`url`, `text`) or `note` (a footnote's `number`)) and `footnotes` (`number`, `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub text: Option<PublishedText>,
}

impl DecisionView {
    /// The view of a stored entry with its structured text, for the permalink's JSON.
    #[must_use]
    pub fn with_text(stored: &StoredEntry, base: &str, today: NaiveDate) -> Self {
        DecisionView {
            text: Some(stored.entry.text()),
            ..Self::of(stored, base, today)
        }
    }

    /// The view of a stored entry on `today`, its links made absolute with `base` (the public
    /// URL).
    #[must_use]
    pub fn of(stored: &StoredEntry, base: &str, today: NaiveDate) -> Self {
        let e = &stored.entry;
        let url = format!("{base}/decisions/{}", e.reference);
        let pdf = if stored.has_pdf {
            Some(format!("{url}.pdf"))
        } else {
            e.pdf_url.clone()
        };
        DecisionView {
            reference: e.reference.clone(),
            url,
            date: e.issued_on,
            authority: e.authority_name.clone(),
            authority_id: e.authority_id,
            sector: e.sector.slug().to_owned(),
            sector_label: e.sector.label().to_owned(),
            regime: e.regime.slug().to_owned(),
            summary: e.summary.clone(),
            provisions: e
                .provisions
                .iter()
                .map(|(p, o)| ProvisionView {
                    provision: p.clone(),
                    provision_label: provision_words(p),
                    outcome: o.slug().to_owned(),
                    outcome_label: outcome_words(*o).to_owned(),
                    line: decided_line(p, *o),
                })
                .collect(),
            pdf,
            request_received: e.dates.request_received,
            response_sent: e.dates.response_sent,
            review_requested: e.dates.review_requested,
            review_completed: e.dates.review_completed,
            complaint_received: e.dates.complaint_received,
            allocated_on: e.dates.allocated_on,
            steps_ordered: e.steps_ordered(),
            steps_period_days: e.steps_period_days,
            steps_due: e.steps_due,
            appeal_status: e.appeal.status.slug().to_owned(),
            tribunal_reference: e.appeal.tribunal_reference.clone(),
            appeal_court: e.appeal.court().map(|c| c.slug().to_owned()),
            appeal_outcome: e.appeal.outcome.map(|o| o.slug().to_owned()),
            appeal_decided_on: e.appeal.decided_on,
            appeal_window_until: e.appeal.window_until,
            appeal: e.appeal.words(today),
            appeal_chain: e
                .appeal
                .proceedings()
                .iter()
                .map(|p| ProceedingView {
                    court: p.stage.slug().to_owned(),
                    court_label: p.stage.label().to_owned(),
                    reference: p.reference.clone(),
                    received_on: p.received_on,
                    status: if p.decided { "determined" } else { "lodged" }.to_owned(),
                    outcome: p.outcome.map(|o| o.slug().to_owned()),
                    decided_on: p.decided_on,
                    words: p.words(),
                })
                .collect(),
            updated: rfc3339(stored.updated_at),
            text: None,
        }
    }
}

/// A timestamp stored in UTC, as RFC 3339.
#[must_use]
pub fn rfc3339(at: chrono::NaiveDateTime) -> String {
    at.and_utc().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// A part of a snippet.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SnippetView {
    /// Text.
    pub text: String,
    /// A word searched for.
    pub hit: bool,
}

/// A notice found, with its highlighted snippet.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FoundView {
    /// The notice.
    #[serde(flatten)]
    pub decision: DecisionView,
    /// Where the words were found (empty when nothing was searched for).
    pub snippet: Vec<SnippetView>,
}

impl FoundView {
    /// The view of a hit.
    #[must_use]
    pub fn of(hit: &Hit, base: &str, today: NaiveDate) -> Self {
        FoundView {
            decision: DecisionView::of(&hit.stored, base, today),
            snippet: hit
                .snippet
                .iter()
                .map(|SnippetPart { text, hit }| SnippetView {
                    text: text.clone(),
                    hit: *hit,
                })
                .collect(),
        }
    }
}

/// A value of a facet and how many notices have it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FacetValue {
    /// The value as a filter takes it.
    pub value: String,
    /// Notices among the matches.
    pub count: i64,
}

/// A page of the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DecisionPage {
    /// Notices matching.
    pub total: i64,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// The order: "relevance" when the words match at most 2,000 notices, otherwise
    /// "latest" (the latest first, as without words).
    pub order: String,
    /// This page.
    pub items: Vec<FoundView>,
    /// Facet name (authority, sector, regime, provision, outcome, steps, appealed, year) →
    /// values with counts.
    pub facets: HashMap<String, Vec<FacetValue>>,
}

const KNOWN: &[&str] = &[
    "q",
    "authority",
    "sector",
    "regime",
    "provision",
    "outcome",
    "from",
    "to",
    "steps",
    "appealed",
    "page",
    "per_page",
];

/// `GET /api/v1/decisions`
#[utoipa::path(get, path = "/api/v1/decisions", tag = "register", params(("q" = Option<String>, Query, description = "Words in the notice (all of them)"), ("authority" = Option<String>, Query, description = "Part of the authority's name"), ("sector" = Option<String>, Query, description = "Sector"), ("regime" = Option<String>, Query, description = "Regime"), ("provision" = Option<String>, Query, description = "A provision decided: s31, FOI 31, reg12(4)(b), EIR 12(4)(b)"), ("outcome" = Option<String>, Query, description = "upheld, partly_upheld or not_upheld (on the provision when given)"), ("from" = Option<String>, Query, description = "Notices dated on or after (YYYY-MM-DD)"), ("to" = Option<String>, Query, description = "Notices dated on or before (YYYY-MM-DD)"), ("steps" = Option<String>, Query, description = "yes: steps ordered; no: none"), ("appealed" = Option<String>, Query, description = "yes or no"), ("page" = Option<i64>, Query, description = "1-based page"), ("per_page" = Option<i64>, Query, description = "1 to 100")), responses((status = 200, description = "A page of published decision notices with the facets' counts", body = DecisionPage), (status = 422, description = "A filter could not be read", body = Problem, content_type = "application/problem+json")))]
pub async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let map: HashMap<String, String> = serde_urlencoded::from_str(req.query_string())
        .map_err(|e| invalid_field("query", format!("the query string cannot be read: {e}")))?;
    only_known(&map, KNOWN)?;
    let raw: RegisterQuery = serde_urlencoded::from_str(req.query_string())
        .map_err(|e| invalid_field("query", format!("the query string cannot be read: {e}")))?;
    let (filter, errors) = filter_of(&raw);
    if let Some(e) = errors.list.first() {
        return Err(invalid_field(
            e.href.trim_start_matches('#'),
            e.message.clone(),
        ));
    }
    let number = |name: &str, default: i64, max: i64| -> Result<i64, ApiError> {
        map.get(name).map_or(Ok(default), |v| {
            v.parse::<i64>()
                .ok()
                .filter(|n| (1..=max).contains(n))
                .ok_or_else(|| {
                    invalid_field(name, format!("{name} must be a number from 1 to {max}"))
                })
        })
    };
    let page = number("page", 1, 10_000)?;
    let per_page = number("per_page", 20, 100)?;
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let today = state.clock.today();
    let body = with_conn(&state, move |conn, _| {
        let found =
            crate::service::register::search(conn, &filter, per_page, (page - 1) * per_page, true)?;
        Ok(DecisionPage {
            total: found.total,
            page,
            per_page,
            order: if found.ranked { "relevance" } else { "latest" }.to_owned(),
            items: found
                .hits
                .iter()
                .map(|h| FoundView::of(h, &base, today))
                .collect(),
            facets: found
                .facets
                .into_iter()
                .map(|(k, v)| {
                    let values = v
                        .into_iter()
                        .map(|(value, count)| FacetValue { value, count })
                        .collect();
                    (k, values)
                })
                .collect(),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// `GET /api/v1/decisions/{reference}`
#[utoipa::path(get, path = "/api/v1/decisions/{reference}", tag = "register", params(("reference" = String, Path, description = "Case reference")), responses((status = 200, description = "A published decision notice", body = DecisionView), (status = 404, description = "No published notice has this reference", body = Problem, content_type = "application/problem+json")))]
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let today = state.clock.today();
    let view = with_conn(&state, move |conn, _| {
        Ok(DecisionView::with_text(
            &crate::service::register::decision(conn, &reference)?,
            &base,
            today,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
