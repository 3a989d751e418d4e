//! Integration tests of the service over HTTP: a real server on port 0 with its own database
//! (a temporary SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set),
//! a fixed clock, and real API tokens.

// The email snapshots' context (every field any email uses) is one json! literal.
#![recursion_limit = "256"]
// A test fails by panicking, in its helpers as in its #[test] functions (clippy's
// allow-unwrap-in-tests covers only the latter).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests and their helpers fail by panicking"
)]

mod accounts;
mod api_authorities;
mod api_cases;
mod appeal_courts;
mod appeal_emails;
mod appeal_pages;
mod appeal_s53;
mod appeal_stats;
mod appeal_times;
mod appeal_uploads;
mod appeals;
mod architecture_of_errors;
mod authorities;
mod authorization;
mod backup;
mod calendar;
mod case_import;
mod case_record;
mod confirmations;
mod crash;
mod decisions;
mod doors;
mod emails;
mod fresh_eyes;
mod hardening;
mod helpers;
mod managers;
mod notices;
mod observability;
mod one_time_passwords;
mod pages;
mod plain_words;
mod register;
mod register_appeals;
mod register_demo;
mod register_search;
mod register_text;
mod remembered_counts;
mod smtp;
mod startup;
mod stats;
mod timeline;
mod typed_text;
