//! The case page: parties, every deadline with its status and a "why this date" panel, the
//! timeline of events with forms to add and correct events, and allocation for managers.
//!
//! Adding and correcting events is in `events`, allocation in `allocation`.

mod allocation;
mod decision;
mod events;
mod notes;
mod record;
mod timeline;
mod withdraw;

pub use allocation::{AllocationForm, allocate};
pub use events::{CorrectionForm, add_event, correct_event};
pub use notes::{LinkForm, NoteForm, add_note, link, unlink};
pub use record::{NewRecordFields, RecordForm, edit_form as edit_record_form, save as save_record};
pub use withdraw::{WithdrawForm, confirm_withdrawal, withdraw};

use super::forms::{DateParts, FormErrors};
use super::session::Staff;
use super::views::{DeadlineRow, deadline_rows};
use super::{AppState, Chrome, DoneQuery, PageError, case_reference, render_with_status, with_db};
use crate::domain::case::Door;
use crate::domain::lifecycle::{CaseEventKind, CaseStatus, IneligibleReason, WorkflowKind};
use crate::domain::parties::{CaseReference, Role};
use crate::domain::regime::Regime;
use crate::domain::timeline::EventKind;
use crate::service::cases;
use crate::web::api::cases::{CaseDetail, EventView};
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
struct CasePage {
    case: CaseSummary,
    deadlines: Vec<DeadlineRow>,
    events: Vec<timeline::EventRow>,
    kinds: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    officers: Vec<(String, String)>,
    can_change: bool,
    can_allocate: bool,
    /// Why a manager is not offered the allocation form ("Accept the complaint before
    /// allocating it."), or empty.
    allocation_blocked: String,
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
    /// The notice and what it decided.
    decision: Option<decision::DecisionView>,
    /// The record beside the log, with the note and link forms.
    file: record::FileView,
}

#[derive(Serialize)]
struct CaseSummary {
    reference: String,
    regime: String,
    status: String,
    authority: String,
    /// "Commissioner of Police of the Metropolis (the MPS)" (`Authority::named_with_short`).
    authority_named: String,
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
        .map(|k| {
            (
                k.slug().to_owned(),
                crate::domain::notice::draft::capitalised(k.label()),
            )
        })
        .collect();
    kinds.insert(0, (String::new(), "Choose what happened".to_owned()));
    kinds
}

/// The grounds for rejecting a complaint, in words, for the add-event form.
fn rejection_reasons() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Choose a reason".to_owned()))
        .chain(
            IneligibleReason::ALL
                .iter()
                .map(|r| (r.slug().to_owned(), r.label().to_owned())),
        )
        .collect()
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
    decision: Option<decision::DecisionView>,
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
        let decision = decision::of(conn, &ctx, &reference, &record)?;
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
            decision,
        })
    })
    .await
}

/// Whether the timeline offers to correct or withdraw the event: it counts, it is not itself a
/// correction or corrected, and its door is the case page's.
fn correctable(staff: &Staff, can_change: bool, corrected: &[i64], e: &EventView) -> bool {
    can_change
        && e.effective
        && !e.retracted
        && !corrected.contains(&e.id)
        && CaseEventKind::from_slug(&e.kind).is_ok_and(|k| match Door::of(k) {
            // An appeal's stages are corrected through the appeal, not here.
            Door::NoticeWorkflow | Door::Appeals => false,
            Door::Allocation => staff.actor.sees_every_case(),
            Door::Facts | Door::Eligibility => true,
        })
}

/// Why the case cannot be allocated yet, as the page says it (issue 14: the form is not
/// offered before acceptance, and the page says why). Only managers allocate, so only they are
/// told; a decided, rejected or closed case needs no such note (its status says it).
fn allocation_blocked(allocates: bool, status: Option<CaseStatus>) -> String {
    if allocates && status.is_some_and(CaseStatus::before_acceptance) {
        "Accept the complaint before allocating it: record \u{201c}Complaint accepted\u{201d} \
         under \u{201c}Add an event\u{201d}."
            .to_owned()
    } else {
        String::new()
    }
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
    let status = CaseStatus::from_slug(&d.status).ok();
    let today = state.clock.today();
    // Every member of staff reads the case; only its officer (or the officer who opened it
    // while unallocated) and managers change it.
    let can_change = loaded.may_change;
    let corrected: Vec<i64> = d.events.iter().filter_map(|e| e.supersedes).collect();
    let events = d
        .events
        .iter()
        .map(|e| {
            let can = correctable(staff, can_change, &corrected, e);
            timeline::event_row(e, &d.events, &loaded.names, can)
        })
        .collect();
    let (correcting, correction_errors, correction_reason) = match correction {
        Some((id, errs, reason)) => (Some(id), errs, reason),
        None => (None, FormErrors::default(), String::new()),
    };
    CasePage {
        deadlines: deadline_rows(&d.deadlines, &state.calendars, today),
        file: record::file_view(&d.record, today),
        case: CaseSummary {
            regime: regime.map_or_else(|| d.regime.clone(), |r| r.label().to_owned()),
            status: d.status_label.clone(),
            authority: d.authority.formal_name.clone(),
            authority_named: d.authority.display_name.clone(),
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
        reasons: rejection_reasons(),
        officers: std::iter::once((String::new(), "Choose an officer".to_owned()))
            .chain(
                loaded
                    .officers
                    .iter()
                    .map(|(id, name, _)| (id.to_string(), name.clone())),
            )
            .collect(),
        can_change,
        // Only a case that may be allocated offers it (the aggregate refuses the others too).
        can_allocate: staff.actor.sees_every_case() && status.is_some_and(CaseStatus::may_allocate),
        allocation_blocked: allocation_blocked(staff.actor.sees_every_case(), status),
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
        decision: loaded.decision,
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
