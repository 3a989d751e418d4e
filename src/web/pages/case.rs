//! The case page: parties, every deadline with its status and a "why this date" panel, the
//! timeline of events with forms to add and correct events, and allocation for managers.

use super::forms::{DateParts, FormErrors, long_date, parse_date};
use super::session::{Posted, Staff};
use super::views::{DeadlineRow, deadline_rows};
use super::{
    AppState, Chrome, DoneQuery, PageError, case_reference, refusal, render_with_status, see_other,
    with_db,
};
use crate::domain::case::{Correction, Door, EventInput};
use crate::domain::lifecycle::{CaseEventKind, IneligibleReason, WorkflowKind};
use crate::domain::parties::{CaseReference, Role};
use crate::domain::regime::Regime;
use crate::domain::timeline::EventKind;
use crate::service::cases;
use crate::web::api::cases::CaseDetail;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The event form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct EventForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    #[serde(default)]
    sent_day: String,
    #[serde(default)]
    sent_month: String,
    #[serde(default)]
    sent_year: String,
    #[serde(default)]
    steps_period_days: String,
    #[serde(default)]
    extension_granted: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    respond_by_day: String,
    #[serde(default)]
    respond_by_month: String,
    #[serde(default)]
    respond_by_year: String,
}

impl EventForm {
    fn date(&self) -> DateParts {
        DateParts {
            day: self.date_day.clone(),
            month: self.date_month.clone(),
            year: self.date_year.clone(),
        }
    }
    fn sent(&self) -> DateParts {
        DateParts {
            day: self.sent_day.clone(),
            month: self.sent_month.clone(),
            year: self.sent_year.clone(),
        }
    }
    fn respond_by(&self) -> DateParts {
        DateParts {
            day: self.respond_by_day.clone(),
            month: self.respond_by_month.clone(),
            year: self.respond_by_year.clone(),
        }
    }
}

#[derive(Serialize)]
struct EventRow {
    id: i64,
    label: &'static str,
    kind: String,
    date: String,
    note: String,
    effective: bool,
    correctable: bool,
    date_parts: DateParts,
}

#[derive(Serialize)]
struct CasePage {
    case: CaseSummary,
    deadlines: Vec<DeadlineRow>,
    events: Vec<EventRow>,
    kinds: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    officers: Vec<(String, String)>,
    can_change: bool,
    can_allocate: bool,
    /// The allocation's date as typed (today unless changed).
    allocation_date: DateParts,
    date_value: DateParts,
    sent_value: DateParts,
    respond_by_value: DateParts,
    form: EventForm,
    errors: FormErrors,
    correction_errors: FormErrors,
    /// The reason typed into the correction form that failed.
    correction_reason: String,
    no_errors: FormErrors,
    correcting: Option<i64>,
    appeals: Vec<super::appeals::CaseAppeal>,
}

#[derive(Serialize)]
struct CaseSummary {
    reference: String,
    regime: String,
    status: String,
    authority: String,
    authority_short: String,
    complainant_name: String,
    complainant_email: String,
    complainant_address: String,
    officer: String,
    officer_id: String,
    warnings: Vec<String>,
    date_changes: Vec<String>,
}

fn event_kinds() -> Vec<(String, String)> {
    // Allocation and the decision notice have their own actions, not the events form.
    let mut kinds: Vec<(String, String)> = EventKind::ALL
        .iter()
        .map(|k| CaseEventKind::Clock(*k))
        .chain(
            WorkflowKind::ALL
                .iter()
                .map(|k| CaseEventKind::Workflow(*k)),
        )
        .filter(|k| {
            !matches!(
                Door::of(*k),
                Door::Allocation | Door::NoticeWorkflow | Door::Appeals
            )
        })
        .map(|k| (k.slug().to_owned(), k.label().to_owned()))
        .collect();
    kinds.insert(0, (String::new(), "Choose what happened".to_owned()));
    kinds
}

struct Loaded {
    detail: CaseDetail,
    /// Whether the actor may change the case (the aggregate's one access rule).
    may_change: bool,
    /// Names of the staff the log mentions.
    names: std::collections::HashMap<i64, String>,
    officers: Vec<(i64, String, Role)>,
    /// The case's appeals (recorded on their own pages).
    appeals: Vec<super::appeals::CaseAppeal>,
}

async fn load(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
) -> Result<Loaded, PageError> {
    let actor = staff.actor.clone();
    let st = state.clone();
    with_db(state, move |conn| {
        let ctx = st.context(&actor);
        let record = cases::detail(conn, &ctx, &reference)?;
        let appeals = super::appeals::of_case(conn, reference.as_str())?;
        let may_change = record.case.may_change(&actor);
        let names = record.staff_names.clone();
        let detail = CaseDetail::from(record);
        let officers = if actor.sees_every_case() {
            cases::officers(conn)?
        } else {
            Vec::new()
        };
        Ok(Loaded {
            detail,
            may_change,
            names,
            officers,
            appeals,
        })
    })
    .await
}

fn case_page(
    state: &AppState,
    staff: &Staff,
    loaded: Loaded,
    form: EventForm,
    errors: FormErrors,
    correction: Option<(i64, FormErrors, String)>,
) -> CasePage {
    let d = loaded.detail;
    let regime = Regime::from_slug(&d.regime).ok();
    let today = state.clock.today();
    // Every member of staff reads the case; only its officer (or the officer who opened it
    // while unallocated) and managers change it.
    let can_change = loaded.may_change;
    let corrected: Vec<i64> = d.events.iter().filter_map(|e| e.supersedes).collect();
    let events = d
        .events
        .iter()
        .map(|e| {
            let kind = CaseEventKind::from_slug(&e.kind).ok();
            let mut note = Vec::new();
            // The entry corrected, in words: its kind and the date it had.
            let original = e
                .supersedes
                .and_then(|s| d.events.iter().find(|o| o.id == s));
            let described = original.map_or_else(String::new, |o| {
                format!("the {} dated {}", o.label, long_date(o.date))
            });
            let why = e
                .details
                .correction_reason
                .as_deref()
                .map_or_else(String::new, |r| format!(": {r}"));
            if e.retracted {
                note.push(format!("Withdraws {described}{why}"));
            } else if e.supersedes.is_some() {
                note.push(format!("Corrects {described}{why}"));
            }
            if !e.effective && !e.retracted {
                note.push("Corrected since".to_owned());
            }
            if let Some(sent) = e.details.sent {
                note.push(format!("Sent {}", long_date(sent)));
            }
            if let Some(p) = e.details.steps_period_days {
                note.push(format!("Steps within {p} calendar days"));
            }
            if let Some(r) = e.details.respond_by {
                note.push(format!("Reply by {}", long_date(r)));
            }
            if let Some(o) = e.details.officer_id {
                let name = loaded
                    .names
                    .get(&o)
                    .map_or("a member of staff no longer here", String::as_str);
                note.push(format!("To {name}"));
            }
            let by = e
                .recorded_by
                .and_then(|id| loaded.names.get(&id))
                .map_or("the service", String::as_str);
            note.push(format!(
                "Recorded by {by} on {}",
                crate::domain::london::format_instant(e.recorded_at)
            ));
            EventRow {
                id: e.id,
                label: kind.map_or("Unknown event", CaseEventKind::label),
                kind: e.kind.clone(),
                date: long_date(e.date),
                note: note.join("; "),
                effective: e.effective,
                correctable: can_change
                    && e.effective
                    && !e.retracted
                    && !corrected.contains(&e.id)
                    && kind.is_some_and(|k| match Door::of(k) {
                        Door::NoticeWorkflow => false,
                        Door::Allocation | Door::Appeals => staff.actor.sees_every_case(),
                        Door::Facts | Door::Eligibility => true,
                    }),
                date_parts: DateParts::of(e.date),
            }
        })
        .collect();
    let (correcting, correction_errors, correction_reason) = match correction {
        Some((id, errs, reason)) => (Some(id), errs, reason),
        None => (None, FormErrors::default(), String::new()),
    };
    CasePage {
        deadlines: deadline_rows(&d.deadlines, &state.calendars, today),
        case: CaseSummary {
            regime: regime.map_or_else(|| d.regime.clone(), |r| r.label().to_owned()),
            status: d.status_label.clone(),
            authority: d.authority.formal_name.clone(),
            authority_short: d.authority.short_name.clone(),
            complainant_name: d.complainant.name.clone(),
            complainant_email: d.complainant.email.clone().unwrap_or_default(),
            complainant_address: d.complainant.postal_address.clone(),
            officer: d
                .officer_name
                .clone()
                .unwrap_or_else(|| "Not allocated".to_owned()),
            officer_id: d.officer_id.map(|i| i.to_string()).unwrap_or_default(),
            warnings: d.warnings.clone(),
            date_changes: d.date_changes.clone(),
            reference: d.reference,
        },
        events,
        kinds: event_kinds(),
        reasons: std::iter::once((String::new(), "Choose a reason".to_owned()))
            .chain(
                IneligibleReason::ALL
                    .iter()
                    .map(|r| (r.slug().to_owned(), r.slug().replace('_', " "))),
            )
            .collect(),
        officers: std::iter::once((String::new(), "Choose an officer".to_owned()))
            .chain(
                loaded
                    .officers
                    .iter()
                    .map(|(id, name, _)| (id.to_string(), name.clone())),
            )
            .collect(),
        can_change,
        can_allocate: staff.actor.sees_every_case(),
        allocation_date: DateParts::of(today),
        date_value: form.date(),
        sent_value: form.sent(),
        respond_by_value: form.respond_by(),
        no_errors: FormErrors::default(),
        form,
        errors,
        correction_errors,
        correction_reason,
        correcting,
        appeals: loaded.appeals,
    }
}

/// `GET /cases/{reference}`.
///
/// # Errors
/// Not found (also for a case the officer may not see).
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let loaded = load(&state, &staff, case_reference(&path)?).await?;
    let page = case_page(
        &state,
        &staff,
        loaded,
        EventForm::default(),
        FormErrors::default(),
        None,
    );
    render_with_status(
        StatusCode::OK,
        "case.html",
        &Chrome::for_staff(&staff, "cases").with_banner(query.done.as_deref()),
        &page,
    )
}

/// Reads the event form into the API's JSON shape and then through the one event parser.
fn parse_event_form(form: &EventForm, errors: &mut FormErrors) -> Option<EventInput> {
    let kind = CaseEventKind::from_slug(&form.kind)
        .map_err(|_| errors.add("kind", "Select what happened"))
        .ok();
    let date = parse_date("date it happened", &form.date())
        .map_err(|m| errors.add("date", m))
        .ok();
    let mut body = serde_json::Map::new();
    if let Some(k) = kind {
        body.insert("kind".into(), k.slug().into());
    }
    if let Some(d) = date {
        body.insert("date".into(), d.to_string().into());
    }
    let is = |k: EventKind| kind == Some(CaseEventKind::Clock(k));
    if is(EventKind::DecisionNoticeIssued) {
        if !form.sent().is_blank() {
            match parse_date("date the notice was sent", &form.sent()) {
                Ok(d) => {
                    body.insert("sent".into(), d.to_string().into());
                }
                Err(m) => errors.add("sent", m),
            }
        }
        let period = form.steps_period_days.trim();
        if !period.is_empty() {
            match period.parse::<u32>() {
                Ok(p) if (1..=365).contains(&p) => {
                    body.insert("steps_period_days".into(), p.into());
                }
                _ => errors.add(
                    "steps_period_days",
                    "Enter the steps period as a number of calendar days, like 35",
                ),
            }
        }
    }
    if is(EventKind::AppealLodged) && form.extension_granted == "yes" {
        body.insert("extension_granted".into(), true.into());
    }
    if kind == Some(CaseEventKind::Workflow(WorkflowKind::ComplaintRejected)) {
        if form.reason.is_empty() {
            errors.add("reason", "Select why the complaint is not eligible");
        } else {
            body.insert("reason".into(), form.reason.clone().into());
        }
    }
    if kind
        == Some(CaseEventKind::Workflow(
            WorkflowKind::InvestigationLetterSent,
        ))
        && !form.respond_by().is_blank()
    {
        match parse_date("date the authority must reply by", &form.respond_by()) {
            Ok(d) => {
                body.insert("respond_by".into(), d.to_string().into());
            }
            Err(m) => errors.add("respond_by", m),
        }
    }
    if !errors.is_empty() {
        return None;
    }
    match EventInput::parse(serde_json::Value::Object(body)) {
        Ok(input) => Some(input),
        Err(e) => {
            errors.add("kind", e.to_string());
            None
        }
    }
}

async fn show_with_errors(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    form: EventForm,
    errors: FormErrors,
    correction: Option<(i64, FormErrors, String)>,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference).await?;
    let page = case_page(state, staff, loaded, form, errors, correction);
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "case.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `POST /cases/{reference}/events`: adds an event; an impossible timeline is refused with the
/// engine's message and the form keeps what was typed.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn add_event(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<EventForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let Some(input) = parse_event_form(&form, &mut errors) else {
        return show_with_errors(&state, &staff, reference, form, errors, None).await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::record_event(conn, &st.context(&actor), &r, &input))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=event_added#timeline"
        ))),
        Err(e) => {
            errors.add("kind", refusal(e)?);
            show_with_errors(&state, &staff, reference, form, errors, None).await
        }
    }
}

/// The correction form.
#[derive(Deserialize)]
pub struct CorrectionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    /// Why it is corrected or withdrawn.
    #[serde(default)]
    reason: String,
}

/// `POST /cases/{reference}/events/{id}/correct`: a new date for an event, or its withdrawal;
/// the original stays in the log.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn correct_event(
    state: web::Data<AppState>,
    path: web::Path<(String, i64)>,
    posted: Posted<CorrectionForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let (path_reference, event_id) = path.into_inner();
    let reference = case_reference(&path_reference)?;
    let mut errors = FormErrors::default();
    let correction = if form.action == "retract" {
        Some(Correction::Retract)
    } else {
        let parts = DateParts {
            day: form.date_day.clone(),
            month: form.date_month.clone(),
            year: form.date_year.clone(),
        };
        match parse_date("corrected date", &parts) {
            Ok(date) => Some(Correction::Redate(date)),
            Err(m) => {
                errors.add(&format!("correct-{event_id}"), m);
                None
            }
        }
    };
    let Some(correction) = correction else {
        return show_with_errors(
            &state,
            &staff,
            reference,
            EventForm::default(),
            FormErrors::default(),
            Some((event_id, errors, form.reason.clone())),
        )
        .await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let reason = form.reason.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::correct_event(
            conn,
            &st.context(&actor),
            &r,
            event_id,
            &correction,
            &reason,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/cases/{reference}?done=event_corrected#timeline"
        ))),
        Err(e) => {
            errors.add(&format!("correct-{event_id}"), refusal(e)?);
            show_with_errors(
                &state,
                &staff,
                reference,
                EventForm::default(),
                FormErrors::default(),
                Some((event_id, errors, form.reason.clone())),
            )
            .await
        }
    }
}

/// The allocation form: the officer and the date the case was allocated.
#[derive(Deserialize)]
pub struct AllocationForm {
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    allocation_date_day: String,
    #[serde(default)]
    allocation_date_month: String,
    #[serde(default)]
    allocation_date_year: String,
}

/// The case page again with the allocation form's errors and what was typed in it.
async fn show_allocation_errors(
    state: &web::Data<AppState>,
    staff: &Staff,
    reference: CaseReference,
    errors: FormErrors,
    typed: DateParts,
) -> Result<HttpResponse, PageError> {
    let loaded = load(state, staff, reference).await?;
    let mut page = case_page(state, staff, loaded, EventForm::default(), errors, None);
    page.allocation_date = typed;
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "case.html",
        &Chrome::for_staff(staff, "cases"),
        &page,
    )
}

/// `POST /cases/{reference}/allocation` (managers and admins).
///
/// # Errors
/// Forbidden for officers; not found; database failures.
pub async fn allocate(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<AllocationForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_manager()?;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let typed = DateParts {
        day: form.allocation_date_day.clone(),
        month: form.allocation_date_month.clone(),
        year: form.allocation_date_year.clone(),
    };
    let officer_id = form.officer_id.parse::<i64>().ok();
    if officer_id.is_none() {
        errors.add("officer_id", "Select the officer to allocate the case to");
    }
    let date = match parse_date("date of allocation", &typed) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.add("allocation_date", m);
            None
        }
    };
    let (Some(officer_id), Some(date)) = (officer_id, date) else {
        return show_allocation_errors(&state, &staff, reference, errors, typed).await;
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| {
        Ok(cases::allocate(
            conn,
            &st.context(&actor),
            &r,
            officer_id,
            date,
        ))
    })
    .await?;
    match result {
        Ok(_) => Ok(see_other(&format!("/cases/{reference}?done=allocated"))),
        Err(e) => {
            errors.add("allocation_date", refusal(e)?);
            show_allocation_errors(&state, &staff, reference, errors, typed).await
        }
    }
}
