//! An appeal's page and the form that records its stages and its record.

use super::super::forms::{DateParts, FormErrors, long_date, parse_date};
use super::super::session::{Posted, Staff};
use super::super::views::{DeadlineRow, deadline_rows};
use super::super::{
    AppState, Chrome, DoneQuery, PageError, refusal, render_with_status, see_other, with_db,
};
use super::{Options, options};
use crate::domain::appeal::commands::{RECORD_KINDS, directed_deadlines, parse_change};
use crate::domain::appeal::{Hearing, PartyRole, Stance};
use crate::domain::timeline::EventKind;
use crate::domain::tribunal::{Outcome, Stage};
use crate::service::appeals::{self as service, AppealRecord};
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
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    steps_days: String,
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
}

impl StageForm {
    fn date(&self) -> DateParts {
        DateParts {
            day: self.date_day.clone(),
            month: self.date_month.clone(),
            year: self.date_year.clone(),
        }
    }
    fn due(&self) -> DateParts {
        DateParts {
            day: self.due_day.clone(),
            month: self.due_month.clone(),
            year: self.due_year.clone(),
        }
    }
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
    match parse_date("date it happened", &form.date()) {
        Ok(d) => {
            body.insert("date".into(), d.to_string().into());
        }
        Err(m) => errors.add("date", m),
    }
    let kind = EventKind::from_slug(&form.kind);
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
    match form.kind.as_str() {
        "stance_changed" => {
            body.insert("stance".into(), form.stance.clone().into());
        }
        "hearing_listed" => {
            body.insert("hearing".into(), form.hearing.clone().into());
        }
        "party_joined" => {
            body.insert("name".into(), form.party_name.clone().into());
            body.insert("role".into(), form.party_role.clone().into());
        }
        _ => {}
    }
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

#[derive(Serialize)]
struct Link {
    id: i64,
    stage: &'static str,
    reference: String,
    status: &'static str,
    outcome: String,
    current: bool,
}

#[derive(Serialize)]
struct PartyRow {
    name: String,
    role: &'static str,
    joined_on: String,
    representative: String,
}

#[derive(Serialize)]
struct DocumentRow {
    href: String,
    kind: String,
    filename: String,
    sent_on: String,
    received_on: String,
    closed: bool,
}

#[derive(Serialize)]
struct AppealPage {
    id: i64,
    tribunal_reference: String,
    case_reference: String,
    authority: String,
    stage: &'static str,
    appellant: &'static str,
    received_on: String,
    status: &'static str,
    outcome: String,
    decided_on: String,
    stance: String,
    hearing: String,
    closed_material: bool,
    chain: Vec<Link>,
    parties: Vec<PartyRow>,
    documents: Vec<DocumentRow>,
    deadlines: Vec<DeadlineRow>,
    warnings: Vec<String>,
    may_change: bool,
    date: DateParts,
    due: DateParts,
    form: StageForm,
    errors: FormErrors,
    kinds: Options,
    outcomes: Options,
    directed: Options,
    stances: Options,
    hearings: Options,
    roles: Options,
}

fn stage_kinds(stage: Stage) -> Options {
    use EventKind as K;
    let clock: &[K] = match stage {
        Stage::FirstTier => &[
            K::NoticeOfAppealSent,
            K::CommissionerResponseSent,
            K::AppellantReplySent,
            K::DirectionGiven,
            K::TribunalDecisionSent,
            K::SetAsideApplied,
            K::PermissionToAppealApplied,
            K::PermissionRefused,
            K::MinisterialCertificateGiven,
        ],
        _ => &[
            K::DirectionGiven,
            K::UpperTribunalDecisionSent,
            K::CourtOfAppealPermissionApplied,
        ],
    };
    let mut v = vec![(String::new(), "Choose what happened".to_owned())];
    v.extend(clock.iter().map(|k| {
        (
            k.slug().to_owned(),
            super::super::forms::capitalise(k.label()),
        )
    }));
    let record = [
        "The Commissioner's stance changed",
        "A party was joined",
        "The hearing was listed",
        "Closed material (rule 14)",
    ];
    v.extend(
        RECORD_KINDS
            .iter()
            .zip(record)
            .take(3)
            .map(|(k, l)| ((*k).to_owned(), l.to_owned())),
    );
    v
}

fn appeal_page(
    state: &AppState,
    r: AppealRecord,
    form: StageForm,
    errors: FormErrors,
) -> AppealPage {
    let a = &r.appeal;
    let today = state.clock.today();
    let mut directed = vec![(String::new(), "Choose the deadline".to_owned())];
    directed.extend(
        directed_deadlines(a.stage)
            .into_iter()
            .map(|n| (n.slug().to_owned(), n.label().to_owned())),
    );
    AppealPage {
        id: a.id,
        tribunal_reference: a.reference.as_str().to_owned(),
        case_reference: r.case_reference.clone(),
        authority: r.authority.clone(),
        stage: a.stage.label(),
        appellant: a.appellant.label(),
        received_on: long_date(a.received_on),
        status: a.status.label(),
        outcome: a.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
        decided_on: a.decided_on.map(long_date).unwrap_or_default(),
        stance: a
            .stance
            .map(|(s, on)| format!("{} (since {})", s.label(), long_date(on)))
            .unwrap_or_default(),
        hearing: a
            .hearing
            .map(|(h, on)| match on {
                Some(d) => format!("{} on {}", h.label(), long_date(d)),
                None => h.label().to_owned(),
            })
            .unwrap_or_default(),
        closed_material: a.closed_material,
        chain: r
            .chain
            .iter()
            .map(|c| Link {
                id: c.id,
                stage: c.stage.label(),
                reference: c.reference.as_str().to_owned(),
                status: c.status.label(),
                outcome: c.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
                current: c.id == a.id,
            })
            .collect(),
        parties: a
            .parties
            .iter()
            .map(|p| PartyRow {
                name: p.name.clone(),
                role: p.role.label(),
                joined_on: p.joined_on.map(long_date).unwrap_or_default(),
                representative: p.representative.clone().unwrap_or_default(),
            })
            .collect(),
        documents: r
            .documents
            .iter()
            .map(|d| DocumentRow {
                href: format!("/api/v1/appeals/{}/documents/{}", a.id, d.id),
                kind: crate::domain::appeal::documents::DocumentKind::from_slug(&d.kind)
                    .map_or_else(|_| d.kind.clone(), |k| k.label().to_owned()),
                filename: d.filename.clone(),
                sent_on: d.sent_on.map(long_date).unwrap_or_default(),
                received_on: d.received_on.map(long_date).unwrap_or_default(),
                closed: d.closed,
            })
            .collect(),
        deadlines: deadline_rows(&r.deadlines, &state.calendars, today),
        warnings: r.warnings.clone(),
        may_change: r.may_change,
        date: form.date(),
        due: form.due(),
        form,
        errors,
        kinds: stage_kinds(a.stage),
        outcomes: options(
            "Choose the outcome",
            Outcome::ALL,
            Outcome::slug,
            Outcome::label,
        ),
        directed,
        stances: options(
            "Choose the stance",
            Stance::ALL,
            Stance::slug,
            Stance::label,
        ),
        hearings: options(
            "Choose how it is heard",
            Hearing::ALL,
            Hearing::slug,
            Hearing::label,
        ),
        roles: options(
            "Choose the role",
            PartyRole::ALL,
            PartyRole::slug,
            PartyRole::label,
        ),
    }
}

async fn show_appeal(
    state: web::Data<AppState>,
    staff: &Staff,
    id: i64,
    form: StageForm,
    errors: FormErrors,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let st = state.clone();
    let actor = staff.actor.clone();
    let record = with_db(&state, move |conn| {
        Ok(service::detail(conn, &st.context(&actor), id)?)
    })
    .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = appeal_page(&state, record, form, errors);
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
        StageForm::default(),
        FormErrors::default(),
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
        return show_appeal(state, &staff, id, form, errors, None).await;
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
            show_appeal(state, &staff, id, form, errors, None).await
        }
    }
}
