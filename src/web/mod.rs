//! The actix-web service: shared state, the URL table ([`routes`]) used by `main` and the
//! tests, and the server start-up.

pub mod error;
pub mod health;
pub mod timeline;

use crate::clock::Clock;
use crate::domain::settings::ClockSettings;
use actix_web::{App, HttpServer, dev::Server, web};
use std::net::TcpListener;

/// Largest request body accepted (bytes): a timeline or a case is a few kilobytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// What every handler may use: settings loaded once, the clock and (later) the database.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Where "today" comes from.
    pub clock: Clock,
    /// The deployment's deadline settings (defaults plus extra proclaimed days).
    pub clock_settings: ClockSettings,
}

/// The whole URL table.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .route("/healthz", web::get().to(health::healthz))
        .route("/api/v1/timeline", web::post().to(timeline::evaluate_timeline));
}

/// Starts the service on an already bound listener (port 0 in tests).
///
/// # Errors
/// When the listener cannot be used.
pub fn start(listener: TcpListener, state: AppState) -> std::io::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || App::new().app_data(data.clone()).configure(routes))
        .listen(listener)?
        .shutdown_timeout(10)
        .run();
    Ok(server)
}
