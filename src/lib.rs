//! section50: the casework system of a UK information-rights regulator.
//!
//! The map of the system (dependencies point inward):
//! - [`domain`]: pure rules — calendars, regimes, the statutory clock, deadlines.
//! - [`cli`]: the command-line front doors of the engine (timeline, holidays, lateness).
//! - [`web`]: the actix-web service: the URL table, handlers and error mapping.
//! - [`mail`]: email templates and transports (SMTP, files); [`worker`] sends the outbox.
//! - [`config`]: typed settings loaded once from flags and `SECTION50_*` variables.
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
pub mod web;
pub mod worker;
