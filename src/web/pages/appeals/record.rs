//! The form that records an appeal's stages and its record, and the appeal's page around it
//! (built in `view`).

use super::super::forms::{DateParts, FormErrors, london_timestamp, parse_date, parse_time};
use super::super::session::{Posted, Staff};
use super::super::{
    AppState, Chrome, DoneQuery, PageError, refusal, render_with_status, see_other, with_db,
};
use super::view::Typed;
use crate::domain::appeal::commands::parse_change;
use crate::domain::timeline::EventKind;
use crate::service::appeals as service;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// The form that records a stage or a change of an appeal, as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct StageForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    /// The London time it happened (optional): the tribunals' 5pm rule (r12(1)).
    #[serde(default)]
    time: String,
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    steps_days: String,
    #[serde(default)]
    appellate_court: String,
    /// Allowed in part, when the notice's provisions are not known: "s40(2) allowed, s31(1)(a)
    /// dismissed".
    #[serde(default)]
    provisions: String,
    /// Allowed in part: `provision_{i}` (the notice's i-th provision, a hidden field) and
    /// `ruling_{i}` (`allowed` or `dismissed`, its select); and any other field posted.
    #[serde(flatten)]
    rows: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    due_day: String,
    #[serde(default)]
    due_month: String,
    #[serde(default)]
    due_year: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    stance: String,
    #[serde(default)]
    hearing: String,
    #[serde(default)]
    party_name: String,
    #[serde(default)]
    party_role: String,
    #[serde(default)]
    hearing_date_day: String,
    #[serde(default)]
    hearing_date_month: String,
    #[serde(default)]
    hearing_date_year: String,
}

impl StageForm {
    /// The outcome chosen on the notice's `provision` (its row `i`), or as posted again.
    pub(super) fn ruling(&self, i: usize) -> &str {
        self.rows
            .get(&format!("ruling_{i}"))
            .map_or("", String::as_str)
    }
    pub(super) fn hearing_date(&self) -> DateParts {
        DateParts {
            day: self.hearing_date_day.clone(),
            month: self.hearing_date_month.clone(),
            year: self.hearing_date_year.clone(),
        }
    }
    pub(super) fn date(&self) -> DateParts {
        DateParts {
            day: self.date_day.clone(),
            month: self.date_month.clone(),
            year: self.date_year.clone(),
        }
    }
    pub(super) fn due(&self) -> DateParts {
        DateParts {
            day: self.due_day.clone(),
            month: self.due_month.clone(),
            year: self.due_year.clone(),
        }
    }
}

/// The fields of a record-only change (stance, hearing and its date, a party joined).
fn record_fields(
    form: &StageForm,
    body: &mut serde_json::Map<String, serde_json::Value>,
    errors: &mut FormErrors,
) {
    match form.kind.as_str() {
        "stance_changed" => {
            body.insert("stance".into(), form.stance.clone().into());
        }
        "hearing_listed" => {
            body.insert("hearing".into(), form.hearing.clone().into());
            let on = form.hearing_date();
            if !on.is_blank() {
                match parse_date("hearing date", &on) {
                    Ok(d) => {
                        body.insert("hearing_date".into(), d.to_string().into());
                    }
                    Err(m) => errors.add("hearing_date", m),
                }
            }
        }
        "party_joined" => {
            body.insert("name".into(), form.party_name.clone().into());
            body.insert("role".into(), form.party_role.clone().into());
        }
        _ => {}
    }
}

/// The stage's date, or its timestamp when a time was typed (a stage of the tribunal's clocks
/// only: the stance, a party or a hearing is dated, not timed).
fn when_it_happened(
    form: &StageForm,
    clock_event: bool,
    body: &mut serde_json::Map<String, serde_json::Value>,
    errors: &mut FormErrors,
) {
    let date = parse_date("date it happened", &form.date()).map_err(|m| errors.add("date", m));
    let time = parse_time("time it happened", &form.time).map_err(|m| errors.add("time", m));
    let (Ok(date), Ok(time)) = (date, time) else {
        return;
    };
    if time.is_some() && !clock_event && !form.kind.is_empty() {
        errors.add(
            "time",
            "A time is kept only for a stage of the tribunal's clocks: leave it empty for the stance, a party or a hearing",
        );
        return;
    }
    match london_timestamp(date, time) {
        Ok(Some(at)) => {
            body.insert(
                "timestamp".into(),
                at.and_utc()
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    .into(),
            );
        }
        Ok(None) => {
            body.insert("date".into(), date.to_string().into());
        }
        Err(m) => errors.add("time", m),
    }
}

/// Allowed in part: the outcome chosen on each of the notice's provisions (a select a row, each
/// to be chosen), or, when the notice's provisions are not known, as typed in the one text field
/// ("s40(2) allowed, s31(1)(a) dismissed"). The rows count only for an appeal allowed in part
/// (the page hides them for any other outcome).
fn provision_rulings(form: &StageForm, errors: &mut FormErrors) -> Option<Vec<serde_json::Value>> {
    let rows: Vec<(usize, &String)> = (0..)
        .map_while(|i| form.rows.get(&format!("provision_{i}")).map(|p| (i, p)))
        .collect();
    if rows.is_empty() {
        let typed = form.provisions.trim();
        return (!typed.is_empty()).then(|| {
            typed
                .split([',', ';', '\n'])
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (provision, outcome) = p.rsplit_once(' ').unwrap_or((p, ""));
                    serde_json::json!({"provision": provision.trim(), "outcome": outcome.to_lowercase()})
                })
                .collect()
        });
    }
    if form.outcome != "allowed_in_part" {
        return None;
    }
    let mut each = Vec::new();
    for (i, provision) in rows {
        match form.ruling(i) {
            ruling @ ("allowed" | "dismissed") => {
                each.push(serde_json::json!({"provision": provision, "outcome": ruling}));
            }
            _ => errors.add(
                &format!("ruling_{i}"),
                format!(
                    "Select whether the appeal was allowed or dismissed on {}",
                    crate::domain::register::provision_in_words(provision)
                ),
            ),
        }
    }
    Some(each)
}

/// Reads the stage form into the API's JSON body, then through the one parser.
fn parse_stage_form(
    form: &StageForm,
    errors: &mut FormErrors,
) -> Option<crate::domain::appeal::AppealChange> {
    let mut body = serde_json::Map::new();
    if form.kind.is_empty() {
        errors.add("kind", "Select what happened");
    }
    body.insert("kind".into(), form.kind.clone().into());
    let kind = EventKind::from_slug(&form.kind);
    when_it_happened(form, kind.is_some(), &mut body, errors);
    if kind.is_some_and(EventKind::is_decision) {
        if form.outcome.is_empty() {
            errors.add("outcome", "Select how the tribunal decided the appeal");
        } else {
            body.insert("outcome".into(), form.outcome.clone().into());
        }
        let days = form.steps_days.trim();
        if !days.is_empty() {
            match days.parse::<u32>() {
                Ok(n) if (1..=365).contains(&n) => {
                    body.insert(
                        "substituted_steps".into(),
                        serde_json::json!({"days_from_decision": n}),
                    );
                }
                _ => errors.add(
                    "steps_days",
                    "Enter the substituted notice's steps period as a number of days, like 35",
                ),
            }
        }
    }
    if kind.is_some_and(EventKind::is_decision)
        && let Some(each) = provision_rulings(form, errors)
    {
        body.insert("provisions".into(), each.into());
    }
    if kind == Some(EventKind::UpperTribunalDecisionSent) && !form.appellate_court.is_empty() {
        body.insert(
            "appellate_court".into(),
            form.appellate_court.clone().into(),
        );
    }
    if kind == Some(EventKind::DirectionGiven) {
        if form.deadline.is_empty() {
            errors.add("deadline", "Select the deadline the direction sets");
        } else {
            body.insert("deadline".into(), form.deadline.clone().into());
        }
        match parse_date("new due date", &form.due()) {
            Ok(d) => {
                body.insert("due".into(), d.to_string().into());
            }
            Err(m) => errors.add("due", m),
        }
        body.insert("description".into(), form.description.trim().into());
    }
    record_fields(form, &mut body, errors);
    if !errors.is_empty() {
        return None;
    }
    match parse_change(serde_json::Value::Object(body)) {
        Ok(change) => Some(change),
        Err(e) => {
            errors.add("kind", super::super::forms::capitalise(&e.to_string()));
            None
        }
    }
}

/// The appeal's page with its forms as typed; 422 when either has errors. A refused upload is
/// shown only to those who may upload (anyone else is refused as the service would).
pub(super) async fn show_appeal(
    state: web::Data<AppState>,
    staff: &Staff,
    id: i64,
    typed: Typed,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let st = state.clone();
    let actor = staff.actor.clone();
    let record = with_db(&state, move |conn| {
        Ok(service::detail(conn, &st.context(&actor), id)?)
    })
    .await?;
    if !typed.upload_errors.is_empty() && !record.may_change {
        return Err(PageError::Forbidden(format!(
            "Case {} is not allocated to you: only its officer or a manager may add documents to its appeals.",
            record.case_reference
        )));
    }
    let status = if typed.stage_errors.is_empty() && typed.upload_errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = super::view::appeal_page(&state, &record, typed);
    render_with_status(
        status,
        "appeal.html",
        &Chrome::for_staff(staff, "appeals").with_banner(done),
        &page,
    )
}

/// `GET /appeals/{id}`.
///
/// # Errors
/// Not found; database failures.
pub async fn show(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    show_appeal(
        state,
        &staff,
        path.into_inner(),
        Typed::default(),
        query.done.as_deref(),
    )
    .await
}

/// `POST /appeals/{id}/events`: records a stage; a refusal is shown beside the form, which keeps
/// what was typed.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn record(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<StageForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let id = path.into_inner();
    let mut errors = FormErrors::default();
    let Some(change) = parse_stage_form(&form, &mut errors) else {
        return show_appeal(state, &staff, id, Typed::stage(form, errors), None).await;
    };
    let st = state.clone();
    let actor = staff.actor.clone();
    let result = with_db(&state, move |conn| {
        Ok(service::record(conn, &st.context(&actor), id, change))
    })
    .await?;
    match result {
        Ok(()) => Ok(see_other(&format!(
            "/appeals/{id}?done=appeal_recorded#deadlines"
        ))),
        Err(e) => {
            errors.add("kind", refusal(e)?);
            show_appeal(state, &staff, id, Typed::stage(form, errors), None).await
        }
    }
}
