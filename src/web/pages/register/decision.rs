//! A published notice's permalink page (`/decisions/{reference}`: metadata, key dates, the
//! outcome per provision, steps, appeal, the text under its headings with its paragraphs
//! numbered as in the notice), its PDF, and the officers' "similar
//! decisions" panel on the notice editor.

use super::{appeal_text, regime_label, steps_text};
use crate::domain::notice::checks::long_date;
use crate::domain::register::text::PublishedText;
use crate::web::AppState;
use crate::web::api::register::DecisionView;
use crate::web::pages::forms::encode_query_value;
use crate::web::pages::{Chrome, PageError, render, with_db};
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Serialize;

/// A line of the summary list on a notice's page.
#[derive(Serialize)]
struct Row {
    key: &'static str,
    value: String,
}

#[derive(Serialize)]
struct DecisionPageView {
    reference: String,
    title: String,
    date: String,
    summary: String,
    details: Vec<Row>,
    dates: Vec<Row>,
    lines: Vec<(String, String)>,
    steps: String,
    appeal: String,
    chain: Vec<String>,
    pdf: Option<String>,
    pdf_external: bool,
    text: PublishedText,
    json: String,
    /// The permalink, absolute (the page's canonical address).
    url: String,
}

fn decision_page(d: DecisionView, has_pdf: bool, text: PublishedText) -> DecisionPageView {
    let date_row = |key, value: Option<NaiveDate>| Row {
        key,
        value: value.map_or_else(|| "Not recorded".to_owned(), long_date),
    };
    DecisionPageView {
        details: vec![
            Row {
                key: "Reference",
                value: d.reference.clone(),
            },
            Row {
                key: "Date of notice",
                value: long_date(d.date),
            },
            Row {
                key: "Public authority",
                value: d.authority.clone(),
            },
            Row {
                key: "Sector",
                value: d.sector_label.clone(),
            },
            Row {
                key: "Law",
                value: regime_label(&d.regime),
            },
        ],
        dates: vec![
            date_row("Request made", d.request_received),
            date_row("Authority responded", d.response_sent),
            date_row("Internal review requested", d.review_requested),
            date_row("Internal review completed", d.review_completed),
            date_row("Complaint received", d.complaint_received),
            date_row("Case allocated", d.allocated_on),
        ],
        lines: d
            .provisions
            .iter()
            .map(|p| (p.provision_label.clone(), p.outcome_label.clone()))
            .collect(),
        steps: match (d.steps_ordered, d.steps_period_days, d.steps_due) {
            (false, ..) => "No steps ordered".to_owned(),
            (true, Some(days), Some(due)) => {
                format!(
                    "Steps ordered, within {days} calendar days: due by {}",
                    long_date(due)
                )
            }
            _ => steps_text(&d),
        },
        appeal: appeal_text(&d),
        chain: if d.appeal_chain.len() > 1 {
            d.appeal_chain.iter().map(|p| p.words.clone()).collect()
        } else {
            Vec::new()
        },
        pdf_external: !has_pdf && d.pdf.is_some(),
        pdf: if has_pdf {
            Some(format!("/decisions/{}.pdf", d.reference))
        } else {
            d.pdf.clone()
        },
        text,
        json: format!("/api/v1/decisions/{}", d.reference),
        url: d.url.clone(),
        title: d.authority,
        date: long_date(d.date),
        summary: d.summary,
        reference: d.reference,
    }
}

/// `GET /decisions/{reference}`: the permalink of a published notice.
///
/// # Errors
/// Not found (unknown or withheld).
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = path.into_inner();
    let path_reference = reference.clone();
    let base = state.mail.public_url.trim_end_matches('/').to_owned();
    let stored = with_db(&state, move |conn| {
        Ok(crate::service::register::decision(conn, &reference)?)
    })
    .await?;
    if stored.entry.reference != path_reference {
        // One address for each notice: another spelling of its reference is sent on to it.
        return Ok(HttpResponse::PermanentRedirect()
            .insert_header(("Location", format!("/decisions/{}", stored.entry.reference)))
            .finish());
    }
    let view = DecisionView::of(&stored, &base, state.clock.today());
    render(
        "register/decision.html",
        &Chrome::public("decisions"),
        &decision_page(view, stored.has_pdf, stored.entry.text()),
    )
}

/// `GET /decisions/{reference}.pdf`: the published notice as issued (no complainant details:
/// the parties' copy is never stored).
///
/// # Errors
/// Not found.
pub async fn pdf(
    state: web::Data<AppState>,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let reference = path.into_inner();
    let name = encode_query_value(&reference);
    let bytes = with_db(&state, move |conn| {
        Ok(crate::service::register::decision_pdf(conn, &reference)?)
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{name}.pdf\""),
        ))
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(bytes))
}

/// A published decision like the notice being drafted (the editor's "Similar decisions").
#[derive(Debug, Clone, Serialize)]
pub struct SimilarRow {
    href: String,
    title: String,
    reference: String,
    date: String,
    lines: Vec<String>,
    shared: i64,
}

/// The published decisions that decided the same provisions with the same outcomes as the
/// draft's, most in common first (none until the draft records its provisions).
///
/// # Errors
/// Database failures.
pub fn similar_rows(
    conn: &mut crate::db::AnyConnection,
    provisions: &[crate::domain::notice::ProvisionDecided],
    except: &str,
) -> Result<Vec<SimilarRow>, PageError> {
    Ok(crate::service::register::similar(conn, provisions, except)?
        .into_iter()
        .map(|(s, shared)| SimilarRow {
            href: format!("/decisions/{}", s.entry.reference),
            title: s.entry.authority_name.clone(),
            date: long_date(s.entry.issued_on),
            lines: s
                .entry
                .provisions
                .iter()
                .map(|(p, o)| crate::domain::register::decided_line(p, *o))
                .collect(),
            reference: s.entry.reference,
            shared,
        })
        .collect())
}
