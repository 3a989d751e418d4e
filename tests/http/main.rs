//! Integration tests of the service over HTTP: a real server on port 0 with its own database
//! (a temporary SQLite file, or a fresh PostgreSQL database when `TEST_DATABASE_URL` is set),
//! a fixed clock, and real API tokens.

mod api_authorities;
mod api_cases;
mod architecture_of_errors;
mod authorities;
mod authorization;
mod backup;
mod calendar;
mod crash;
mod doors;
mod emails;
mod helpers;
mod notices;
mod observability;
mod pages;
mod smtp;
mod startup;
mod stats;
mod timeline;
