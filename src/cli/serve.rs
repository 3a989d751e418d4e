//! `section50 serve`: reads the service's [`Settings`] from flags and `SECTION50_*` variables
//! once, sets up logging, and runs [`Application`].

use super::{Common, DbArgs, MailArgs, Outcome};
use crate::config::{self, Settings};
use crate::domain::staff::TokenLifetime;
use crate::startup::Application;
use std::path::PathBuf;
use std::time::Duration;

/// How log lines are written.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    /// Lines for people.
    #[default]
    Text,
    /// Structured JSON for log collectors.
    Json,
}

/// The address a service bound to `bind` answers at: `http://` and the address, with a
/// wildcard host (`0.0.0.0`, `[::]`) read as this machine.
fn address_of(bind: &str) -> String {
    let local = bind
        .strip_prefix("0.0.0.0:")
        .or_else(|| bind.strip_prefix("[::]:"))
        .map(|port| format!("127.0.0.1:{port}"));
    format!("http://{}", local.as_deref().unwrap_or(bind))
}

/// The flags of `serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, env = "SECTION50_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Database connections in the pool.
    #[arg(long, env = "SECTION50_POOL_SIZE", default_value_t = 8)]
    pub pool_size: u32,
    /// A JSON file with the regulator's name, address and the tribunal's details for notices.
    #[arg(long, env = "SECTION50_REGULATOR")]
    pub regulator: Option<PathBuf>,
    /// Seconds between the scheduler's passes (reminders queued, outbox sent); 0 turns the
    /// scheduler off in this instance.
    #[arg(long, env = "SECTION50_SCHEDULER_INTERVAL", default_value_t = 60)]
    pub scheduler_interval: u64,
    /// When set, /metrics requires it as a bearer token.
    #[arg(long, env = "SECTION50_METRICS_TOKEN", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Mark cookies Secure on every request, not only on those that came over TLS (1/true).
    #[arg(
        long,
        env = "SECTION50_SECURE_COOKIES",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub secure_cookies: bool,
    /// Days a new API token lasts unless its owner chooses otherwise (1 to 366).
    #[arg(long, env = "SECTION50_TOKEN_DAYS", default_value_t = TokenLifetime::DEFAULT.get())]
    pub token_days: u32,
    /// Send Strict-Transport-Security (one year): only when the service is reached over HTTPS.
    #[arg(
        long,
        env = "SECTION50_HSTS",
        value_parser = clap::builder::FalseyValueParser::new()
    )]
    pub hsts: bool,
    /// The address of a proxy whose X-Forwarded-Proto header is believed (repeat, or
    /// comma-separated); the header is ignored from anyone else.
    #[arg(
        long = "trusted-proxy",
        env = "SECTION50_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Log lines as text (for people) or json (for collectors); each carries its request id.
    #[arg(
        long,
        env = "SECTION50_LOG_FORMAT",
        value_enum,
        ignore_case = true,
        hide_possible_values = true,
        default_value_t
    )]
    pub log_format: LogFormat,
    /// Email settings.
    #[command(flatten)]
    pub mail: MailArgs,
}

impl Args {
    /// The settings these flags describe.
    ///
    /// # Errors
    /// A bad database URL or an unreadable regulator details file.
    pub fn settings(&self, common: &Common) -> anyhow::Result<Settings> {
        let mut settings = Settings::new(self.db.url()?);
        settings.pool_size = self.pool_size;
        settings.bind.clone_from(&self.bind);
        settings.clock = common.clock;
        settings.clock_settings = common.settings.clone();
        settings.regulator = config::load_regulator(self.regulator.as_deref())?;
        settings.mail = self.mail.settings();
        if self.mail.public_url.is_none() {
            settings.mail.public_url = address_of(&self.bind);
        }
        settings.smtp_url.clone_from(&self.mail.smtp_url);
        settings.outbox_dir.clone_from(&self.mail.outbox_dir);
        settings.scheduler_interval =
            Some(Duration::from_secs(self.scheduler_interval)).filter(|i| !i.is_zero());
        settings.metrics_token = self.metrics_token.clone().filter(|t| !t.is_empty());
        settings.secure_cookies = self.secure_cookies;
        settings.token_lifetime = TokenLifetime::days(self.token_days)
            .map_err(|m| anyhow::anyhow!("--token-days / SECTION50_TOKEN_DAYS: {m}"))?;
        settings.hsts = self.hsts;
        settings.trusted_proxies.clone_from(&self.trusted_proxies);
        Ok(settings)
    }
}

/// Runs the service until it is stopped.
///
/// # Errors
/// Bad settings, or a service that cannot start.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let settings = args.settings(common)?;
    init_logging(args.log_format);
    let app = Application::build(settings)?;
    if let Some((worker, interval)) = app.scheduler() {
        println!(
            "The scheduler runs every {} s; emails go to {}.",
            interval.as_secs(),
            worker.transport.describe()
        );
    }
    println!(
        "section50 is listening on http://{} (database {})",
        app.address(),
        crate::config::redacted(&args.db.database_url)
    );
    // Only a fresh install needs telling how to make its first account.
    let accounts = app
        .state()
        .pool
        .get()
        .ok()
        .and_then(|mut conn| crate::db::users::list(&mut conn).ok())
        .map_or(0, |u| u.len());
    if accounts == 0 {
        println!("There are no accounts yet. Create the first one with:");
        println!(
            "  cargo run --release -- user add --email you@example.org --name \"Your Name\" --role admin --token"
        );
    }
    app.run()?;
    Ok(Outcome::Done)
}

/// Structured JSON logs for collectors, lines for people otherwise. Either way a request's
/// lines carry its request id, never personal data.
fn init_logging(format: LogFormat) {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    match format {
        LogFormat::Json => tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .init(),
        LogFormat::Text => tracing_subscriber::fmt().with_env_filter(filter).init(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Serve {
        #[command(flatten)]
        args: Args,
    }

    fn settings(flags: &[&str]) -> Settings {
        let args = Serve::try_parse_from(std::iter::once("serve").chain(flags.iter().copied()))
            .unwrap()
            .args;
        let common = Common {
            clock: crate::clock::Clock::System,
            settings: crate::domain::settings::ClockSettings::default(),
        };
        args.settings(&common).unwrap()
    }

    #[test]
    fn flags_become_the_settings_the_service_starts_from() {
        // Each line: flags given, and the setting they must produce.
        let zero = settings(&["--scheduler-interval", "0"]);
        assert_eq!(zero.scheduler_interval, None); // 0 turns the scheduler off
        let ten = settings(&["--scheduler-interval", "10"]);
        assert_eq!(ten.scheduler_interval, Some(Duration::from_secs(10)));
        let empty = settings(&["--metrics-token", ""]);
        assert_eq!(empty.metrics_token, None); // an empty token guards nothing
        let token = settings(&["--metrics-token", "t0ken"]);
        assert_eq!(token.metrics_token.as_deref(), Some("t0ken"));
        assert!(settings(&["--secure-cookies"]).secure_cookies);
        let url = settings(&["--public-url", "https://casework.example.org/"]);
        assert_eq!(url.mail.public_url, "https://casework.example.org"); // links add the slash
        let bound = settings(&["--bind", "127.0.0.1:18300"]);
        assert_eq!(bound.mail.public_url, "http://127.0.0.1:18300"); // links reach this server
        let everywhere = settings(&["--bind", "0.0.0.0:9000"]);
        assert_eq!(everywhere.mail.public_url, "http://127.0.0.1:9000");
        let both = settings(&["--bind", "127.0.0.1:1", "--public-url", "https://x.example"]);
        assert_eq!(both.mail.public_url, "https://x.example"); // the public address wins
        let attempts = settings(&["--mail-attempts", "0"]);
        assert_eq!(attempts.mail.max_attempts, 1); // at least one delivery attempt
        let pg = settings(&["--database-url", "postgres://u@127.0.0.1/db"]);
        assert!(matches!(
            pg.database,
            crate::config::DatabaseUrl::Postgres(_)
        ));
    }

    #[test]
    fn a_log_format_other_than_text_or_json_is_refused_at_start_up() {
        assert!(Serve::try_parse_from(["serve", "--log-format", "JSON"]).is_ok());
        assert!(Serve::try_parse_from(["serve", "--log-format", "pretty"]).is_err());
    }
}
