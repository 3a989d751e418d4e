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
#[command(name = "section50", version, about = "Casework system of a UK information-rights regulator")]
struct Cli {
    /// A JSON file of bank holidays proclaimed after this build (a list of proclamations).
    #[arg(long, env = "SECTION50_EXTRA_HOLIDAYS", global = true)]
    extra_holidays: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web service.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "SECTION50_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
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
        Command::Serve { bind } => serve(&bind, clock, settings),
        Command::Timeline { as_of } => cli::timeline::run(
            &mut std::io::stdin().lock(),
            &mut std::io::stdout().lock(),
            as_of.unwrap_or_else(|| clock.today()),
            &settings,
        ),
        Command::Holidays { year, division, json } => {
            cli::holidays::run(&mut std::io::stdout().lock(), year, &division, json, &settings)
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
                Box::new(std::fs::File::open(&input).with_context(|| format!("cannot open {}", input.display()))?)
            };
            let mut writer: Box<dyn std::io::Write> = match output {
                Some(path) => Box::new(std::fs::File::create(&path).with_context(|| format!("cannot create {}", path.display()))?),
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

fn serve(bind: &str, clock: Clock, clock_settings: section50::domain::settings::ClockSettings) -> anyhow::Result<Outcome> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into())).init();
    let listener = std::net::TcpListener::bind(bind).with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    let state = section50::web::AppState { clock, clock_settings };
    actix_web::rt::System::new().block_on(async move {
        let server = section50::web::start(listener, state)?;
        println!("section50 is listening on http://{address}");
        server.await
    })?;
    Ok(Outcome::Done)
}
