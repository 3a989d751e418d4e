//! The web interface: server-rendered pages in the GOV.UK Frontend style. Templates are tera
//! files under `templates/pages/`, embedded in the binary and parsed once; every value reaches
//! them auto-escaped. Handlers build a page context (a serde struct of their own, never a row),
//! and errors become a page in the same style ([`PageError`]).

pub mod account;
pub mod appeal_stats;
pub mod appeals;
pub mod assets;
pub mod authorities;
pub mod bulk_allocation;
pub mod calculator;
pub mod case;
pub mod case_list;
pub mod caseload;
pub mod caseload_filter;
pub mod dashboard;
pub mod emails;
pub mod first_password;
pub mod forms;
pub mod notice;
pub mod register;
pub mod saved_filters;
pub mod session;
pub mod staff;
pub mod tokens;
pub mod views;

use super::AppState;
use crate::service::ServiceError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError, web};
use serde::Serialize;
use session::Staff;
use std::fmt;
use std::sync::LazyLock;

macro_rules! embedded_templates {
    ($($name:literal),+ $(,)?) => {
        [$(($name, include_str!(concat!("../../../templates/pages/", $name)))),+]
    };
}

/// Every page template, parsed once per process (or why they do not parse).
static TEMPLATES: LazyLock<Result<tera::Tera, String>> = LazyLock::new(|| {
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    let sources = embedded_templates!(
        "layout.html",
        "macros.html",
        "error.html",
        "sign_in.html",
        "account.html",
        "choose_password.html",
        "cases.html",
        "bulk_allocation.html",
        "saved_filter.html",
        "saved_filter_delete.html",
        "case_new.html",
        "case_file.html",
        "case.html",
        "case_record.html",
        "notice.html",
        "notice_diff.html",
        "notice_issue.html",
        "notice_delete.html",
        "event_withdraw.html",
        "approvals.html",
        "calculator.html",
        "team.html",
        "library.html",
        "library_entry.html",
        "users.html",
        "dashboard.html",
        "outbox.html",
        "outbox_message.html",
        "reminders.html",
        "opt_out.html",
        "authorities.html",
        "authority.html",
        "appeals.html",
        "appeal.html",
        "appeal_new.html",
        "appeal_correct.html",
    );
    // The public register's pages and its Atom feed (templates/register/).
    let register = [
        (
            "register/list.html",
            include_str!("../../../templates/register/list.html"),
        ),
        (
            "register/text.html",
            include_str!("../../../templates/register/text.html"),
        ),
        (
            "register/decision.html",
            include_str!("../../../templates/register/decision.html"),
        ),
        (
            "register/publication.html",
            include_str!("../../../templates/register/publication.html"),
        ),
        (
            "register/similar.html",
            include_str!("../../../templates/register/similar.html"),
        ),
        (
            "register/csv-columns.html",
            include_str!("../../../templates/register/csv-columns.html"),
        ),
        (
            "register/feed.xml",
            include_str!("../../../templates/register/feed.xml"),
        ),
    ];
    tera.add_raw_templates(sources.into_iter().chain(register))
        .map_err(|e| format!("page templates do not parse: {e:?}"))?;
    Ok(tera)
});

/// Parses the templates now (at start-up) rather than on the first request.
///
/// # Errors
/// Why a template does not parse (a programming error, also caught by the tests).
pub fn warm_up() -> Result<(), String> {
    TEMPLATES.as_ref().map(|_| ()).map_err(Clone::clone)
}

fn templates() -> Result<&'static tera::Tera, PageError> {
    TEMPLATES
        .as_ref()
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("{e}")))
}

/// What every page's layout needs besides the page's own values.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Chrome {
    /// The signed-in member of staff's name.
    pub user_name: Option<String>,
    /// Their role identifier.
    pub role: Option<String>,
    /// The session's CSRF token, put in every form.
    pub csrf_token: String,
    /// Which navigation item is current.
    pub nav: &'static str,
    /// A one-line confirmation shown in a success banner after a redirect.
    pub banner: Option<String>,
    /// The navigation the user's role allows.
    pub nav_items: Vec<NavItem>,
}

/// An item of the service navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    /// Which page (compared with [`Chrome::nav`]).
    pub key: &'static str,
    /// Where it goes.
    pub href: &'static str,
    /// Its text.
    pub label: &'static str,
}

const fn item(key: &'static str, href: &'static str, label: &'static str) -> NavItem {
    NavItem { key, href, label }
}

fn nav_for(role: Option<crate::domain::parties::Role>) -> Vec<NavItem> {
    use crate::domain::parties::Role;
    let Some(role) = role else {
        return vec![
            item("decisions", "/decisions", "Decision notices"),
            item("calculator", "/calculator", "Deadline calculator"),
            item("sign-in", "/sign-in", "Sign in"),
        ];
    };
    let mut items = vec![
        item("cases", "/cases", "Cases"),
        item("new-case", "/cases/new", "New case"),
        item("authorities", "/authorities", "Authorities"),
        item("appeals", "/appeals", "Appeals"),
    ];
    if matches!(role, Role::Manager | Role::Admin) {
        items.push(item("team", "/team", "Team"));
        items.push(item("approvals", "/approvals", "Approvals"));
        items.push(item("stats", "/stats", "Statistics"));
        items.push(item("library", "/library", "Library"));
        items.push(item("reminders", "/reminders", "Reminders"));
        items.push(item("publication", "/publication", "Publication"));
    }
    if role == Role::Admin {
        items.push(item("users", "/users", "Users"));
        items.push(item("outbox", "/outbox", "Outbox"));
    }
    items.push(item("decisions", "/decisions", "Decisions"));
    items.push(item("calculator", "/calculator", "Calculator"));
    items.push(item("account", "/account", "Account"));
    items
}

impl Chrome {
    /// The chrome of a signed-in page.
    #[must_use]
    pub fn for_staff(staff: &Staff, nav: &'static str) -> Self {
        Chrome {
            user_name: Some(staff.actor.name.clone()),
            role: Some(staff.actor.role.slug().to_owned()),
            csrf_token: staff.csrf_token.clone(),
            nav,
            banner: None,
            nav_items: nav_for(Some(staff.actor.role)),
        }
    }

    /// The chrome of a public page.
    #[must_use]
    pub fn public(nav: &'static str) -> Self {
        Chrome {
            nav,
            nav_items: nav_for(None),
            ..Chrome::default()
        }
    }

    /// Adds the confirmation named by a `done` query value (fixed messages only: a query string
    /// never puts its own text on the page).
    #[must_use]
    pub fn with_banner(mut self, done: Option<&str>) -> Self {
        self.banner = done.and_then(banner_text).map(str::to_owned);
        self
    }
}

fn banner_text(done: &str) -> Option<&'static str> {
    Some(match done {
        "case_created" => "Case opened",
        "event_added" => "Event added to the timeline",
        "record_changed" => "Case record changed",
        "note_added" => "Note added",
        "case_linked" => "Cases linked",
        "case_unlinked" => "Link removed",
        "event_corrected" => "Event corrected",
        "event_withdrawn" => "Event withdrawn: the deadlines were worked out again without it",
        "paragraph_deleted" => "Paragraph deleted: the notice was saved as a new version",
        "allocated" => "Case allocated",
        "bulk_allocated" => "The cases were allocated",
        "filter_saved" => "Filter saved: find it under Saved filters",
        "filter_deleted" => "Saved filter deleted",
        "notice_drafted" => "Decision notice drafted from the case",
        "notice_saved" => "Decision notice saved as a new version",
        "notice_restored" => "The earlier version was restored as the newest version",
        "notice_submitted" => "Decision notice submitted for approval",
        "notice_approved" => "Decision notice approved",
        "notice_returned" => "Decision notice returned to the officer",
        "notice_issued" => "Decision notice issued",
        "library_saved" => "Library paragraph saved as a new version",
        "user_saved" => "User updated",
        "user_added" => "User added",
        "password_changed" => "Your password has been changed",
        "password_chosen" => "Your password has been set: use it from now on",
        "message_retried" => "Message queued to be sent again",
        "offsets_saved" => "Reminder settings saved",
        "calendar_revoked" => "Your calendar link has been turned off",
        "token_revoked" => "The API token has been revoked: it no longer works",
        "signed_out" => "You have signed out",
        "authority_added" => "Public authority added",
        "authority_saved" => "Public authority saved",
        "notice_withheld" => "Decision notice withheld from the register",
        "notice_republished" => "Decision notice published on the register again",
        "appeal_opened" => "Appeal recorded",
        "appeal_recorded" => "Recorded on the appeal",
        "document_uploaded" => "Document uploaded",
        "appeal_corrected" => "The appeal's stage was corrected",
        "appeal_withdrawn" => "The appeal's stage was withdrawn",
        _ => return None,
    })
}

/// Renders a page template with its context and the layout's chrome.
///
/// # Errors
/// A template error (a programming error), as a 500 page.
pub fn render<T: Serialize>(
    template: &str,
    chrome: &Chrome,
    page: &T,
) -> Result<HttpResponse, PageError> {
    render_with_status(StatusCode::OK, template, chrome, page)
}

/// Like [`render`] with another status (422 for a form with errors).
///
/// # Errors
/// A template error.
pub fn render_with_status<T: Serialize>(
    status: StatusCode,
    template: &str,
    chrome: &Chrome,
    page: &T,
) -> Result<HttpResponse, PageError> {
    let mut context = tera::Context::from_serialize(page)
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("page context: {e}")))?;
    context.insert("chrome", chrome);
    let html = templates()?
        .render(template, &context)
        .map_err(|e| PageError::Unexpected(anyhow::anyhow!("template {template}: {e:?}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(html))
}

/// A 303 redirect after a successful form (post/redirect/get).
#[must_use]
pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", location))
        .finish()
}

/// Why a page could not be shown; rendered once as a page in the service's style.
#[derive(Debug)]
pub enum PageError {
    /// Not signed in: go to the sign-in page and come back.
    SignIn {
        /// Where to return after signing in.
        next: String,
    },
    /// Signed in with a one-time password not yet replaced: go and choose a new one.
    ChoosePassword,
    /// 400: the form could not be read at all, or its CSRF token is missing or wrong.
    BadRequest(String),
    /// 403.
    Forbidden(String),
    /// 404.
    NotFound,
    /// 409.
    Conflict(String),
    /// 503: the database cannot take the change now; nothing was saved.
    Unavailable(String),
    /// 500: our fault; the cause is logged once, never shown.
    Unexpected(anyhow::Error),
}

impl fmt::Display for PageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageError::SignIn { .. } => f.write_str("sign in to continue"),
            PageError::ChoosePassword => f.write_str("choose a new password to continue"),
            PageError::BadRequest(m)
            | PageError::Forbidden(m)
            | PageError::Conflict(m)
            | PageError::Unavailable(m) => f.write_str(m),
            PageError::NotFound => f.write_str("page not found"),
            PageError::Unexpected(e) => write!(f, "unexpected error: {e}"),
        }
    }
}

#[derive(Serialize)]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    status: u16,
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        match self {
            PageError::SignIn { .. } | PageError::ChoosePassword => StatusCode::SEE_OTHER,
            PageError::BadRequest(_) => StatusCode::BAD_REQUEST,
            PageError::Forbidden(_) => StatusCode::FORBIDDEN,
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Conflict(_) => StatusCode::CONFLICT,
            PageError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            PageError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        let (title, message) = match self {
            PageError::SignIn { next } => {
                let location = format!("/sign-in?next={}", forms::encode_query_value(next));
                return see_other(&location);
            }
            PageError::ChoosePassword => return see_other(session::CHOOSE_PASSWORD_PATH),
            PageError::BadRequest(m) => ("There is a problem with the form", m.clone()),
            PageError::Forbidden(m) => ("You cannot do this", m.clone()),
            PageError::NotFound => (
                "Page not found",
                "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address.".to_owned(),
            ),
            PageError::Conflict(m) => ("This has changed since you opened it", m.clone()),
            PageError::Unavailable(m) => ("Sorry, changes cannot be saved at the moment", m.clone()),
            PageError::Unexpected(e) => {
                tracing::error!(error = format!("{e:#}"), "page failed");
                (
                    "Sorry, there is a problem with the service",
                    "Try again later. What you saved before this page is safe.".to_owned(),
                )
            }
        };
        let page = ErrorPage {
            title,
            message,
            status: status.as_u16(),
        };
        let mut context = tera::Context::new();
        context.insert("chrome", &Chrome::public(""));
        context.insert("title", page.title);
        context.insert("message", &page.message);
        context.insert("status", &page.status);
        let html = templates()
            .ok()
            .and_then(|t| t.render("error.html", &context).ok())
            .unwrap_or_else(|| {
                // The error page itself failed: plain text, still nothing leaked.
                format!("{title}\n")
            });
        HttpResponse::build(status)
            .content_type("text/html; charset=utf-8")
            .insert_header(("Cache-Control", "no-store"))
            .body(html)
    }
}

impl From<ServiceError> for PageError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::NotFound(_) => PageError::NotFound,
            ServiceError::Forbidden(m) => PageError::Forbidden(m),
            ServiceError::Conflict(m) | ServiceError::Stale(m) => PageError::Conflict(m),
            ServiceError::Invalid { message, .. } => PageError::BadRequest(message),
            ServiceError::Unavailable(m) => PageError::Unavailable(m),
            ServiceError::Unexpected(e) => PageError::Unexpected(e),
        }
    }
}

impl From<actix_web::error::BlockingError> for PageError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        PageError::Unexpected(anyhow::anyhow!("worker thread failed: {e}"))
    }
}

impl From<crate::db::PoolError> for PageError {
    /// As for the API: no connection within the wait is a 503, nothing done.
    fn from(e: crate::db::PoolError) -> Self {
        tracing::error!(error = %e, "no database connection available");
        PageError::Unavailable(crate::service::STORAGE_BUSY.to_owned())
    }
}

/// Runs database work off the async threads with a pooled connection.
///
/// # Errors
/// The work's own error, or no connection.
pub async fn with_db<T, F>(state: &web::Data<AppState>, work: F) -> Result<T, PageError>
where
    T: Send + 'static,
    F: FnOnce(&mut crate::db::AnyConnection) -> Result<T, PageError> + Send + 'static,
{
    let pool = state.pool.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        work(&mut conn)
    })
    .await?
}

/// The case reference in a page's path; a malformed one is simply not found.
///
/// # Errors
/// [`PageError::NotFound`].
pub fn case_reference(path: &str) -> Result<crate::domain::parties::CaseReference, PageError> {
    crate::domain::parties::CaseReference::parse(path).map_err(|_| PageError::NotFound)
}

/// A refusal by the rules becomes a message shown beside the form; anything else is an error
/// page.
///
/// # Errors
/// The error as a page when it is not a refusal by the rules.
pub fn refusal(e: ServiceError) -> Result<String, PageError> {
    match e {
        ServiceError::Invalid { message, .. }
        | ServiceError::Conflict(message)
        | ServiceError::Stale(message) => Ok(message),
        other => Err(other.into()),
    }
}

/// `?done=` after a redirect: which confirmation to show.
#[derive(Debug, serde::Deserialize)]
pub struct DoneQuery {
    /// The confirmation's key (fixed messages only).
    pub done: Option<String>,
}

/// The 404 page for any unknown address outside the API.
///
/// # Errors
/// Always [`PageError::NotFound`].
pub async fn not_found() -> Result<HttpResponse, PageError> {
    Err(PageError::NotFound)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_page_template_parses() {
        if let Err(e) = super::warm_up() {
            panic!("{e}");
        }
    }
}
