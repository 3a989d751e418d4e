//! The `section50` command: runs the service and the engine's command-line front doors.

use anyhow::Context;
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use section50::cli::{self, Outcome};
use section50::clock::Clock;
use section50::config;
use section50::domain::regime::Regime;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "section50",
    version,
    about = "Casework system of a UK information-rights regulator"
)]
struct Cli {
    /// A JSON file of bank holidays proclaimed after this build (a list of proclamations).
    #[arg(long, env = "SECTION50_EXTRA_HOLIDAYS", global = true)]
    extra_holidays: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

const DEFAULT_DATABASE_URL: &str = "sqlite://data/section50.db";

#[derive(Subcommand)]
enum UserAction {
    /// Add a member of staff; prints a one-time password (and an API token with --token).
    Add {
        /// Their email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// officer, manager or admin.
        #[arg(long)]
        role: String,
        /// Also issue an API token.
        #[arg(long)]
        token: bool,
    },
    /// Issue a new API token for an existing user.
    Token {
        /// Their email address.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "issued from the command line")]
        label: String,
    },
}

/// Email settings shared by `serve` and `remind`.
#[derive(clap::Args, Clone)]
struct MailArgs {
    /// SMTP server: smtp://host:25, smtp://user:pass@host:587?tls=required (STARTTLS) or
    /// smtps://user:pass@host:465. Without it, emails are written as .eml files to --outbox-dir.
    #[arg(long, env = "SECTION50_SMTP_URL")]
    smtp_url: Option<String>,
    /// Where emails are written when there is no SMTP server.
    #[arg(long, env = "SECTION50_OUTBOX_DIR", default_value = "data/outbox")]
    outbox_dir: PathBuf,
    /// The sender of every email.
    #[arg(
        long,
        env = "SECTION50_MAIL_FROM",
        default_value = "section50 casework <casework@section50.invalid>"
    )]
    mail_from: String,
    /// The address parties are told to write to.
    #[arg(
        long,
        env = "SECTION50_CONTACT_EMAIL",
        default_value = "casework@section50.invalid"
    )]
    contact_email: String,
    /// This service's address, for links in emails.
    #[arg(
        long,
        env = "SECTION50_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080"
    )]
    public_url: String,
    /// Delivery attempts before a message is marked failed.
    #[arg(long, env = "SECTION50_MAIL_ATTEMPTS", default_value_t = 8)]
    mail_attempts: i32,
}

impl MailArgs {
    fn settings(&self) -> section50::mail::MailSettings {
        section50::mail::MailSettings {
            from: self.mail_from.clone(),
            contact: self.contact_email.clone(),
            public_url: self.public_url.trim_end_matches('/').to_owned(),
            max_attempts: self.mail_attempts.max(1),
        }
    }

    fn transport(&self) -> anyhow::Result<section50::mail::Transport> {
        section50::mail::Transport::from_settings(self.smtp_url.as_deref(), self.outbox_dir.clone())
            .map_err(anyhow::Error::msg)
    }
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service (migrates the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "SECTION50_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// Database connections in the pool.
        #[arg(long, env = "SECTION50_POOL_SIZE", default_value_t = 8)]
        pool_size: u32,
        /// A JSON file with the regulator's name, address and the tribunal's details for notices.
        #[arg(long, env = "SECTION50_REGULATOR")]
        regulator: Option<PathBuf>,
        /// Seconds between the scheduler's passes (reminders queued, outbox sent); 0 turns the
        /// scheduler off in this instance.
        #[arg(long, env = "SECTION50_SCHEDULER_INTERVAL", default_value_t = 60)]
        scheduler_interval: u64,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Write a consistent copy of the SQLite database while the service runs.
    Backup {
        /// Database: sqlite://FILE (PostgreSQL: use pg_dump).
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// The new backup file (must not exist).
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the SQLite database with a backup (stop the service first).
    Restore {
        /// Database: sqlite://FILE.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// The backup to restore.
        #[arg(long)]
        from: PathBuf,
    },
    /// One pass of the scheduler: queue today's reminders, then send the outbox (for cron).
    Remind {
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// Plan as on this day instead of today (Europe/London).
        #[arg(long)]
        as_of: Option<NaiveDate>,
        /// Show what would be queued; queue and send nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        mail: MailArgs,
    },
    /// Create or upgrade the database schema.
    Migrate {
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
    },
    /// Recompute the deadlines of every open case with the current bank holidays (run after
    /// adding a proclaimed day with --extra-holidays).
    Recompute {
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
    },
    /// Manage staff accounts.
    User {
        #[command(subcommand)]
        action: UserAction,
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
        database_url: String,
    },
    /// Load demonstration data: a small realistic set (with the seed case), or N synthetic cases.
    Demo {
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// Generate this many synthetic cases instead of the small set.
        #[arg(long)]
        cases: Option<u32>,
        /// Random seed for synthetic cases (the same seed gives the same data).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Evaluate a timeline (JSON on standard input) and print every deadline as JSON.
    Timeline {
        /// The day statuses are evaluated on (default: today in the UK).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
    /// List the bank holidays of a year.
    Holidays {
        /// The year (1971–2100).
        #[arg(long)]
        year: i32,
        /// england-and-wales, scotland, northern-ireland or uk-union (FOIA and EIR).
        #[arg(long, default_value = "uk-union")]
        division: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print delay statistics: authority timeliness for requests received in a date range.
    Stats {
        /// Database: sqlite://FILE or postgres://USER@HOST/DB.
        #[arg(long, env = "SECTION50_DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
        database_url: String,
        /// First day of receipt.
        #[arg(long)]
        from: NaiveDate,
        /// Last day of receipt.
        #[arg(long)]
        to: NaiveDate,
        /// authority, sector, regime, officer, month or quarter.
        #[arg(long, default_value = "authority")]
        by: String,
        /// csv or json.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Smallest group to rate.
        #[arg(long, default_value_t = 20)]
        min: i64,
    },
    /// Typeset a decision notice (notice JSON) to PDF, without a database.
    Render {
        /// The notice JSON ("-" for standard input).
        #[arg(long)]
        input: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long)]
        output: PathBuf,
        /// Render as issued (no DRAFT watermark).
        #[arg(long)]
        issued: bool,
    },
    /// Add due dates and lateness to an authority's request log (CSV: reference,received,responded).
    Lateness {
        /// The log to read ("-" for standard input).
        #[arg(long)]
        input: PathBuf,
        /// Where to write the result (default: standard output).
        #[arg(long)]
        output: Option<PathBuf>,
        /// The regime the requests were made under.
        #[arg(long, default_value = "foia")]
        regime: String,
        /// The day unanswered requests are evaluated on (default: today in the UK).
        #[arg(long)]
        as_of: Option<NaiveDate>,
    },
}

fn main() -> ExitCode {
    match run() {
        Ok(Outcome::Done) => ExitCode::SUCCESS,
        Ok(Outcome::BadInput(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("section50: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<Outcome> {
    let cli = Cli::parse();
    let clock = Clock::System;
    let settings = config::clock_settings(cli.extra_holidays.as_deref())?;
    match cli.command {
        Command::Serve {
            bind,
            database_url,
            pool_size,
            regulator,
            scheduler_interval,
            mail,
        } => {
            let regulator = match regulator {
                None => section50::domain::notice_draft::RegulatorDetails::default(),
                Some(path) => {
                    let text = std::fs::read_to_string(&path)
                        .with_context(|| format!("cannot read {}", path.display()))?;
                    serde_json::from_str(&text).with_context(|| {
                        format!("{} is not a regulator details file", path.display())
                    })?
                }
            };
            serve(
                &bind,
                &database_url,
                pool_size,
                clock,
                settings,
                regulator,
                &mail,
                scheduler_interval,
            )
        }
        Command::Remind {
            database_url,
            as_of,
            dry_run,
            mail,
        } => remind(&database_url, clock, settings, &mail, as_of, dry_run),
        Command::Backup { database_url, to } => {
            let pool = open_database(&database_url, 1)?;
            let mut conn = pool.get()?;
            section50::db::backup::sqlite_backup(&mut conn, &to).map_err(anyhow::Error::msg)?;
            section50::db::backup::check_sqlite_file(&to).map_err(anyhow::Error::msg)?;
            println!("Backed up to {} (checked)", to.display());
            Ok(Outcome::Done)
        }
        Command::Restore { database_url, from } => {
            let config::DatabaseUrl::Sqlite(path) =
                config::DatabaseUrl::parse(&database_url).map_err(anyhow::Error::msg)?
            else {
                return Ok(Outcome::BadInput(
                    "restore is for SQLite; restore PostgreSQL with pg_restore (see docs/deploy.md)"
                        .to_owned(),
                ));
            };
            section50::db::backup::sqlite_restore(&from, &path).map_err(anyhow::Error::msg)?;
            // Bring the restored copy up to this version's schema.
            open_database(&database_url, 1)?;
            println!("Restored {} from {}", path.display(), from.display());
            Ok(Outcome::Done)
        }
        Command::Migrate { database_url } => {
            open_database(&database_url, 1)?;
            println!("database is up to date");
            Ok(Outcome::Done)
        }
        Command::Recompute { database_url } => {
            let pool = open_database(&database_url, 1)?;
            let mut conn = pool.get()?;
            let calendars =
                section50::domain::calendar::Calendars::build(&settings.calendar_options());
            let (checked, moved) = section50::service::cases::recompute_open_cases(
                &mut conn,
                &settings,
                &calendars,
                clock.today(),
            )?;
            println!("Checked {checked} open cases; the dates of {moved} moved.");
            Ok(Outcome::Done)
        }
        Command::User {
            action,
            database_url,
        } => user(action, &database_url, clock),
        Command::Demo {
            database_url,
            cases,
            seed,
        } => {
            let pool = open_database(&database_url, 2)?;
            let mut conn = pool.get()?;
            let summary = match cases {
                None => section50::service::demo::small(&mut conn, clock.now(), &settings)?,
                Some(n) => {
                    section50::service::demo::synthetic(&mut conn, clock.now(), &settings, n, seed)?
                }
            };
            println!("{summary}");
            Ok(Outcome::Done)
        }
        Command::Timeline { as_of } => cli::timeline::run(
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            as_of.unwrap_or_else(|| clock.today()),
            &settings,
        ),
        Command::Holidays {
            year,
            division,
            json,
        } => cli::holidays::run(
            &mut std::io::stdout().lock(),
            year,
            &division,
            json,
            &settings,
        ),
        Command::Stats {
            database_url,
            from,
            to,
            by,
            format,
            min,
        } => {
            let by = match section50::service::stats::GroupBy::from_slug(&by) {
                Ok(b) => b,
                Err(m) => return Ok(Outcome::BadInput(format!("--by: {m}"))),
            };
            if to < from {
                return Ok(Outcome::BadInput(
                    "--to must not be before --from".to_owned(),
                ));
            }
            let pool = open_database(&database_url, 1)?;
            let mut conn = pool.get()?;
            let query = section50::service::stats::Query {
                from,
                to,
                by,
                minimum: min,
            };
            let rows = section50::service::stats::timeliness(&mut conn, &query)?;
            match format.as_str() {
                "json" => {
                    serde_json::to_writer_pretty(std::io::stdout().lock(), &rows)?;
                    println!();
                }
                "csv" => {
                    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
                    w.write_record([
                        "key",
                        "label",
                        "requests",
                        "unanswered",
                        "in_time_pct",
                        "in_time_low_pct",
                        "in_time_high_pct",
                        "within_20_pct",
                        "median_working_days",
                        "p90_working_days",
                        "rated",
                    ])?;
                    for g in rows {
                        w.write_record([
                            g.key,
                            g.label,
                            g.requests.to_string(),
                            g.unanswered.to_string(),
                            format!("{:.1}", g.in_time.share * 100.0),
                            format!("{:.1}", g.in_time.low * 100.0),
                            format!("{:.1}", g.in_time.high * 100.0),
                            format!("{:.1}", g.within_20.share * 100.0),
                            g.median_working_days
                                .map(|v| v.to_string())
                                .unwrap_or_default(),
                            g.p90_working_days
                                .map(|v| v.to_string())
                                .unwrap_or_default(),
                            if g.rated {
                                "yes".to_owned()
                            } else {
                                "too few to rate".to_owned()
                            },
                        ])?;
                    }
                    w.flush()?;
                }
                other => {
                    return Ok(Outcome::BadInput(format!(
                        "--format {other}: use csv or json"
                    )));
                }
            }
            Ok(Outcome::Done)
        }
        Command::Render {
            input,
            output,
            issued,
        } => {
            let text = if input.as_os_str() == "-" {
                let mut s = String::new();
                std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut s)?;
                s
            } else {
                std::fs::read_to_string(&input)
                    .with_context(|| format!("cannot read {}", input.display()))?
            };
            let (outcome, pdf) = cli::render::run(&text, issued, clock.today())?;
            if let Some(bytes) = pdf {
                std::fs::write(&output, bytes)
                    .with_context(|| format!("cannot write {}", output.display()))?;
            }
            Ok(outcome)
        }
        Command::Lateness {
            input,
            output,
            regime,
            as_of,
        } => {
            let regime = match Regime::from_slug(&regime) {
                Ok(r) => r,
                Err(m) => return Ok(Outcome::BadInput(format!("--regime: {m}"))),
            };
            let mut reader: Box<dyn std::io::Read> = if input.as_os_str() == "-" {
                Box::new(std::io::stdin().lock())
            } else {
                Box::new(
                    std::fs::File::open(&input)
                        .with_context(|| format!("cannot open {}", input.display()))?,
                )
            };
            let mut writer: Box<dyn std::io::Write> = match output {
                Some(path) => Box::new(
                    std::fs::File::create(&path)
                        .with_context(|| format!("cannot create {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let (outcome, _summary) = cli::lateness::run(
                &mut reader,
                &mut writer,
                regime,
                as_of.unwrap_or_else(|| clock.today()),
                &settings,
            )?;
            Ok(outcome)
        }
    }
}

/// Opens (creating and migrating) the database a URL names.
fn open_database(url: &str, size: u32) -> anyhow::Result<section50::db::Pool> {
    let parsed = config::DatabaseUrl::parse(url).map_err(|m| anyhow::anyhow!(m))?;
    let pool = section50::db::pool(&parsed, size)?;
    let mut conn = pool.get().with_context(|| "cannot open the database")?;
    section50::db::migrate(&mut conn)?;
    Ok(pool)
}

fn user(action: UserAction, database_url: &str, clock: Clock) -> anyhow::Result<Outcome> {
    use section50::domain::parties::{EmailAddress, RequiredText, Role};
    let pool = open_database(database_url, 1)?;
    let mut conn = pool.get()?;
    match action {
        UserAction::Add {
            email,
            name,
            role,
            token,
        } => {
            let email = match EmailAddress::parse(&email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            let name = match RequiredText::parse("name", &name, 200) {
                Ok(n) => n,
                Err(m) => return Ok(Outcome::BadInput(format!("--name: {m}"))),
            };
            let role = match Role::from_slug(&role) {
                Ok(r) => r,
                Err(m) => return Ok(Outcome::BadInput(format!("--role: {m}"))),
            };
            match section50::service::users::add(&mut conn, clock.now(), &email, &name, role, token)
            {
                Ok(created) => {
                    println!(
                        "Added {} ({}) as {}.",
                        name.as_str(),
                        email.as_str(),
                        role.label()
                    );
                    println!("One-time password: {}", created.password);
                    if let Some(t) = created.token {
                        println!("API token (shown once): {t}");
                    }
                    Ok(Outcome::Done)
                }
                Err(section50::service::ServiceError::Conflict(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
        UserAction::Token { email, label } => {
            let email = match EmailAddress::parse(&email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            match section50::service::users::issue_token(&mut conn, clock.now(), &email, &label) {
                Ok(t) => {
                    println!("API token (shown once): {t}");
                    Ok(Outcome::Done)
                }
                Err(section50::service::ServiceError::NotFound(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
    }
}

fn worker(
    pool: section50::db::Pool,
    clock: Clock,
    settings: section50::domain::settings::ClockSettings,
    mail: &MailArgs,
) -> anyhow::Result<section50::worker::Worker> {
    let calendars = std::sync::Arc::new(section50::domain::calendar::Calendars::build(
        &settings.calendar_options(),
    ));
    Ok(section50::worker::Worker {
        pool,
        clock,
        settings,
        calendars,
        mail: mail.settings(),
        transport: std::sync::Arc::new(mail.transport()?),
        id: section50::worker::worker_id(),
    })
}

fn remind(
    database_url: &str,
    clock: Clock,
    settings: section50::domain::settings::ClockSettings,
    mail: &MailArgs,
    as_of: Option<NaiveDate>,
    dry_run: bool,
) -> anyhow::Result<Outcome> {
    let pool = open_database(database_url, 2)?;
    let today = as_of.unwrap_or_else(|| clock.today());
    let w = worker(pool, clock, settings, mail)?;
    let plan = w.plan_as_of(today, dry_run)?;
    println!(
        "{today}: {} open cases checked, {} messages due, {} newly queued{}",
        plan.cases_checked,
        plan.due,
        plan.queued,
        if dry_run {
            " (dry run: nothing queued or sent)"
        } else {
            ""
        }
    );
    if dry_run {
        for (subject, role) in &plan.messages {
            println!("  to the {role}: {subject}");
        }
        return Ok(Outcome::Done);
    }
    let sent = w.dispatch()?;
    println!(
        "outbox ({}): {} sent, {} to retry, {} failed, {} cancelled",
        w.transport.describe(),
        sent.sent,
        sent.retrying,
        sent.failed,
        sent.cancelled
    );
    Ok(Outcome::Done)
}

#[expect(
    clippy::too_many_arguments,
    reason = "the serve command's settings, passed once"
)]
fn serve(
    bind: &str,
    database_url: &str,
    pool_size: u32,
    clock: Clock,
    clock_settings: section50::domain::settings::ClockSettings,
    regulator: section50::domain::notice_draft::RegulatorDetails,
    mail: &MailArgs,
    scheduler_interval: u64,
) -> anyhow::Result<Outcome> {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    // Structured JSON logs for collectors with SECTION50_LOG_FORMAT=json; lines for people
    // otherwise. Either way a request's lines carry its request id, never personal data.
    if std::env::var("SECTION50_LOG_FORMAT").is_ok_and(|f| f == "json") {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let pool = open_database(database_url, pool_size)?;
    let listener =
        std::net::TcpListener::bind(bind).with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    let mut state = section50::web::AppState::new(clock, clock_settings.clone(), pool.clone());
    state.regulator = regulator;
    state.mail = mail.settings();
    state.metrics_token = std::env::var("SECTION50_METRICS_TOKEN")
        .ok()
        .filter(|t| !t.is_empty());
    section50::pdf::warm_up();
    if scheduler_interval > 0 {
        let w = worker(pool, clock, clock_settings, mail)?;
        println!(
            "The scheduler runs every {scheduler_interval} s; emails go to {}.",
            w.transport.describe()
        );
        // Detached: it lives as long as the process and holds no request.
        let _scheduler = w.spawn(std::time::Duration::from_secs(scheduler_interval));
    }
    actix_web::rt::System::new().block_on(async move {
        let server = section50::web::start(listener, state, None)?;
        println!("section50 is listening on http://{address} (database {database_url})");
        println!("Create the first account with:");
        println!("  cargo run --release -- user add --email you@example.org --name \"Your Name\" --role admin --token");
        server.await
    })?;
    Ok(Outcome::Done)
}
