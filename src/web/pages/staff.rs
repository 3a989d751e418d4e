//! Pages for managers and admins: the team's caseload and its ageing, the paragraph library
//! editor, and user administration.

use super::forms::{FormErrors, capitalise};
use super::session::{Posted, Staff};
use super::{
    AppState, Chrome, DoneQuery, PageError, render, render_with_status, see_other, with_db,
};
use crate::domain::input;
use crate::domain::parties::{EmailAddress, RequiredText, Role};
use crate::service::ServiceError;
use crate::service::library::{self, EntryView, PLACEHOLDERS};
use crate::service::team::{self, TeamRow};
use crate::service::users::{self, UserView};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct TeamPage {
    rows: Vec<TeamLine>,
    totals: TeamLine,
}

/// A row of the Team page with the link of each figure to the cases it counts.
#[derive(Serialize)]
struct TeamLine {
    #[serde(flatten)]
    row: TeamRow,
    /// The open cases, overdue, due soon, then one per age band.
    links: Vec<String>,
}

/// Whose cases a Team row counts.
#[derive(Clone, Copy)]
enum Whose {
    /// The totals row: every officer's.
    Everyone,
    /// One officer's (`None`: the cases allocated to nobody).
    Officer(Option<i64>),
}

/// The links of a Team row: every figure's filter counts what `db::team` counts (open
/// complaints; overdue before today; due today to the last day due soon; the age bands of
/// `AGE_BANDS`).
fn team_line(row: TeamRow, whose: Whose, today: chrono::NaiveDate) -> TeamLine {
    use super::caseload_filter::FigureLink;
    let base = match whose {
        Whose::Officer(o) => FigureLink::open().officer(o),
        Whose::Everyone => FigureLink::open(),
    };
    let mut links = vec![
        base.href(),
        base.clone().with("due", "overdue").href(),
        base.clone().with("due", "soon").href(),
    ];
    links.extend(
        (0..crate::domain::stats::AGE_BANDS.len()).map(|b| base.clone().age_band(b, today).href()),
    );
    TeamLine { row, links }
}

/// `GET /team`: open cases per officer, overdue and due soon, by age.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn team(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, PageError> {
    let today = state.clock.today();
    let actor = staff.actor.clone();
    let st = state.clone();
    let (rows, totals) = with_db(&state, move |conn| {
        Ok(team::caseload(conn, &actor, &st.calendars, today)?)
    })
    .await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let officer = r.officer_id;
            team_line(r, Whose::Officer(officer), today)
        })
        .collect();
    render(
        "team.html",
        &Chrome::for_staff(&staff, "team"),
        &TeamPage {
            rows,
            totals: team_line(totals, Whose::Everyone, today),
        },
    )
}

#[derive(Serialize)]
struct LibraryPage {
    entries: Vec<EntryView>,
}

/// `GET /library`: the standard paragraphs, with versions and how often each was used.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn library_list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let entries = with_db(&state, |conn| Ok(library::list(conn)?)).await?;
    render(
        "library.html",
        &Chrome::for_staff(&staff, "library").with_banner(query.done.as_deref()),
        &LibraryPage { entries },
    )
}

#[derive(Serialize)]
struct EntryPage {
    key: String,
    version: i32,
    heading: String,
    text: String,
    placeholders: Vec<String>,
    errors: FormErrors,
}

async fn entry(state: &web::Data<AppState>, key: String) -> Result<EntryView, PageError> {
    with_db(state, move |conn| {
        library::list(conn)?
            .into_iter()
            .find(|e| e.key == key)
            .ok_or(PageError::NotFound)
    })
    .await
}

fn placeholders() -> Vec<String> {
    PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect()
}

/// `GET /library/{key}`: the editor of one paragraph.
///
/// # Errors
/// Forbidden for officers; not found.
pub async fn library_entry(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let e = entry(&state, path.into_inner()).await?;
    render(
        "library_entry.html",
        &Chrome::for_staff(&staff, "library"),
        &EntryPage {
            key: e.key,
            version: e.version,
            heading: e.heading,
            text: e.text,
            placeholders: placeholders(),
            errors: FormErrors::default(),
        },
    )
}

/// The library form.
#[derive(Deserialize)]
pub struct EntryForm {
    #[serde(default)]
    heading: String,
    #[serde(default)]
    text: String,
}

/// `POST /library/{key}`: saves a new version of a paragraph.
///
/// # Errors
/// Forbidden for officers; not found; database failures.
pub async fn library_save(
    state: web::Data<AppState>,
    path: web::Path<String>,
    posted: Posted<EntryForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_manager()?;
    let key = path.into_inner();
    let mut errors = FormErrors::default();
    if form.heading.trim().is_empty() {
        errors.add("heading", "Enter the heading");
    }
    if form.text.trim().is_empty() {
        errors.add("text", "Enter the paragraph");
    }
    if errors.is_empty() {
        let actor = staff.actor.clone();
        let now = state.clock.now();
        let (k, h, t) = (key.clone(), form.heading.clone(), form.text.clone());
        let saved = with_db(&state, move |conn| {
            Ok(library::edit(conn, &actor, now, &k, h.trim(), t.trim()))
        })
        .await?;
        match saved {
            Ok(_) => return Ok(see_other("/library?done=library_saved")),
            Err(ServiceError::Invalid { message, .. }) => errors.add("text", capitalise(&message)),
            Err(other) => return Err(other.into()),
        }
    }
    let current = entry(&state, key.clone()).await?;
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "library_entry.html",
        &Chrome::for_staff(&staff, "library"),
        &EntryPage {
            key,
            version: current.version,
            heading: form.heading,
            text: form.text,
            placeholders: placeholders(),
            errors,
        },
    )
}

#[derive(Serialize, Default)]
struct UsersPage {
    users: Vec<UserView>,
    roles: Vec<(String, String)>,
    new_email: String,
    new_name: String,
    new_role: String,
    /// A one-time password just made, and whose it is.
    password_for: String,
    password: String,
    errors: FormErrors,
}

async fn users_page(
    state: &web::Data<AppState>,
    staff: &Staff,
    mut page: UsersPage,
    status: StatusCode,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let actor = staff.actor.clone();
    page.users = with_db(state, move |conn| Ok(users::list(conn, &actor)?)).await?;
    page.roles = Role::ALL
        .iter()
        .map(|r| (r.slug().to_owned(), r.label().to_owned()))
        .collect();
    render_with_status(
        status,
        "users.html",
        &Chrome::for_staff(staff, "users").with_banner(done),
        &page,
    )
}

/// `GET /users` (admins).
///
/// # Errors
/// Forbidden unless an admin; database failures.
pub async fn users_list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<DoneQuery>,
) -> Result<HttpResponse, PageError> {
    staff.require_admin()?;
    let page = UsersPage {
        new_role: "officer".to_owned(),
        ..UsersPage::default()
    };
    users_page(&state, &staff, page, StatusCode::OK, query.done.as_deref()).await
}

/// The new-user form.
#[derive(Deserialize)]
pub struct NewUserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// `POST /users`: adds a member of staff and shows their one-time password once.
///
/// # Errors
/// Forbidden unless an admin; database failures.
pub async fn users_add(
    state: web::Data<AppState>,
    posted: Posted<NewUserForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_admin()?;
    let mut errors = FormErrors::default();
    let email = EmailAddress::parse(&form.email)
        .map_err(|m| errors.add("email", capitalise(&m)))
        .ok();
    let name = RequiredText::of(&input::STAFF_NAME, &form.name)
        .map_err(|m| errors.add("name", capitalise(&m)))
        .ok();
    let role = Role::from_slug(&form.role)
        .map_err(|_| errors.add("role", "Select a role"))
        .ok();
    let mut page = UsersPage {
        new_email: form.email.clone(),
        new_name: form.name.clone(),
        new_role: form.role.clone(),
        ..UsersPage::default()
    };
    if let (Some(email), Some(name), Some(role)) = (email, name, role) {
        let now = state.clock.now();
        let shown = email.account_key();
        let created = with_db(&state, move |conn| {
            Ok(users::add(conn, now, &email, &name, role, None))
        })
        .await?;
        match created {
            Ok(user) => {
                let page = UsersPage {
                    password_for: shown,
                    password: user.password,
                    new_role: "officer".to_owned(),
                    ..UsersPage::default()
                };
                return users_page(&state, &staff, page, StatusCode::OK, Some("user_added")).await;
            }
            Err(ServiceError::Conflict(m)) => errors.add("email", m),
            Err(other) => return Err(other.into()),
        }
    }
    page.errors = errors;
    users_page(&state, &staff, page, StatusCode::UNPROCESSABLE_ENTITY, None).await
}

/// The form that changes a user.
#[derive(Deserialize)]
pub struct UserForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    active: String,
    #[serde(default)]
    action: String,
}

/// `POST /users/{id}`: changes role and access, or resets the password.
///
/// # Errors
/// Forbidden unless an admin; not found; database failures.
pub async fn users_update(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<UserForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    staff.require_admin()?;
    let id = path.into_inner();
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let mut errors = FormErrors::default();
    if form.action == "reset" {
        let issued = with_db(&state, move |conn| {
            Ok(users::reset_password(conn, &actor, now, id)?)
        })
        .await?;
        let page = UsersPage {
            password_for: issued.email,
            password: issued.password,
            new_role: "officer".to_owned(),
            ..UsersPage::default()
        };
        return users_page(&state, &staff, page, StatusCode::OK, Some("user_saved")).await;
    }
    let Ok(role) = Role::from_slug(&form.role) else {
        return Err(PageError::BadRequest("Select a role.".to_owned()));
    };
    let active = form.active == "yes";
    let result = with_db(&state, move |conn| {
        Ok(users::update(conn, &actor, now, id, role, active))
    })
    .await?;
    match result {
        Ok(()) => Ok(see_other("/users?done=user_saved")),
        Err(ServiceError::Invalid { message, .. }) => {
            errors.add(&format!("user-{id}"), message);
            let page = UsersPage {
                new_role: "officer".to_owned(),
                errors,
                ..UsersPage::default()
            };
            users_page(&state, &staff, page, StatusCode::UNPROCESSABLE_ENTITY, None).await
        }
        Err(other) => Err(other.into()),
    }
}
