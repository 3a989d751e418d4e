//! The Appeals pages for the appeals team: every appeal with its next deadline (open ones
//! first), "responses due in the next 10 working days", filters by stage, status, officer and
//! authority; an appeal's page (its chain, parties, documents, deadlines with "why this date"
//! and outcome) with the form that records its stages; and the form that records a new appeal
//! from a case. Every form is read into the API's JSON shape and through the one parser.

use super::forms::{DateParts, FormErrors, long_date, parse_date};
use super::session::{Posted, Staff};
use super::views::{DeadlineRow, deadline_rows};
use super::{
    AppState, Chrome, DoneQuery, PageError, case_reference, refusal, render_with_status,
    see_other, with_db,
};
use crate::service::appeals::AppealFilter;
use crate::domain::appeal::commands::{OpenAppeal, RECORD_KINDS, directed_deadlines, parse_change};
use crate::domain::appeal::{AppealStatus, Hearing, PartyRole, Stance};
use crate::domain::deadline::DeadlineName;
use crate::domain::timeline::EventKind;
use crate::domain::tribunal::{Appellant, Outcome, Stage, TribunalReference};
use crate::service::appeals::{self as service, AppealRecord};
use crate::service::cases as case_service;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

type Options = Vec<(String, String)>;

fn options<T: Copy>(first: &str, all: &[T], slug: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Options {
    let mut v = vec![(String::new(), first.to_owned())];
    v.extend(all.iter().map(|x| (slug(*x).to_owned(), label(*x).to_owned())));
    v
}

/// `?stage=&status=&officer_id=&due_before_day=…` of the list.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct ListQuery {
    #[serde(default)]
    stage: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    officer_id: String,
    #[serde(default)]
    authority_id: String,
    #[serde(default)]
    due_before_day: String,
    #[serde(default)]
    due_before_month: String,
    #[serde(default)]
    due_before_year: String,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    tribunal_reference: String,
    case_reference: String,
    authority: String,
    stage: &'static str,
    appellant: &'static str,
    status: &'static str,
    outcome: String,
    next_deadline: String,
    next_deadline_label: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    query: ListQuery,
    due_before: DateParts,
    rows: Vec<Row>,
    total: i64,
    responses_due: Vec<Row>,
    horizon: String,
    stages: Options,
    statuses: Options,
    officers: Options,
    errors: FormErrors,
}

fn rows(items: &[(crate::domain::appeal::Appeal, crate::service::appeals::ListedAppeal)]) -> Vec<Row> {
    items
        .iter()
        .map(|(a, l)| Row {
            id: a.id,
            tribunal_reference: a.reference.as_str().to_owned(),
            case_reference: l.case_reference.clone(),
            authority: l.authority.clone(),
            stage: a.stage.label(),
            appellant: a.appellant.label(),
            status: a.status.label(),
            outcome: a.outcome.map(|o| o.label().to_owned()).unwrap_or_default(),
            next_deadline: l.row.next_deadline.map(long_date).unwrap_or_default(),
            next_deadline_label: l
                .row
                .next_deadline_name
                .as_deref()
                .and_then(DeadlineName::from_slug)
                .map_or("", DeadlineName::label),
        })
        .collect()
}

/// `GET /appeals`: the appeals, next deadline first; the Commissioner's responses due within 10
/// working days above them.
///
/// # Errors
/// Database failures.
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
    done: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let mut errors = FormErrors::default();
    let due_before = DateParts {
        day: query.due_before_day.clone(),
        month: query.due_before_month.clone(),
        year: query.due_before_year.clone(),
    };
    fn pick(text: &str) -> Option<&str> {
        (!text.is_empty()).then_some(text)
    }
    let mut filter = AppealFilter {
        stage: pick(&query.stage).and_then(|s| Stage::from_slug(s).ok()),
        status: match pick(&query.status) {
            Some(s) => AppealStatus::from_slug(s).ok(),
            None if query.stage.is_empty() && query.officer_id.is_empty() => Some(AppealStatus::Open),
            None => None,
        },
        officer_id: query.officer_id.parse().ok(),
        authority_id: query.authority_id.parse().ok(),
        page: 1,
        per_page: 100,
        ..AppealFilter::default()
    };
    if !due_before.is_blank() {
        match parse_date("due before date", &due_before) {
            Ok(d) => filter.due_before = Some(d),
            Err(m) => errors.add("due_before", m),
        }
    }
    let today = state.clock.today();
    // The tribunal's working days (rule 12): the calendar of the tribunal_calendar setting.
    let horizon = state
        .calendars
        .get(state.clock_settings.tribunal_calendar)
        .add_working_days(today, 10)
        .unwrap_or(today);
    let responses = AppealFilter {
        status: Some(AppealStatus::Open),
        next_deadline_name: Some(DeadlineName::CommissionerResponseDue),
        due_before: Some(horizon),
        page: 1,
        per_page: 100,
        ..AppealFilter::default()
    };
    let (found, total, due, officers) = with_db(&state, move |conn| {
        let (found, total) = service::list(conn, &filter)?;
        let (due, _) = service::list(conn, &responses)?;
        let officers = case_service::officers(conn)?;
        Ok((found, total, due, officers))
    })
    .await?;
    let mut officer_options = vec![(String::new(), "Any officer".to_owned())];
    officer_options.extend(officers.into_iter().map(|(id, name, _)| (id.to_string(), name)));
    let statuses = options("Any status", AppealStatus::ALL, AppealStatus::slug, AppealStatus::label);
    render_with_status(
        if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY },
        "appeals.html",
        &Chrome::for_staff(&staff, "appeals").with_banner(done.done.as_deref()),
        &ListPage {
            rows: rows(&found),
            total,
            responses_due: rows(&due),
            horizon: long_date(horizon),
            stages: options("Any court or tribunal", Stage::ALL, Stage::slug, Stage::label),
            statuses,
            officers: officer_options,
            query,
            due_before,
            errors,
        },
    )
}

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
        DateParts { day: self.date_day.clone(), month: self.date_month.clone(), year: self.date_year.clone() }
    }
    fn due(&self) -> DateParts {
        DateParts { day: self.due_day.clone(), month: self.due_month.clone(), year: self.due_year.clone() }
    }
}

/// Reads the stage form into the API's JSON body, then through the one parser.
fn parse_stage_form(form: &StageForm, errors: &mut FormErrors) -> Option<crate::domain::appeal::AppealChange> {
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
                    body.insert("substituted_steps".into(), serde_json::json!({"days_from_decision": n}));
                }
                _ => errors.add("steps_days", "Enter the substituted notice's steps period as a number of days, like 35"),
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
            errors.add("kind", super::forms::capitalise(&e.to_string()));
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
        _ => &[K::DirectionGiven, K::UpperTribunalDecisionSent, K::CourtOfAppealPermissionApplied],
    };
    let mut v = vec![(String::new(), "Choose what happened".to_owned())];
    v.extend(clock.iter().map(|k| (k.slug().to_owned(), super::forms::capitalise(k.label()))));
    let record = ["The Commissioner's stance changed", "A party was joined", "The hearing was listed", "Closed material (rule 14)"];
    v.extend(RECORD_KINDS.iter().zip(record).take(3).map(|(k, l)| ((*k).to_owned(), l.to_owned())));
    v
}

fn appeal_page(state: &AppState, r: AppealRecord, form: StageForm, errors: FormErrors) -> AppealPage {
    let a = &r.appeal;
    let today = state.clock.today();
    let mut directed = vec![(String::new(), "Choose the deadline".to_owned())];
    directed.extend(directed_deadlines(a.stage).into_iter().map(|n| (n.slug().to_owned(), n.label().to_owned())));
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
        stance: a.stance.map(|(s, on)| format!("{} (since {})", s.label(), long_date(on))).unwrap_or_default(),
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
        outcomes: options("Choose the outcome", Outcome::ALL, Outcome::slug, Outcome::label),
        directed,
        stances: options("Choose the stance", Stance::ALL, Stance::slug, Stance::label),
        hearings: options("Choose how it is heard", Hearing::ALL, Hearing::slug, Hearing::label),
        roles: options("Choose the role", PartyRole::ALL, PartyRole::slug, PartyRole::label),
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
    let record = with_db(&state, move |conn| Ok(service::detail(conn, &st.context(&actor), id)?)).await?;
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = appeal_page(&state, record, form, errors);
    render_with_status(status, "appeal.html", &Chrome::for_staff(staff, "appeals").with_banner(done), &page)
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
    show_appeal(state, &staff, path.into_inner(), StageForm::default(), FormErrors::default(), query.done.as_deref()).await
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
    let result = with_db(&state, move |conn| Ok(service::record(conn, &st.context(&actor), id, change))).await?;
    match result {
        Ok(()) => Ok(see_other(&format!("/appeals/{id}?done=appeal_recorded#deadlines"))),
        Err(e) => {
            errors.add("kind", refusal(e)?);
            show_appeal(state, &staff, id, form, errors, None).await
        }
    }
}

/// The new-appeal form, as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct NewAppealForm {
    #[serde(default)]
    tribunal_reference: String,
    #[serde(default)]
    appellant: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    #[serde(default)]
    extension_granted: String,
}

#[derive(Serialize)]
struct NewAppealPage {
    reference: String,
    form: NewAppealForm,
    date: DateParts,
    appellants: Options,
    errors: FormErrors,
}

fn new_page(
    staff: &Staff,
    reference: &str,
    form: NewAppealForm,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let date = DateParts { day: form.date_day.clone(), month: form.date_month.clone(), year: form.date_year.clone() };
    render_with_status(
        if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY },
        "appeal_new.html",
        &Chrome::for_staff(staff, "appeals"),
        &NewAppealPage {
            reference: reference.to_owned(),
            form,
            date,
            appellants: options("Choose who appealed", Appellant::ALL, Appellant::slug, Appellant::label),
            errors,
        },
    )
}

/// `GET /cases/{reference}/appeals/new`.
///
/// # Errors
/// Not found.
pub async fn new_form(staff: Staff, path: web::Path<String>) -> Result<HttpResponse, PageError> {
    let reference = case_reference(&path)?;
    new_page(&staff, reference.as_str(), NewAppealForm::default(), FormErrors::default())
}

/// `POST /cases/{reference}/appeals/new`: records the appeal and opens its page.
///
/// # Errors
/// Not found, forbidden, database failures.
pub async fn create(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<NewAppealForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let reference = case_reference(&path)?;
    let mut errors = FormErrors::default();
    let tribunal_reference = TribunalReference::parse(&form.tribunal_reference)
        .map_err(|m| errors.add("tribunal_reference", m))
        .ok();
    let appellant = Appellant::from_slug(&form.appellant)
        .map_err(|_| errors.add("appellant", "Select who appealed"))
        .ok();
    let date = DateParts { day: form.date_day.clone(), month: form.date_month.clone(), year: form.date_year.clone() };
    let date = parse_date("date the tribunal received the appeal", &date)
        .map_err(|m| errors.add("date", m))
        .ok();
    let (Some(tribunal_reference), Some(appellant), Some(date)) = (tribunal_reference, appellant, date) else {
        return new_page(&staff, reference.as_str(), form, errors);
    };
    let input = OpenAppeal {
        reference: tribunal_reference,
        appellant,
        date,
        timestamp: None,
        extension_granted: form.extension_granted == "yes",
        parent_id: None,
    };
    let st = state.clone();
    let actor = staff.actor.clone();
    let r = reference.clone();
    let result = with_db(&state, move |conn| Ok(service::open(conn, &st.context(&actor), &r, &input))).await?;
    match result {
        Ok(id) => Ok(see_other(&format!("/appeals/{id}?done=appeal_opened"))),
        Err(e) => {
            errors.add("tribunal_reference", refusal(e)?);
            new_page(&staff, reference.as_str(), form, errors)
        }
    }
}

/// The appeals of a case, for the case page's short list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseAppeal {
    /// Its page.
    pub href: String,
    /// "EA/2024/0123 (First-tier Tribunal): Open".
    pub text: String,
}

/// The case page's list of appeals (a small part of that page: another module owns it).
///
/// # Errors
/// Database failures.
pub fn of_case(conn: &mut crate::db::AnyConnection, reference: &str) -> Result<Vec<CaseAppeal>, PageError> {
    Ok(service::of_case(conn, reference)?
        .into_iter()
        .map(|a| CaseAppeal {
            href: format!("/appeals/{}", a.id),
            text: format!(
                "{} ({}): {}{}",
                a.reference.as_str(),
                a.stage.label(),
                a.status.label(),
                a.outcome.map(|o| format!(", {}", o.label().to_lowercase())).unwrap_or_default()
            ),
        })
        .collect())
}
