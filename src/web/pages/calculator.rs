//! The public deadline calculator (no sign-in): pick a law, enter what happened and when, and
//! see every deadline, its status on a chosen day, and the days skipped. It is a GET form, so a
//! calculation is a link that can be shared; nothing is stored.

use super::forms::{DateParts, FormErrors, capitalise, parse_date};
use super::views::{DeadlineRow, deadline_rows};
use super::{AppState, Chrome, PageError, render_with_status};
use crate::domain::deadline::evaluate_with;
use crate::domain::regime::Regime;
use crate::domain::timeline::{Event, EventKind, Timeline};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Serialize;
use std::collections::HashMap;

/// Rows of events the form offers.
pub const EVENT_ROWS: usize = 8;

#[derive(Serialize)]
struct EventRowView {
    index: usize,
    kind: String,
    date: DateParts,
    kind_field: String,
    kind_label: String,
    date_field: String,
    date_legend: String,
}

#[derive(Serialize)]
struct CalculatorPage {
    regime: String,
    regimes: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    rows: Vec<EventRowView>,
    as_of: DateParts,
    steps_period_days: String,
    calculated: bool,
    deadlines: Vec<DeadlineRow>,
    warnings: Vec<String>,
    errors: FormErrors,
}

fn field<'a>(query: &'a HashMap<String, String>, name: &str) -> &'a str {
    query.get(name).map_or("", String::as_str)
}

fn parts(query: &HashMap<String, String>, prefix: &str) -> DateParts {
    DateParts {
        day: field(query, &format!("{prefix}_day")).to_owned(),
        month: field(query, &format!("{prefix}_month")).to_owned(),
        year: field(query, &format!("{prefix}_year")).to_owned(),
    }
}

/// The steps period typed, if any: 1 to 365 calendar days.
fn steps_period(text: &str, errors: &mut FormErrors) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    match text.parse::<u32>() {
        Ok(p) if (1..=365).contains(&p) => Some(p),
        _ => {
            errors.add(
                "steps_period_days",
                "Enter the steps period as a number of calendar days, like 35",
            );
            None
        }
    }
}

/// The rows filled in, as events; each problem is added beside its row.
fn typed_events(rows: &[EventRowView], steps: Option<u32>, errors: &mut FormErrors) -> Vec<Event> {
    let mut events = Vec::new();
    for row in rows {
        if row.kind.is_empty() && row.date.is_blank() {
            continue;
        }
        let name = format!("e{}", row.index);
        let Some(kind) = EventKind::from_slug(&row.kind) else {
            errors.add(
                &format!("{name}-kind"),
                format!("Select what happened in row {}", row.index + 1),
            );
            continue;
        };
        match parse_date(&format!("date in row {}", row.index + 1), &row.date) {
            Ok(date) => {
                let mut event = Event::on(kind, date);
                if kind == EventKind::DecisionNoticeIssued {
                    event.steps_period_days = steps;
                }
                events.push(event);
            }
            Err(m) => errors.add(&name, m),
        }
    }
    events
}

/// The event rows as typed (eight, blank where nothing was entered).
fn typed_rows(query: &HashMap<String, String>) -> Vec<EventRowView> {
    (0..EVENT_ROWS)
        .map(|i| EventRowView {
            index: i,
            kind: field(query, &format!("e{i}-kind")).to_owned(),
            date: parts(query, &format!("e{i}")),
            kind_field: format!("e{i}-kind"),
            kind_label: format!("Event {}", i + 1),
            date_field: format!("e{i}"),
            date_legend: format!("Date of event {}", i + 1),
        })
        .collect()
}

/// The choices of what happened: a prompt, then every event kind in people's words.
fn kind_choices() -> Vec<(String, String)> {
    let mut kinds = vec![(String::new(), "Choose what happened".to_owned())];
    kinds.extend(
        EventKind::ALL
            .iter()
            .map(|k| (k.slug().to_owned(), capitalise(k.label()))),
    );
    kinds
}

/// The deadlines and warnings of what was typed, on the day asked; each problem is added to
/// `errors` beside its field (and then nothing is calculated).
fn calculate(
    state: &AppState,
    regime_text: &str,
    as_of_parts: &DateParts,
    steps_period_days: &str,
    rows: &[EventRowView],
    errors: &mut FormErrors,
) -> (Vec<DeadlineRow>, Vec<String>) {
    let regime = Regime::from_slug(regime_text)
        .map_err(|_| errors.add("regime", "Select the law the request was made under"))
        .ok();
    let as_of = parse_date("date to check the deadlines on", as_of_parts)
        .map_err(|m| errors.add("as_of", m))
        .ok();
    let steps = steps_period(steps_period_days, errors);
    let events = typed_events(rows, steps, errors);
    if events.is_empty() && errors.is_empty() {
        errors.add(
            "e0-kind",
            "Enter at least the date the request was received",
        );
    }
    let (Some(regime), Some(as_of), true) = (regime, as_of, errors.is_empty()) else {
        return (Vec::new(), Vec::new());
    };
    let result = Timeline::new(regime, events)
        .and_then(|t| evaluate_with(&t, &state.clock_settings, &state.calendars, as_of));
    match result {
        Ok(evaluation) => (
            deadline_rows(&evaluation.deadlines, &state.calendars, as_of),
            evaluation.warnings,
        ),
        Err(e) => {
            errors.add("e0-kind", e.message);
            (Vec::new(), Vec::new())
        }
    }
}

/// `GET /calculator`.
///
/// # Errors
/// Template failures only: bad input is shown beside the form.
pub async fn show(
    state: web::Data<AppState>,
    query: web::Query<HashMap<String, String>>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let today = state.clock.today();
    let mut errors = FormErrors::default();
    let calculated = query.contains_key("regime");
    let regime_text = query
        .get("regime")
        .cloned()
        .unwrap_or_else(|| "foia".to_owned());
    let rows = typed_rows(&query);
    let as_of_parts = if parts(&query, "as_of").is_blank() {
        DateParts::of(today)
    } else {
        parts(&query, "as_of")
    };
    let steps_period_days = field(&query, "steps_period_days").trim().to_owned();
    let (deadlines, warnings) = if calculated {
        calculate(
            &state,
            &regime_text,
            &as_of_parts,
            &steps_period_days,
            &rows,
            &mut errors,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_with_status(
        status,
        "calculator.html",
        &Chrome::public("calculator"),
        &CalculatorPage {
            regime: regime_text,
            regimes: Regime::ALL
                .iter()
                .map(|r| (r.slug().to_owned(), r.label().to_owned()))
                .collect(),
            kinds: kind_choices(),
            rows,
            as_of: as_of_parts,
            steps_period_days,
            calculated: calculated && status == StatusCode::OK,
            deadlines,
            warnings,
            errors,
        },
    )
}
