//! Typed settings, loaded once from flags and `SECTION50_*` environment variables and passed
//! down; nothing reads the environment after start-up. [`Settings`] is what
//! [`crate::startup::Application::build`] starts the service from.

use crate::clock::Clock;
use crate::domain::calendar::Proclamation;
use crate::domain::notice::draft::RegulatorDetails;
use crate::domain::settings::ClockSettings;
use crate::mail::MailSettings;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything the web service needs, read once at start-up (by `section50 serve` from its
/// flags and `SECTION50_*` variables, or by a test) and passed down.
///
/// Not `Debug`: the SMTP URL and the metrics token may hold secrets.
#[derive(Clone)]
pub struct Settings {
    /// The database (`--database-url`).
    pub database: DatabaseUrl,
    /// Connections in the pool (`--pool-size`; SQLite caps it at 8).
    pub pool_size: u32,
    /// Address to listen on (`--bind`); port 0 picks a free port.
    pub bind: String,
    /// HTTP worker threads; `None` is one per core (actix's default).
    pub http_workers: Option<usize>,
    /// Where "today" comes from: the system clock, or a fixed instant in tests.
    pub clock: Clock,
    /// Deadline settings (defaults plus extra proclaimed days).
    pub clock_settings: ClockSettings,
    /// The regulator's and tribunal's details used in notices (`--regulator`).
    pub regulator: RegulatorDetails,
    /// Email sender, contact, links and attempts.
    pub mail: MailSettings,
    /// The SMTP server (`--smtp-url`); without it emails are `.eml` files in `outbox_dir`.
    pub smtp_url: Option<String>,
    /// Where emails are written when there is no SMTP server (`--outbox-dir`).
    pub outbox_dir: PathBuf,
    /// How often this instance runs the scheduler; `None` turns it off
    /// (`--scheduler-interval 0`).
    pub scheduler_interval: Option<Duration>,
    /// When set, `/metrics` requires it as a bearer token (`--metrics-token`).
    pub metrics_token: Option<String>,
    /// Mark cookies `Secure` on every request, not only those that came over TLS
    /// (`--secure-cookies`, for a proxy that terminates TLS without saying so).
    pub secure_cookies: bool,
    /// Send `Strict-Transport-Security` (`--hsts`): only for a deployment served over HTTPS.
    pub hsts: bool,
    /// Proxies whose `X-Forwarded-Proto` is believed (`--trusted-proxy`); from anyone else the
    /// header is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Load the typesetter's fonts at start-up rather than on the first PDF.
    pub warm_up_pdf: bool,
    /// How long a new API token lasts unless its owner chooses otherwise (`--token-days`).
    pub token_lifetime: crate::domain::staff::TokenLifetime,
}

impl Settings {
    /// The defaults of `section50 serve` for a database, as if no other flag were given.
    #[must_use]
    pub fn new(database: DatabaseUrl) -> Self {
        Settings {
            database,
            pool_size: 8,
            bind: "127.0.0.1:8080".to_owned(),
            http_workers: None,
            clock: Clock::System,
            clock_settings: ClockSettings::default(),
            regulator: RegulatorDetails::default(),
            mail: MailSettings::default(),
            smtp_url: None,
            outbox_dir: PathBuf::from("data/outbox"),
            scheduler_interval: Some(Duration::from_secs(60)),
            metrics_token: None,
            secure_cookies: false,
            hsts: false,
            trusted_proxies: Vec::new(),
            warm_up_pdf: true,
            token_lifetime: crate::domain::staff::TokenLifetime::DEFAULT,
        }
    }
}

/// Which database a URL names, chosen by its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path/to/file.db` (the embedded default).
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

/// A database URL as it may be shown or logged: the password, if any, replaced by `***`
/// (`postgres://app:secret@db/s50` → `postgres://app:***@db/s50`).
#[must_use]
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, None), |(a, p)| (a, Some(p)));
    let shown = match authority.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => authority.to_owned(),
        },
        None => authority.to_owned(),
    };
    match path {
        Some(p) => format!("{scheme}://{shown}/{p}"),
        None => format!("{scheme}://{shown}"),
    }
}

#[cfg(test)]
mod redaction_tests {
    use super::redacted;

    #[test]
    fn a_database_url_is_shown_without_its_password() {
        for (url, shown) in [
            (
                "postgres://app:s3cr%40t@db.internal:5432/s50",
                "postgres://app:***@db.internal:5432/s50",
            ),
            ("postgres://app@db/s50", "postgres://app@db/s50"),
            ("postgresql://u:p@h", "postgresql://u:***@h"),
            ("sqlite://data/section50.db", "sqlite://data/section50.db"),
            ("data/section50.db", "data/section50.db"),
        ] {
            assert_eq!(redacted(url), shown, "{url}");
        }
    }
}

impl DatabaseUrl {
    /// Parses a database URL by scheme.
    ///
    /// # Errors
    /// A message naming the accepted schemes when the scheme is unknown.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("SECTION50_DATABASE_URL: sqlite:// needs a file path, e.g. sqlite://data/section50.db".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            Err(format!(
                "SECTION50_DATABASE_URL: unsupported database URL scheme in \"{}\": use sqlite://FILE or postgres://USER@HOST/DB",
                url.split("://").next().unwrap_or(url)
            ))
        }
    }
}

/// Reads a JSON list of proclamations added by the deployment (a newly proclaimed bank holiday
/// takes effect without a rebuild).
///
/// # Errors
/// When the file cannot be read or is not a list of proclamations.
pub fn load_extra_holidays(path: &Path) -> anyhow::Result<Vec<Proclamation>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read extra holidays file {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "extra holidays file {} is not a list of proclamations: {e}",
            path.display()
        )
    })
}

/// The deadline settings of this deployment: defaults plus any extra proclaimed days.
///
/// # Errors
/// When the extra holidays file is given and unreadable.
pub fn clock_settings(extra_holidays: Option<&Path>) -> anyhow::Result<ClockSettings> {
    let mut settings = ClockSettings::default();
    if let Some(path) = extra_holidays {
        settings.extra_holidays = load_extra_holidays(path)?;
    }
    Ok(settings)
}

/// Reads the regulator's details for notices from a JSON file (`--regulator`); without one,
/// the built-in details.
///
/// # Errors
/// When the file cannot be read or is not a regulator details file.
pub fn load_regulator(path: Option<&Path>) -> anyhow::Result<RegulatorDetails> {
    let Some(path) = path else {
        return Ok(RegulatorDetails::default());
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{} is not a regulator details file: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_choose_the_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("data/x.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@127.0.0.1/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        let err = DatabaseUrl::parse("mysql://x").unwrap_err();
        assert!(err.contains("unsupported database URL scheme"), "{err}");
    }
}
