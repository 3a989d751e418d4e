//! The form that opens a new case, with its eligibility warnings (the list of cases is
//! `case_list`).

use super::forms::{DateParts, FormErrors, capitalise, parse_date};
use super::session::{Posted, Staff};
use super::{AppState, Chrome, PageError, render, render_with_status, see_other, with_db};
use crate::domain::authority::Authority;
use crate::domain::case::{EventDetails, EventInput};
use crate::domain::deadline::evaluate_with;
use crate::domain::eligibility;
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::regime::Regime;
use crate::domain::timeline::{Event, EventKind, Timeline};
use crate::service::authorities;
use crate::service::cases::{self, ComplainantInput, NewCaseInput};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The new-case form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewCaseForm {
    /// The case's existing reference, when it has one.
    #[serde(default)]
    reference: String,
    #[serde(default)]
    regime: String,
    #[serde(default)]
    authority_id: String,
    /// What was typed in the authority search box.
    #[serde(default)]
    authority_q: String,
    /// "authority" when the Find button (not Open case) sent the form.
    #[serde(default)]
    find: String,
    #[serde(default)]
    complainant_name: String,
    #[serde(default)]
    complainant_email: String,
    #[serde(default)]
    complainant_address: String,
    #[serde(default, flatten)]
    record: super::case::NewRecordFields,
    #[serde(default, flatten)]
    dates: DateFields,
    #[serde(default)]
    acknowledged: String,
}

/// The five dates of a new case, each as three boxes.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct DateFields {
    #[serde(default)]
    request_day: String,
    #[serde(default)]
    request_month: String,
    #[serde(default)]
    request_year: String,
    #[serde(default)]
    response_day: String,
    #[serde(default)]
    response_month: String,
    #[serde(default)]
    response_year: String,
    #[serde(default)]
    review_requested_day: String,
    #[serde(default)]
    review_requested_month: String,
    #[serde(default)]
    review_requested_year: String,
    #[serde(default)]
    review_completed_day: String,
    #[serde(default)]
    review_completed_month: String,
    #[serde(default)]
    review_completed_year: String,
    #[serde(default)]
    complaint_day: String,
    #[serde(default)]
    complaint_month: String,
    #[serde(default)]
    complaint_year: String,
}

/// The dates of a new case: which event, its field name, its label, whether required.
const CASE_DATES: [(EventKind, &str, &str, bool); 5] = [
    (
        EventKind::RequestReceived,
        "request",
        "date the authority received the request",
        true,
    ),
    (
        EventKind::ResponseSent,
        "response",
        "date the authority responded",
        false,
    ),
    (
        EventKind::InternalReviewRequested,
        "review_requested",
        "date the requester asked for an internal review",
        false,
    ),
    (
        EventKind::InternalReviewCompleted,
        "review_completed",
        "date the internal review was completed",
        false,
    ),
    (
        EventKind::ComplaintReceived,
        "complaint",
        "date the complaint was received",
        true,
    ),
];

impl DateFields {
    fn parts(&self, name: &str) -> DateParts {
        let (d, m, y) = match name {
            "request" => (&self.request_day, &self.request_month, &self.request_year),
            "response" => (
                &self.response_day,
                &self.response_month,
                &self.response_year,
            ),
            "review_requested" => (
                &self.review_requested_day,
                &self.review_requested_month,
                &self.review_requested_year,
            ),
            "review_completed" => (
                &self.review_completed_day,
                &self.review_completed_month,
                &self.review_completed_year,
            ),
            _ => (
                &self.complaint_day,
                &self.complaint_month,
                &self.complaint_year,
            ),
        };
        DateParts {
            day: d.clone(),
            month: m.clone(),
            year: y.clone(),
        }
    }
}

#[derive(Serialize)]
struct NewCasePage {
    form: NewCaseForm,
    dates: Vec<DateView>,
    regimes: Vec<(String, String)>,
    /// The authority chosen so far (id, label), kept while the rest of the form is corrected.
    chosen: Option<(String, String)>,
    /// Authorities matching the search box, to choose from (id, label).
    matches: Vec<(String, String)>,
    /// Whether a search was made (so "none match" can be said).
    searched: bool,
    errors: FormErrors,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct DateView {
    name: &'static str,
    legend: String,
    value: DateParts,
}

fn label(a: &Authority) -> (String, String) {
    (a.id.to_string(), a.named_with_short())
}

/// How many matches the search box offers without JavaScript (the API's first page too).
const MATCHES: i64 = 20;

fn new_case_page(
    form: NewCaseForm,
    picker: Picker,
    errors: FormErrors,
    warnings: Vec<String>,
) -> NewCasePage {
    let dates = CASE_DATES
        .iter()
        .map(|(_, name, label, required)| DateView {
            name,
            legend: format!(
                "{}{}",
                capitalise(label),
                if *required { "" } else { " (if any)" }
            ),
            value: form.dates.parts(name),
        })
        .collect();
    NewCasePage {
        dates,
        regimes: Regime::ALL
            .iter()
            .map(|r| (r.slug().to_owned(), r.label().to_owned()))
            .collect(),
        chosen: picker.chosen.as_ref().map(label),
        matches: picker.matches.iter().map(label).collect(),
        searched: picker.searched,
        form,
        errors,
        warnings,
    }
}

/// The authority picker's state: the one chosen, and what the search box found.
#[derive(Default)]
struct Picker {
    chosen: Option<Authority>,
    matches: Vec<Authority>,
    searched: bool,
}

/// Looks up the chosen authority (by id) and, when the officer pressed Find, the matches of
/// the search box: never the whole table, which has about 100,000 rows.
async fn picker(state: &web::Data<AppState>, form: &NewCaseForm) -> Result<Picker, PageError> {
    let id = form.authority_id.trim().parse::<i64>().ok();
    let search = (form.find == "authority")
        .then(|| form.authority_q.trim().to_owned())
        .filter(|q| !q.is_empty());
    with_db(state, move |conn| {
        let chosen = match id {
            Some(id) => match authorities::get(conn, id) {
                Ok(a) => Some(a),
                Err(crate::service::ServiceError::NotFound(_)) => None,
                Err(other) => return Err(other.into()),
            },
            None => None,
        };
        let matches = match &search {
            Some(q) => authorities::list(conn, Some(q), MATCHES, 0)?.0,
            None => Vec::new(),
        };
        Ok(Picker {
            chosen,
            matches,
            searched: search.is_some(),
        })
    })
    .await
}

/// `GET /cases/new`.
///
/// # Errors
/// Database failures.
pub async fn new_form(staff: Staff) -> Result<HttpResponse, PageError> {
    let form = NewCaseForm {
        regime: "foia".to_owned(),
        ..NewCaseForm::default()
    };
    render(
        "case_new.html",
        &Chrome::for_staff(&staff, "new-case"),
        &new_case_page(form, Picker::default(), FormErrors::default(), Vec::new()),
    )
}

/// The new-case form read into domain values (what [`NewCaseInput`] needs from the page).
struct ParsedCase {
    reference: Option<crate::domain::parties::CaseReference>,
    regime: Regime,
    authority: Authority,
    complainant: ComplainantInput,
    record: cases::RecordInput,
    events: Vec<(EventKind, chrono::NaiveDate)>,
}

/// Parses every field of the form; each problem is added to `errors` beside its field.
fn parse_new_case(
    form: &NewCaseForm,
    found: &Picker,
    errors: &mut FormErrors,
) -> Option<ParsedCase> {
    let regime = Regime::from_slug(&form.regime)
        .map_err(|_| errors.add("regime", "Select the law the request was made under"))
        .ok();
    let authority = found.chosen.clone();
    if authority.is_none() {
        errors.add(
            "authority_id",
            "Select the public authority: search for it, then choose it",
        );
    }
    let complainant = ComplainantInput::parse(
        &form.complainant_name,
        &form.complainant_email,
        &form.complainant_address,
    )
    .map_err(|refused| {
        for e in refused {
            errors.add(e.field, capitalise(&e.message));
        }
    })
    .ok();
    let reference = match form.reference.trim() {
        "" => None,
        text => match crate::domain::parties::CaseReference::parse(text) {
            Ok(r) => Some(r),
            Err(message) => {
                errors.add("reference", message);
                None
            }
        },
    };
    let record = form.record.parse(errors);
    let mut events = Vec::new();
    for (kind, name, label, required) in CASE_DATES {
        let parts = form.dates.parts(name);
        if parts.is_blank() && !required {
            continue;
        }
        match parse_date(label, &parts) {
            Ok(date) => events.push((kind, date)),
            Err(message) => errors.add(name, message),
        }
    }
    let (Some(regime), Some(authority), Some(complainant), Some(record), true) =
        (regime, authority, complainant, record, errors.is_empty())
    else {
        return None;
    };
    Some(ParsedCase {
        reference,
        regime,
        authority,
        complainant,
        record,
        events,
    })
}

/// The engine's judgement of the dates typed, so that an impossible order is shown beside the
/// form, in words, before anything is saved; the eligibility warnings when it is possible.
fn check_dates(
    state: &AppState,
    case: &ParsedCase,
    errors: &mut FormErrors,
) -> Option<Vec<String>> {
    let timeline_events: Vec<Event> = case.events.iter().map(|(k, d)| Event::on(*k, *d)).collect();
    let today = state.clock.today();
    let checked = Timeline::new(case.regime, timeline_events).and_then(|t| {
        evaluate_with(&t, &state.clock_settings, &state.calendars, today).map(|e| (t, e))
    });
    match checked {
        Ok((timeline, evaluation)) => Some(
            eligibility::check(&timeline, &evaluation, case.authority.nation)
                .iter()
                .map(eligibility::EligibilityWarning::message)
                .collect(),
        ),
        Err(e) => {
            let field = e
                .event
                .as_deref()
                .and_then(|ev| {
                    CASE_DATES
                        .iter()
                        .find(|(k, ..)| ev.contains(k.slug()))
                        .map(|(_, n, ..)| *n)
                })
                .unwrap_or("request");
            errors.add(field, e.message);
            None
        }
    }
}

/// The form again, as typed, with its errors or warnings.
fn new_case_again(
    status: StatusCode,
    staff: &Staff,
    form: NewCaseForm,
    found: Picker,
    errors: FormErrors,
    warnings: Vec<String>,
) -> Result<HttpResponse, PageError> {
    render_with_status(
        status,
        "case_new.html",
        &Chrome::for_staff(staff, "new-case"),
        &new_case_page(form, found, errors, warnings),
    )
}

/// `POST /cases/new`: parses every field, shows eligibility warnings once for the officer to
/// confirm, then opens the case in one transaction.
///
/// # Errors
/// Database failures.
pub async fn create(
    state: web::Data<AppState>,
    posted: Posted<NewCaseForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, mut form } = posted;
    let found = picker(&state, &form).await?;
    if form.find == "authority" {
        // The Find button: show the matches to choose from; nothing is checked or saved yet.
        form.find.clear();
        return new_case_again(
            StatusCode::OK,
            &staff,
            form,
            found,
            FormErrors::default(),
            Vec::new(),
        );
    }
    let unprocessable = StatusCode::UNPROCESSABLE_ENTITY;
    let mut errors = FormErrors::default();
    let Some(case) = parse_new_case(&form, &found, &mut errors) else {
        return new_case_again(unprocessable, &staff, form, found, errors, Vec::new());
    };
    let Some(warnings) = check_dates(&state, &case, &mut errors) else {
        return new_case_again(unprocessable, &staff, form, found, errors, Vec::new());
    };
    if !warnings.is_empty() && form.acknowledged != "yes" {
        return new_case_again(StatusCode::OK, &staff, form, found, errors, warnings);
    }
    let input = NewCaseInput {
        reference: case.reference,
        regime: case.regime,
        authority_id: case.authority.id,
        complainant: case.complainant,
        record: case.record,
        events: case
            .events
            .iter()
            .map(|(kind, date)| EventInput {
                kind: CaseEventKind::Clock(*kind),
                date: *date,
                timestamp: None,
                details: EventDetails::default(),
            })
            .collect(),
    };
    let actor = staff.actor.clone();
    let st = state.clone();
    let created = with_db(&state, move |conn| {
        let ctx = st.context(&actor);
        Ok(cases::create(conn, &ctx, &input))
    })
    .await?;
    match created {
        Ok(detail) => Ok(see_other(&format!(
            "/cases/{}?done=case_created",
            detail.reference()
        ))),
        Err(crate::service::ServiceError::Conflict(message)) => {
            errors.add("reference", message);
            new_case_again(unprocessable, &staff, form, found, errors, Vec::new())
        }
        Err(crate::service::ServiceError::Invalid { message, .. }) => {
            errors.add("request", message);
            new_case_again(unprocessable, &staff, form, found, errors, Vec::new())
        }
        Err(other) => Err(other.into()),
    }
}
