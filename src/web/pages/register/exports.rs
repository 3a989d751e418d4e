//! The register's exports, for the same filters as the search page: an Atom 1.0 feed (RFC 4287)
//! of the latest notices (`/decisions.atom`) and every matching notice as CSV
//! (`/decisions.csv`, cells safe to open in a spreadsheet).

use super::{RegisterQuery, filter_of};
use crate::db::register::StoredEntry;
use crate::domain::register::{Filter, decided_line};
use crate::service::csv_safe;
use crate::web::AppState;
use crate::web::api::register::{DecisionView, rfc3339};
use crate::web::pages::{Chrome, PageError, render, templates, with_db};
use actix_web::{HttpResponse, web};
use serde::Serialize;

/// Entries in a feed.
const FEED_ENTRIES: i64 = 50;

#[derive(Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    updated: String,
    published: String,
    summary: String,
    html: String,
    pdf: Option<String>,
    categories: Vec<String>,
}

#[derive(Serialize)]
struct Feed {
    id: String,
    title: String,
    subtitle: String,
    author: String,
    updated: String,
    html: String,
    entries: Vec<FeedEntry>,
}

/// The filters of an export; one that cannot be read is refused in words (an export has no
/// form to show it beside).
fn exported(raw: &RegisterQuery) -> Result<Filter, PageError> {
    let (filter, errors) = filter_of(raw);
    match errors.list.first() {
        Some(e) => Err(PageError::BadRequest(e.message.clone())),
        None => Ok(filter),
    }
}

/// `GET /decisions.atom`: the latest notices matching the filters, as Atom 1.0. The feed's id is
/// its own address (so each search is a feed of its own); each entry's id is the notice's
/// permalink, and `updated` changes when the notice does (an appeal, new dates).
///
/// # Errors
/// A filter that cannot be read (400); database failures.
pub async fn atom(
    state: web::Data<AppState>,
    query: web::Query<RegisterQuery>,
) -> Result<HttpResponse, PageError> {
    let raw = query.into_inner();
    let filter = exported(&raw)?;
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let now = state.clock.now().naive_utc();
    let today = state.clock.today();
    let entries = with_db(&state, move |conn| {
        Ok(crate::service::register::export(
            conn,
            &filter,
            FEED_ENTRIES,
        )?)
    })
    .await?;
    let qs = raw.query_string();
    let suffix = if qs.is_empty() {
        String::new()
    } else {
        format!("?{qs}")
    };
    let updated = entries.iter().map(|e| e.updated_at).max().unwrap_or(now);
    let feed = Feed {
        id: format!("{base}/decisions.atom{suffix}"),
        title: feed_title(&qs),
        subtitle: "Decision notices published by the Commissioner, newest first".to_owned(),
        author: state
            .regulator
            .address
            .first()
            .cloned()
            .unwrap_or_else(|| state.regulator.short_name.clone()),
        updated: rfc3339(updated),
        html: format!("{base}/decisions{suffix}"),
        entries: entries
            .iter()
            .map(|stored| {
                let d = DecisionView::of(stored, &base, today);
                FeedEntry {
                    title: crate::domain::labelled::labelled(&d.authority, &d.reference),
                    updated: d.updated.clone(),
                    // The notice's date: when it was given, not when it reached the register.
                    published: rfc3339(d.date.and_time(chrono::NaiveTime::MIN)),
                    summary: format!(
                        "Decision notice of {}. {} {}.",
                        crate::web::pages::forms::long_date(d.date),
                        d.summary,
                        d.appeal
                    ),
                    html: d.url.clone(),
                    id: d.url.clone(),
                    pdf: d.pdf.clone(),
                    categories: d.provisions.iter().map(|p| p.line.clone()).collect(),
                }
            })
            .collect(),
    };
    let context = tera::Context::from_serialize(&feed)
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("feed context: {e}")))?;
    let xml = templates()?
        .render("register/feed.xml", &context)
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("feed: {e:?}")))?;
    Ok(HttpResponse::Ok()
        .content_type("application/atom+xml; charset=utf-8")
        .body(xml))
}

/// A feed's title: "Decision notices", or for a search what it searched for, so that a
/// reader's several subscriptions can be told apart ("Decision notices: “invoices”, provision
/// s31").
fn feed_title(query_string: &str) -> String {
    let asked: Vec<String> = serde_urlencoded::from_str::<Vec<(String, String)>>(query_string)
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| !v.trim().is_empty() && k != "page")
        .map(|(k, v)| {
            if k == "q" {
                format!("“{}”", v.trim())
            } else {
                format!("{} {}", k.replace('_', " "), v.trim())
            }
        })
        .collect();
    if asked.is_empty() {
        "Decision notices".to_owned()
    } else {
        format!("Decision notices: {}", asked.join(", "))
    }
}

const CSV_COLUMNS: [&str; 27] = [
    "reference",
    "date",
    "authority",
    "authority_id",
    "sector",
    "regime",
    "abstract",
    "provisions",
    "pdf",
    "request_received",
    "response_sent",
    "review_requested",
    "review_completed",
    "complaint_received",
    "allocated_on",
    "steps_ordered",
    "steps_period_days",
    "steps_due",
    "appeal_status",
    "tribunal_reference",
    "appeal_court",
    "appeal_outcome",
    "appeal_decided_on",
    "appeal_window_until",
    "appeal",
    "appeal_chain",
    "url",
];

/// One notice's row, in the Commissioner's words (docs/register-csv.md): the sector, regime,
/// provisions, outcomes, court and appeal outcome as a person reads them; dates ISO 8601 so
/// they sort.
fn csv_row(stored: &StoredEntry, d: &DecisionView) -> Vec<String> {
    let e = &stored.entry;
    let date = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let text = csv_safe::text_owned;
    vec![
        text(&d.reference),
        d.date.to_string(),
        text(&d.authority),
        d.authority_id.map(|i| i.to_string()).unwrap_or_default(),
        text(&d.sector_label),
        text(e.regime.label()),
        text(&d.summary),
        text(
            &e.provisions
                .iter()
                .map(|(p, o)| decided_line(p, *o))
                .collect::<Vec<_>>()
                .join("; "),
        ),
        text(d.pdf.as_deref().unwrap_or_default()),
        date(d.request_received),
        date(d.response_sent),
        date(d.review_requested),
        date(d.review_completed),
        date(d.complaint_received),
        date(d.allocated_on),
        if d.steps_ordered { "yes" } else { "no" }.to_owned(),
        d.steps_period_days
            .map(|n| n.to_string())
            .unwrap_or_default(),
        date(d.steps_due),
        text(e.appeal.status.label()),
        text(d.tribunal_reference.as_deref().unwrap_or_default()),
        text(e.appeal.court().map(|c| c.label()).unwrap_or_default()),
        text(e.appeal.outcome.map(|o| o.label()).unwrap_or_default()),
        date(d.appeal_decided_on),
        date(d.appeal_window_until),
        text(&d.appeal),
        text(&e.appeal.chain_words()),
        text(&d.url),
    ]
}

/// `GET /decisions.csv`: every notice matching the filters (newest first, at most the export
/// cap), one row each, with the key dates, steps and appeal.
///
/// # Errors
/// A filter that cannot be read (400); database failures.
pub async fn csv(
    state: web::Data<AppState>,
    query: web::Query<RegisterQuery>,
) -> Result<HttpResponse, PageError> {
    let raw = query.into_inner();
    let filter = exported(&raw)?;
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let today = state.clock.today();
    let body = with_db(&state, move |conn| {
        let entries =
            crate::service::register::export(conn, &filter, crate::service::register::EXPORT_CAP)?;
        let mut w = csv::Writer::from_writer(Vec::new());
        let failed = |e: csv::Error| PageError::Unexpected(anyhow::anyhow!("csv: {e}"));
        w.write_record(CSV_COLUMNS).map_err(failed)?;
        for stored in &entries {
            w.write_record(csv_row(stored, &DecisionView::of(stored, &base, today)))
                .map_err(failed)?;
        }
        w.into_inner()
            .map_err(|e| PageError::Unexpected(anyhow::anyhow!("csv: {e}")))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            "attachment; filename=\"decision-notices.csv\"",
        ))
        .body(body))
}

/// The CSV's columns as documented (docs/register-csv.md, whose table is the one source).
const CSV_DOC: &str = include_str!("../../../../docs/register-csv.md");

/// A documented column: name, meaning, example.
#[derive(Serialize)]
struct ColumnDoc {
    name: String,
    meaning: String,
    example: String,
}

#[derive(Serialize)]
struct ColumnsPage {
    columns: Vec<ColumnDoc>,
}

/// The rows of the doc's table ("| name | meaning | example |"), the header and rule left out;
/// backticks dropped (the page shows plain words).
fn documented_columns(doc: &str) -> Vec<ColumnDoc> {
    doc.lines()
        .filter_map(|line| {
            let cells: Vec<String> = line
                .trim()
                .strip_prefix('|')?
                .strip_suffix('|')?
                .split('|')
                .map(|c| c.trim().replace('`', ""))
                .collect();
            match cells.as_slice() {
                [name, meaning, example] if name != "Column" && !name.starts_with('-') => {
                    Some(ColumnDoc {
                        name: name.clone(),
                        meaning: meaning.clone(),
                        example: example.clone(),
                    })
                }
                _ => None,
            }
        })
        .collect()
}

/// `GET /decisions/csv-columns`: what each column of the CSV means, with an example.
///
/// # Errors
/// A template error.
pub async fn csv_columns() -> Result<HttpResponse, PageError> {
    render(
        "register/csv-columns.html",
        &Chrome::public("decisions"),
        &ColumnsPage {
            columns: documented_columns(CSV_DOC),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_feed_is_titled_by_what_it_searched_for() {
        // (query string, title)
        let table = [
            ("", "Decision notices"),
            ("page=2", "Decision notices"),
            ("q=invoices", "Decision notices: “invoices”"),
            (
                "q=invoices&provision=s31&outcome=not_upheld&sector=",
                "Decision notices: “invoices”, provision s31, outcome not_upheld",
            ),
            ("from_year=2024", "Decision notices: from year 2024"),
        ];
        for (query, title) in table {
            assert_eq!(super::feed_title(query), title, "{query}");
        }
    }

    #[test]
    fn the_doc_documents_every_column_in_order() {
        let names: Vec<String> = documented_columns(CSV_DOC)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, CSV_COLUMNS.to_vec());
    }
}
