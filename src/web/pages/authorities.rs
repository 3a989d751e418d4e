//! The Authorities pages: the list of public authorities with search and paging (every member
//! of staff), and the form that adds or edits one (managers and admins: the service checks).

use super::forms::{FormErrors, capitalise, encode_query_value};
use super::session::{Posted, Staff};
use super::{AppState, Chrome, PageError, render, render_with_status, see_other, with_db};
use crate::domain::authority::Authority;
use crate::domain::parties::{Nation, Sector};
use crate::service::ServiceError;
use crate::service::authorities::{self, AuthorityFields};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// Authorities per page of the list.
const PER_PAGE: i64 = 50;

/// `?q=&page=&done=` of the list.
#[derive(Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    page: Option<i64>,
    done: Option<String>,
}

#[derive(Serialize)]
struct Row {
    id: i64,
    formal_name: String,
    referred_to: String,
    sector: &'static str,
    nation: &'static str,
    s53_certificate: bool,
}

#[derive(Serialize)]
struct ListPage {
    q: String,
    rows: Vec<Row>,
    total: i64,
    page: i64,
    pages: i64,
    previous: Option<String>,
    next: Option<String>,
    may_change: bool,
}

fn page_link(q: &str, page: i64) -> String {
    format!("/authorities?q={}&page={page}", encode_query_value(q))
}

/// `GET /authorities`: every authority by short name, or those matching a search.
///
/// # Errors
/// Database failures.
pub async fn list(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListQuery>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let page = query.page.unwrap_or(1).max(1);
    let q = query.q.trim().to_owned();
    let search = q.clone();
    let (found, total) = with_db(&state, move |conn| {
        Ok(authorities::list(
            conn,
            Some(search.as_str()),
            PER_PAGE,
            (page - 1) * PER_PAGE,
        )?)
    })
    .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let rows = found
        .iter()
        .map(|a| Row {
            id: a.id,
            formal_name: a.formal_name.clone(),
            referred_to: a.referred_to(),
            sector: a.sector.label(),
            nation: a.nation.label(),
            s53_certificate: a.s53_certificate,
        })
        .collect();
    render(
        "authorities.html",
        &Chrome::for_staff(&staff, "authorities").with_banner(query.done.as_deref()),
        &ListPage {
            previous: (page > 1).then(|| page_link(&q, page - 1)),
            next: (page < pages).then(|| page_link(&q, page + 1)),
            q,
            rows,
            total,
            page,
            pages,
            may_change: staff.actor.sees_every_case(),
        },
    )
}

/// The authority form as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AuthorityForm {
    #[serde(default)]
    formal_name: String,
    #[serde(default)]
    short_name: String,
    #[serde(default)]
    article: String,
    #[serde(default)]
    sector: String,
    #[serde(default)]
    nation: String,
    #[serde(default)]
    foi_email: String,
    #[serde(default)]
    address: String,
    #[serde(default)]
    s53_certificate: String,
}

impl AuthorityForm {
    fn of(a: &Authority) -> Self {
        AuthorityForm {
            formal_name: a.formal_name.clone(),
            short_name: a.short_name.clone(),
            article: a.article.clone(),
            sector: a.sector.slug().to_owned(),
            nation: a.nation.slug().to_owned(),
            foi_email: a.foi_email.clone().unwrap_or_default(),
            address: a.address.clone(),
            s53_certificate: if a.s53_certificate { "yes" } else { "no" }.to_owned(),
        }
    }

    fn fields(&self) -> AuthorityFields {
        AuthorityFields {
            formal_name: self.formal_name.clone(),
            short_name: self.short_name.clone(),
            article: self.article.clone(),
            sector: self.sector.clone(),
            nation: self.nation.clone(),
            foi_email: self.foi_email.clone(),
            address: self.address.clone(),
            s53_certificate: self.s53_certificate.clone(),
        }
    }
}

#[derive(Serialize)]
struct FormPage {
    /// The authority edited, or none for a new one.
    id: Option<i64>,
    form: AuthorityForm,
    sectors: Vec<(String, String)>,
    nations: Vec<(String, String)>,
    errors: FormErrors,
}

fn form_page(id: Option<i64>, form: AuthorityForm, errors: FormErrors) -> FormPage {
    let choose = |what: &str| (String::new(), format!("Choose the {what}"));
    let mut sectors = vec![choose("sector")];
    sectors.extend(
        Sector::ALL
            .iter()
            .map(|s| (s.slug().to_owned(), s.label().to_owned())),
    );
    let mut nations = vec![choose("nation")];
    nations.extend(
        Nation::ALL
            .iter()
            .map(|n| (n.slug().to_owned(), n.label().to_owned())),
    );
    FormPage {
        id,
        form,
        sectors,
        nations,
        errors,
    }
}

/// `GET /authorities/new`.
///
/// # Errors
/// Forbidden for officers.
pub async fn new_form(staff: Staff) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let form = AuthorityForm {
        article: "the".to_owned(),
        // Not answered for the person: a silent "No" would be saved unread (issue 14).
        s53_certificate: String::new(),
        ..AuthorityForm::default()
    };
    render(
        "authority.html",
        &Chrome::for_staff(&staff, "authorities"),
        &form_page(None, form, FormErrors::default()),
    )
}

/// `GET /authorities/{id}`: the form filled with the authority as stored.
///
/// # Errors
/// Forbidden for officers; not found.
pub async fn edit_form(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<i64>,
) -> Result<HttpResponse, PageError> {
    staff.require_manager()?;
    let id = path.into_inner();
    let authority = with_db(&state, move |conn| Ok(authorities::get(conn, id)?)).await?;
    render(
        "authority.html",
        &Chrome::for_staff(&staff, "authorities"),
        &form_page(
            Some(id),
            AuthorityForm::of(&authority),
            FormErrors::default(),
        ),
    )
}

/// `POST /authorities/new`.
///
/// # Errors
/// Forbidden for officers; database failures.
pub async fn create(
    state: web::Data<AppState>,
    posted: Posted<AuthorityForm>,
) -> Result<HttpResponse, PageError> {
    save(state, posted, None).await
}

/// `POST /authorities/{id}`.
///
/// # Errors
/// Forbidden for officers; not found; database failures.
pub async fn update(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<AuthorityForm>,
) -> Result<HttpResponse, PageError> {
    save(state, posted, Some(path.into_inner())).await
}

async fn save(
    state: web::Data<AppState>,
    posted: Posted<AuthorityForm>,
    id: Option<i64>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let mut errors = FormErrors::default();
    // The page asks the question and requires an answer (the API and the CSV import document
    // "empty is no"); every other problem is reported with it, and the form keeps what was typed.
    let s53_unanswered = form.s53_certificate.trim().is_empty();
    if s53_unanswered {
        errors.add(
            "s53_certificate",
            "Select yes if the authority may issue a ministerial certificate under section 53, or no if it may not",
        );
    }
    match form.fields().parse() {
        Ok(_) if s53_unanswered => {}
        Ok(input) => {
            let actor = staff.actor.clone();
            let now = state.clock.now();
            let saved = with_db(&state, move |conn| {
                Ok(match id {
                    None => authorities::create(conn, &actor, now, &input),
                    Some(id) => authorities::update(conn, &actor, now, id, &input),
                })
            })
            .await?;
            match saved {
                Ok(a) => {
                    let done = if id.is_some() {
                        "authority_saved"
                    } else {
                        "authority_added"
                    };
                    return Ok(see_other(&format!(
                        "/authorities?q={}&done={done}",
                        encode_query_value(&a.formal_name)
                    )));
                }
                Err(ServiceError::Invalid { message, .. }) => errors.add("formal_name", message),
                Err(other) => return Err(other.into()),
            }
        }
        Err(problems) => {
            for p in problems {
                let message = match p.field {
                    "sector" => "Select the sector".to_owned(),
                    "nation" => "Select the nation".to_owned(),
                    _ => capitalise(&p.message),
                };
                errors.add(p.field, message);
            }
        }
    }
    render_with_status(
        StatusCode::UNPROCESSABLE_ENTITY,
        "authority.html",
        &Chrome::for_staff(&staff, "authorities"),
        &form_page(id, form, errors),
    )
}
