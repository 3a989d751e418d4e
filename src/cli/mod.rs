//! The `section50` commands, one module each; `main` only parses and dispatches. Each command
//! takes its clap arguments and the [`Common`] start-up values, and returns an [`Outcome`] so
//! `main` maps bad input to exit code 2 in one place. The arguments shared by several commands
//! ([`DbArgs`], [`MailArgs`]) are defined here once and flattened into each.

pub mod authorities;
pub mod backup;
pub mod cases;
pub mod csv_import;
pub mod decisions;
pub mod demo;
pub mod holidays;
pub mod lateness;
pub mod migrate;
pub mod recompute;
pub mod remind;
pub mod render;
pub mod serve;
pub mod stats;
pub mod timeline;
pub mod user;

use crate::clock::Clock;
use crate::config::DatabaseUrl;
use crate::db::Pool;
use crate::domain::settings::ClockSettings;
use crate::mail::{MailSettings, Transport};
use std::path::PathBuf;

/// How a command ended.
#[derive(Debug)]
pub enum Outcome {
    /// Success.
    Done,
    /// The user's input was refused; the message is for them (exit code 2).
    BadInput(String),
}

/// The process's exit code for how a command ended: 0 done, 2 refused input (its message on
/// standard error), 1 any other failure (its cause chain on standard error).
#[must_use]
pub fn exit_code(result: anyhow::Result<Outcome>) -> std::process::ExitCode {
    match result {
        Ok(Outcome::Done) => std::process::ExitCode::SUCCESS,
        Ok(Outcome::BadInput(message)) => {
            eprintln!("{message}");
            std::process::ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("section50: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// What every command is given, read once at start-up.
pub struct Common {
    /// Where "today" comes from (the system clock).
    pub clock: Clock,
    /// Deadline settings: defaults plus `--extra-holidays`.
    pub settings: ClockSettings,
}

/// The database a command works on.
#[derive(clap::Args, Debug, Clone)]
pub struct DbArgs {
    /// Database: sqlite://FILE or postgres://USER@HOST/DB.
    // Global so that `user --database-url X add …` and `user add … --database-url X` both work.
    #[arg(
        long,
        env = "SECTION50_DATABASE_URL",
        // --help would print the URL from the environment, password and all.
        hide_env_values = true,
        default_value = DbArgs::DEFAULT_URL,
        global = true
    )]
    pub database_url: String,
}

impl DbArgs {
    /// The SQLite file used when no database is named.
    pub const DEFAULT_URL: &str = "sqlite://data/section50.db";

    /// The URL, parsed by scheme.
    ///
    /// # Errors
    /// An unknown scheme or an empty SQLite path.
    pub fn url(&self) -> anyhow::Result<DatabaseUrl> {
        DatabaseUrl::parse(&self.database_url).map_err(anyhow::Error::msg)
    }

    /// Opens (creating and migrating) the database with `size` connections.
    ///
    /// # Errors
    /// A bad URL, no connection, or a failed migration.
    pub fn open(&self, size: u32) -> anyhow::Result<Pool> {
        crate::startup::open_database(&self.url()?, size)
    }
}

/// Email settings shared by `serve` and `remind`.
#[derive(clap::Args, Debug, Clone)]
pub struct MailArgs {
    /// SMTP server: smtp://host:25, smtp://user:pass@host:587?tls=required (STARTTLS) or
    /// smtps://user:pass@host:465. Without it, emails are written as .eml files to --outbox-dir.
    #[arg(long, env = "SECTION50_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Where emails are written when there is no SMTP server.
    #[arg(long, env = "SECTION50_OUTBOX_DIR", default_value = "data/outbox")]
    pub outbox_dir: PathBuf,
    /// The sender of every email.
    #[arg(
        long,
        env = "SECTION50_MAIL_FROM",
        default_value = "section50 casework <casework@section50.invalid>"
    )]
    pub mail_from: String,
    /// The address parties are told to write to.
    #[arg(
        long,
        env = "SECTION50_CONTACT_EMAIL",
        default_value = "casework@section50.invalid"
    )]
    pub contact_email: String,
    /// This service's public address, for links in emails and the register's absolute links
    /// (JSON, CSV, Atom). `serve` takes its `--bind` address when none is given; the other
    /// commands `http://127.0.0.1:8080`.
    #[arg(long, env = "SECTION50_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Delivery attempts before a message is marked failed.
    #[arg(long, env = "SECTION50_MAIL_ATTEMPTS", default_value_t = 8)]
    pub mail_attempts: i32,
}

impl MailArgs {
    /// The sender, contact, link and attempt settings.
    #[must_use]
    pub fn settings(&self) -> MailSettings {
        MailSettings {
            from: self.mail_from.clone(),
            contact: self.contact_email.clone(),
            public_url: self
                .public_url
                .as_deref()
                .unwrap_or("http://127.0.0.1:8080")
                .trim_end_matches('/')
                .to_owned(),
            max_attempts: self.mail_attempts.max(1),
        }
    }

    /// The transport: the SMTP server, or files in the outbox folder.
    ///
    /// # Errors
    /// An SMTP URL that cannot be read, or a folder that cannot be made.
    pub fn transport(&self) -> anyhow::Result<Transport> {
        Transport::from_settings(self.smtp_url.as_deref(), self.outbox_dir.clone())
            .map_err(anyhow::Error::msg)
    }
}

/// Reads a file, or standard input for `-`.
///
/// # Errors
/// When it cannot be read.
pub fn read_input(path: &std::path::Path) -> anyhow::Result<String> {
    use anyhow::Context as _;
    if path.as_os_str() == "-" {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut s)?;
        Ok(s)
    } else {
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
    }
}
