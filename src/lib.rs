//! section50: the casework system of a UK information-rights regulator.
//!
//! The map of the system. Dependencies point inward: [`web`] and [`worker`] call [`service`],
//! which calls [`db`], [`mail`] and [`pdf`], which use [`domain`]; [`startup`] and [`cli`] wire
//! them together.
//! - [`domain`]: pure rules — calendars, regimes, the statutory clock, deadlines, the case
//!   lifecycle, notices, statistics definitions (std, chrono, serde and thiserror only).
//! - [`service`]: the use cases, one transaction per call, given a connection and today.
//! - [`db`]: diesel over SQLite or PostgreSQL (one connection type), the pool, migrations,
//!   rows and queries, backups.
//! - [`mail`]: email templates and transports (SMTP, files).
//! - [`pdf`]: the typst world and the decision-notice renderer.
//! - [`charts`]: the statistics charts drawn as SVG.
//! - [`web`]: the actix-web service: the URL table, handlers, extractors and error mapping.
//! - [`worker`]: the scheduler's pass and the outbox's dispatch, run on a timer or by `remind`.
//! - [`startup`]: [`startup::Application::build`] turns [`config::Settings`] into a bound,
//!   ready-to-run service (used by `serve` and the tests).
//! - [`config`]: typed settings loaded once from flags and `SECTION50_*` variables.
//! - [`cli`]: the `section50` commands, one module each (`main` only parses and dispatches).
//! - [`clock`]: the only place that reads the system time.

pub mod charts;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod domain;
pub mod mail;
pub mod pdf;
pub mod service;
pub mod startup;
pub mod web;
pub mod worker;
