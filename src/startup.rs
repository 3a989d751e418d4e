//! Start-up in one place: from typed [`Settings`], [`Application::build`] opens and migrates
//! the database, builds the shared state and the scheduler's worker, and binds the listener;
//! `section50 serve` and the integration tests both start the service through it, so the
//! tests run what production runs.

use crate::config::{DatabaseUrl, Settings};
use crate::db::{self, Pool};
use crate::web::{self, AppState};
use crate::worker::Worker;
use anyhow::Context as _;
use std::net::{SocketAddr, TcpListener};
use std::time::Duration;

/// Opens (creating and migrating) the database a URL names, with `size` connections.
///
/// # Errors
/// When no connection can be made or a migration fails.
pub fn open_database(url: &DatabaseUrl, size: u32) -> anyhow::Result<Pool> {
    let pool = db::pool(url, size)?;
    let mut conn = pool.get().context("cannot open the database")?;
    db::migrate(&mut conn)?;
    Ok(pool)
}

/// The service, built and bound but not yet serving: its address is known (port 0 resolved)
/// before [`Application::run`] starts taking requests.
pub struct Application {
    address: SocketAddr,
    listener: TcpListener,
    state: AppState,
    scheduler: Option<(Worker, Duration)>,
    http_workers: Option<usize>,
    warm_up_pdf: bool,
}

impl Application {
    /// Opens and migrates the database, builds the state and (when the scheduler is on) its
    /// worker, and binds the listener.
    ///
    /// # Errors
    /// The database cannot be opened or migrated, the email transport cannot be set up, or
    /// the address cannot be bound.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = open_database(&settings.database, settings.pool_size)?;
        let scheduler = match settings.scheduler_interval {
            Some(interval) if !interval.is_zero() => {
                Some((Worker::from_settings(&settings, pool.clone())?, interval))
            }
            _ => None,
        };
        let listener = TcpListener::bind(&settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let address = listener.local_addr()?;
        Ok(Application {
            address,
            listener,
            state: AppState::from_settings(&settings, pool),
            scheduler,
            http_workers: settings.http_workers,
            warm_up_pdf: settings.warm_up_pdf,
        })
    }

    /// The address bound.
    #[must_use]
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port bound (the one chosen when the settings asked for port 0).
    #[must_use]
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// The state handlers will share (its pool, for work before serving, e.g. a test's
    /// accounts).
    #[must_use]
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The scheduler's worker and interval, when this instance runs the scheduler.
    #[must_use]
    pub fn scheduler(&self) -> Option<(&Worker, Duration)> {
        self.scheduler.as_ref().map(|(w, i)| (w, *i))
    }

    /// Starts the scheduler (when on) and serves until the server stops: on SIGINT/SIGTERM,
    /// after finishing the requests in flight. Runs inside an actix system or a tokio
    /// runtime.
    ///
    /// # Errors
    /// When the page templates do not parse or the listener cannot be used.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        if self.warm_up_pdf {
            crate::pdf::warm_up();
        }
        if let Some((worker, interval)) = self.scheduler {
            // Detached: it lives as long as the process and holds no request.
            let _scheduler = worker.spawn(interval);
        }
        web::start(self.listener, self.state, self.http_workers)?.await
    }

    /// [`Application::run_until_stopped`] on an actix system of its own, blocking this
    /// thread.
    ///
    /// # Errors
    /// As [`Application::run_until_stopped`].
    pub fn run(self) -> std::io::Result<()> {
        actix_web::rt::System::new().block_on(self.run_until_stopped())
    }

    /// [`Application::run`] on a thread of its own (the tests' server); the thread ends when
    /// the server stops.
    #[must_use]
    pub fn spawn(self) -> std::thread::JoinHandle<std::io::Result<()>> {
        std::thread::spawn(move || self.run())
    }
}
