//! The actix-web service: shared state, the URL table ([`routes`]) used by `main` and the
//! tests, and the server start-up.

pub mod api;
pub mod auth;
pub mod edge;
pub mod error;
pub mod health;
pub mod metrics;
pub mod multipart;
pub mod notices;
pub mod openapi;
pub mod pages;
pub mod stats;
pub mod timeline;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::Pool;
use crate::domain::calendar::Calendars;
use crate::domain::settings::ClockSettings;
use crate::service::Actor;
use crate::service::cases::Context;
use actix_web::{App, HttpServer, dev::Server, web};
use error::ApiError;
use std::net::TcpListener;
use std::sync::Arc;

/// Largest request body accepted (bytes): a timeline or a case is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What every handler may use: settings loaded once, the clock and the database pool.
#[derive(Clone)]
pub struct AppState {
    /// Where "today" comes from.
    pub clock: Clock,
    /// The deployment's deadline settings (defaults plus extra proclaimed days).
    pub clock_settings: ClockSettings,
    /// Calendars built once from those settings.
    pub calendars: Arc<Calendars>,
    /// Database connections.
    pub pool: Pool,
    /// The regulator's and tribunal's details used in notices.
    pub regulator: crate::domain::notice::draft::RegulatorDetails,
    /// Email sender, contact and link settings.
    pub mail: crate::mail::MailSettings,
    /// Request counts and latencies of this process.
    pub metrics: Arc<metrics::Metrics>,
    /// When set, `/metrics` requires it as a bearer token.
    pub metrics_token: Option<String>,
    /// Mark cookies `Secure` even on requests that did not come over TLS.
    pub secure_cookies: bool,
    /// How long a new API token lasts unless its owner chooses otherwise.
    pub token_lifetime: crate::domain::staff::TokenLifetime,
    /// Send `Strict-Transport-Security`.
    pub hsts: bool,
    /// Proxies whose `X-Forwarded-Proto` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl AppState {
    /// Builds the state, building the calendars once.
    #[must_use]
    pub fn new(clock: Clock, clock_settings: ClockSettings, pool: Pool) -> Self {
        let calendars = Arc::new(Calendars::build(&clock_settings.calendar_options()));
        AppState {
            clock,
            clock_settings,
            calendars,
            pool,
            regulator: crate::domain::notice::draft::RegulatorDetails::default(),
            mail: crate::mail::MailSettings::default(),
            metrics: Arc::new(metrics::Metrics::default()),
            metrics_token: None,
            secure_cookies: false,
            token_lifetime: crate::domain::staff::TokenLifetime::DEFAULT,
            hsts: false,
            trusted_proxies: Vec::new(),
        }
    }

    /// The state the settings describe, over an open pool.
    #[must_use]
    pub fn from_settings(settings: &Settings, pool: Pool) -> Self {
        let mut state = AppState::new(settings.clock, settings.clock_settings.clone(), pool);
        state.regulator = settings.regulator.clone();
        state.mail = settings.mail.clone();
        state.metrics_token = settings.metrics_token.clone().filter(|t| !t.is_empty());
        state.secure_cookies = settings.secure_cookies;
        state.token_lifetime = settings.token_lifetime;
        state.hsts = settings.hsts;
        state.trusted_proxies.clone_from(&settings.trusted_proxies);
        state
    }

    /// The context of a use case run by `actor` now.
    #[must_use]
    pub fn context<'a>(&'a self, actor: &'a Actor) -> Context<'a> {
        Context {
            actor,
            now: self.clock.now(),
            today: self.clock.today(),
            settings: &self.clock_settings,
            calendars: &self.calendars,
            mail: &self.mail,
        }
    }
}

/// An unknown address: a problem document under `/api`, the 404 page elsewhere.
async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    if req.path().starts_with("/api/") {
        ApiError::NotFound("there is nothing at this address".to_owned()).error_response()
    } else {
        pages::PageError::NotFound.error_response()
    }
}

/// Headers on every response. The Content-Security-Policy allows only this site's own
/// scripts, styles, images and frames (no inline script or style), no plugins, and no framing
/// by other sites. Nothing is cached unless the response says so itself (the static assets
/// do): cases, notices, party PDFs and CSV exports carry personal data. With `hsts`, browsers
/// are told to use HTTPS only, for a year.
#[must_use]
pub fn security_headers(hsts: bool) -> actix_web::middleware::DefaultHeaders {
    let headers = actix_web::middleware::DefaultHeaders::new().add(("Cache-Control", "no-store"));
    let headers = if hsts {
        headers.add(("Strict-Transport-Security", "max-age=31536000"))
    } else {
        headers
    };
    headers
        .add((
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
             font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
             frame-src 'self'; frame-ancestors 'self'",
        ))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "SAMEORIGIN"))
        .add(("Referrer-Policy", "same-origin"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=(), payment=()",
        ))
}

/// The pages of the web interface.
/// The URL table of the pages, one line per address.
/// Long because it is read best whole.
fn page_routes(cfg: &mut web::ServiceConfig) {
    use pages::{
        account, appeals, assets, authorities, bulk_allocation, calculator, case, case_list,
        caseload, dashboard, emails, first_password, notice, register, saved_filters, see_other,
        staff, tokens,
    };
    cfg.route("/", web::get().to(|| async { see_other("/cases") }))
        .route("/assets/{path:.*}", web::get().to(assets::serve))
        .route("/sign-in", web::get().to(account::show))
        .route("/sign-in", web::post().to(account::submit))
        .route("/sign-out", web::post().to(account::sign_out))
        .route("/account", web::get().to(account::show_account))
        .route(
            pages::session::CHOOSE_PASSWORD_PATH,
            web::get().to(first_password::show),
        )
        .route(
            pages::session::CHOOSE_PASSWORD_PATH,
            web::post().to(first_password::submit),
        )
        .route(
            "/account/password",
            web::post().to(account::change_password),
        )
        .route(
            "/account/calendar",
            web::post().to(account::create_calendar),
        )
        .route(
            "/account/calendar/revoke",
            web::post().to(account::revoke_calendar),
        )
        .route("/account/tokens", web::post().to(tokens::create))
        .route(
            "/account/tokens/{id}/revoke",
            web::post().to(tokens::revoke),
        )
        .route("/calendar/{file}", web::get().to(account::calendar_feed))
        .route("/calculator", web::get().to(calculator::show))
        .route("/decisions", web::get().to(register::list))
        .route("/decisions.atom", web::get().to(register::exports::atom))
        .route("/decisions.csv", web::get().to(register::exports::csv))
        .route(
            "/decisions/csv-columns",
            web::get().to(register::exports::csv_columns),
        )
        // Before {reference}, which would otherwise match "….pdf".
        .route(
            "/decisions/{reference}.pdf",
            web::get().to(register::decision::pdf),
        )
        .route(
            "/decisions/{reference}",
            web::get().to(register::decision::show),
        )
        .route("/publication", web::get().to(register::manage::show))
        .route(
            "/publication/withhold",
            web::post().to(register::manage::withhold),
        )
        .route(
            "/publication/republish",
            web::post().to(register::manage::republish),
        )
        .route("/cases", web::get().to(case_list::list))
        .route("/cases/filters", web::post().to(saved_filters::save))
        .route(
            "/cases/filters/{id}/delete",
            web::get().to(saved_filters::confirm_delete),
        )
        .route(
            "/cases/filters/{id}/delete",
            web::post().to(saved_filters::delete),
        )
        .route("/cases/allocate", web::post().to(bulk_allocation::review))
        .route(
            "/cases/allocate/confirm",
            web::post().to(bulk_allocation::confirm),
        )
        .route("/cases/new", web::get().to(caseload::new_form))
        .route("/cases/new", web::post().to(caseload::create))
        .route("/cases/{reference}", web::get().to(case::show))
        .route("/appeals", web::get().to(appeals::list))
        .route("/appeals/{id}", web::get().to(appeals::show))
        .route("/appeals/{id}/events", web::post().to(appeals::record))
        // Its own body limit, which it applies as it reads the body: a document up to 20 MB
        // and the form's fields (appeals::PAGE_UPLOAD_LIMIT, issue 18).
        .route("/appeals/{id}/documents", web::post().to(appeals::upload))
        .route(
            "/appeals/{id}/stages/{event}/correct",
            web::get().to(appeals::correct_form),
        )
        .route(
            "/appeals/{id}/stages/{event}/correct",
            web::post().to(appeals::correct),
        )
        .route(
            "/cases/{reference}/appeals/new",
            web::get().to(appeals::new_form),
        )
        .route(
            "/cases/{reference}/appeals/new",
            web::post().to(appeals::create),
        )
        .route("/cases/{reference}/events", web::post().to(case::add_event))
        .route(
            "/cases/{reference}/record",
            web::get().to(case::edit_record_form),
        )
        .route(
            "/cases/{reference}/record",
            web::post().to(case::save_record),
        )
        .route("/cases/{reference}/notes", web::post().to(case::add_note))
        .route("/cases/{reference}/links", web::post().to(case::link))
        .route(
            "/cases/{reference}/links/remove",
            web::post().to(case::unlink),
        )
        .route(
            "/cases/{reference}/events/{id}/correct",
            web::post().to(case::correct_event),
        )
        .route(
            "/cases/{reference}/events/{id}/withdraw",
            web::get().to(case::confirm_withdrawal),
        )
        .route(
            "/cases/{reference}/events/{id}/withdraw",
            web::post().to(case::withdraw),
        )
        .route(
            "/cases/{reference}/allocation",
            web::post().to(case::allocate),
        )
        .route("/cases/{reference}/notice", web::get().to(notice::show))
        .route("/approvals", web::get().to(notice::approvals))
        .route("/notices/{token}", web::get().to(notice::download))
        .route("/cases/{reference}/notice.pdf", web::get().to(notice::pdf))
        .route(
            "/cases/{reference}/notice/diff",
            web::get().to(notice::diff),
        )
        .route(
            "/cases/{reference}/notice/draft",
            web::post().to(notice::draft),
        )
        .route(
            "/cases/{reference}/notice/edit",
            web::post().to(notice::edit),
        )
        .route(
            "/cases/{reference}/notice/autosave",
            web::post().to(notice::autosave),
        )
        .route(
            "/cases/{reference}/notice/restore",
            web::post().to(notice::restore),
        )
        .route(
            "/cases/{reference}/notice/issue",
            web::get().to(notice::confirm_issue),
        )
        .route(
            "/cases/{reference}/notice/delete",
            web::get().to(notice::confirm_delete),
        )
        .route(
            "/cases/{reference}/notice/delete",
            web::post().to(notice::delete),
        )
        .route(
            "/cases/{reference}/notice/action",
            web::post().to(notice::act),
        )
        .route("/authorities", web::get().to(authorities::list))
        .route("/authorities/new", web::get().to(authorities::new_form))
        .route("/authorities/new", web::post().to(authorities::create))
        .route("/authorities/{id}", web::get().to(authorities::edit_form))
        .route("/authorities/{id}", web::post().to(authorities::update))
        .route("/team", web::get().to(staff::team))
        .route("/stats", web::get().to(dashboard::show))
        .route("/library", web::get().to(staff::library_list))
        .route("/library/{key}", web::get().to(staff::library_entry))
        .route("/library/{key}", web::post().to(staff::library_save))
        .route("/users", web::get().to(staff::users_list))
        .route("/users", web::post().to(staff::users_add))
        .route("/users/{id}", web::post().to(staff::users_update))
        .route("/outbox", web::get().to(emails::list))
        .route("/outbox/{id}", web::get().to(emails::show))
        .route("/outbox/{id}/retry", web::post().to(emails::retry))
        .route("/reminders", web::get().to(emails::offsets))
        .route("/reminders", web::post().to(emails::save_offsets))
        .route("/opt-out/{token}", web::get().to(emails::opt_out_form))
        .route("/opt-out/{token}", web::post().to(emails::opt_out));
}

/// The whole URL table.
/// One line per address of the API.
/// Long because it is read best whole.
pub fn routes(cfg: &mut web::ServiceConfig) {
    let json = web::JsonConfig::default()
        .limit(MAX_BODY_BYTES)
        .error_handler(|err, _req| {
            let detail = match &err {
                actix_web::error::JsonPayloadError::OverflowKnownLength { .. }
                | actix_web::error::JsonPayloadError::Overflow { .. } => {
                    return ApiError::PayloadTooLarge(format!(
                        "The request body is larger than the limit of {} KiB; nothing was saved.",
                        MAX_BODY_BYTES / 1024
                    ))
                    .into();
                }
                actix_web::error::JsonPayloadError::ContentType => {
                    "send the body as application/json".to_owned()
                }
                other => format!("the request body is not valid JSON: {other}"),
            };
            ApiError::BadRequest(detail).into()
        });
    cfg.app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .app_data(json)
        .route("/healthz", web::get().to(health::healthz))
        .route("/metrics", web::get().to(metrics::metrics))
        .route("/stats/definitions", web::get().to(stats::definitions))
        .configure(page_routes)
        .service(
            web::scope("/api/v1")
                .route("/openapi.json", web::get().to(openapi::document))
                .route("/timeline", web::post().to(timeline::evaluate_timeline))
                .route("/me", web::get().to(api::me))
                .route("/authorities", web::get().to(api::list_authorities))
                .route("/authorities", web::post().to(api::create_authority))
                .route("/authorities/{id}", web::get().to(api::show_authority))
                .route("/authorities/{id}", web::put().to(api::update_authority))
                .route("/decisions", web::get().to(api::register::list))
                .route("/decisions/{reference}", web::get().to(api::register::show))
                .route("/cases", web::get().to(api::list_cases))
                .route("/cases", web::post().to(api::create_case))
                .route("/cases/{reference}", web::get().to(api::show_case))
                .route(
                    "/cases/{reference}",
                    web::patch().to(api::case_record::edit_record),
                )
                .route(
                    "/cases/{reference}/notes",
                    web::post().to(api::case_record::add_note),
                )
                .route(
                    "/cases/{reference}/links",
                    web::post().to(api::case_record::link),
                )
                .route(
                    "/cases/{reference}/links/{other}",
                    web::delete().to(api::case_record::unlink),
                )
                .route(
                    "/cases/{reference}/events",
                    web::post().to(api::record_event),
                )
                .route(
                    "/cases/{reference}/events/{id}/corrections",
                    web::post().to(api::correct_event),
                )
                .route(
                    "/cases/{reference}/allocation",
                    web::post().to(api::allocate),
                )
                .route(
                    "/cases/{reference}/appeals",
                    web::post().to(api::appeals::open_appeal),
                )
                .route("/appeals", web::get().to(api::appeals::list_appeals))
                .route("/appeals/{id}", web::get().to(api::appeals::show_appeal))
                .route(
                    "/appeals/{id}/events",
                    web::post().to(api::appeals::appeal_event),
                )
                // Its own body limit: documents up to 20 MB (issue 18).
                .service(
                    web::resource("/appeals/{id}/documents")
                        .app_data(web::PayloadConfig::new(
                            crate::domain::appeal::documents::MAX_BYTES,
                        ))
                        .route(web::post().to(api::appeals::upload_document)),
                )
                .route(
                    "/appeals/{id}/documents/{document}",
                    web::get().to(api::appeals::download_document),
                )
                .route("/cases/{reference}/notice", web::get().to(notices::show))
                .route("/cases/{reference}/notice", web::put().to(notices::save))
                .route("/cases/{reference}/notice.pdf", web::get().to(notices::pdf))
                .route(
                    "/cases/{reference}/notice/diff",
                    web::get().to(notices::compare),
                )
                .route(
                    "/cases/{reference}/notice/generate",
                    web::post().to(notices::generate),
                )
                // Before {action}, which would otherwise match them.
                .route(
                    "/cases/{reference}/notice/issue-correction",
                    web::post().to(notices::correct_issue),
                )
                .route(
                    "/cases/{reference}/notice/paragraph",
                    web::post().to(notices::library_paragraph),
                )
                .route(
                    "/cases/{reference}/notice/{action}",
                    web::post().to(notices::act),
                )
                .route("/stats/timeliness", web::get().to(stats::timeliness))
                .route("/stats/monitoring", web::get().to(stats::monitoring))
                .route("/stats/lateness", web::get().to(stats::lateness))
                .route("/stats/reviews", web::get().to(stats::reviews))
                .route("/stats/stages", web::get().to(stats::stages))
                .route("/stats/outcomes", web::get().to(stats::outcomes))
                .route("/stats/workload", web::get().to(stats::workload))
                .route("/stats/appeals", web::get().to(stats::appeals))
                .route("/stats/charts/{name}", web::get().to(stats::chart))
                .route("/library", web::get().to(notices::paragraphs))
                .route("/library/{key}", web::put().to(notices::edit_entry)),
        )
        .default_service(web::to(not_found));
}

/// Starts the service on an already bound listener (port 0 in tests).
///
/// # Errors
/// When the listener cannot be used.
pub fn start(
    listener: TcpListener,
    state: AppState,
    workers: Option<usize>,
) -> std::io::Result<Server> {
    let hsts = state.hsts;
    let data = web::Data::new(state);
    pages::warm_up().map_err(std::io::Error::other)?;
    let mut server = HttpServer::new(move || {
        App::new()
            .wrap(actix_web::middleware::from_fn(edge::edge))
            .wrap(security_headers(hsts))
            .wrap(actix_web::middleware::from_fn(metrics::observe))
            .app_data(data.clone())
            .configure(routes)
    })
    // Graceful shutdown: finish requests in flight for up to 10 s on SIGTERM/SIGINT.
    .shutdown_timeout(10);
    if let Some(n) = workers {
        server = server.workers(n);
    }
    Ok(server.listen(listener)?.run())
}
