//! Tests of the statutory clock engine: generated calendars against independent data, tables of
//! named deadline edge cases, properties, and the command-line front doors end to end.

// A test fails by panicking, in its helpers as in its #[test] functions (clippy's
// allow-unwrap-in-tests covers only the latter).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "tests and their helpers fail by panicking"
)]

mod aggregate;
mod audit;
mod calendars;
mod cli;
mod deadlines;
mod decisions;
mod notices;
mod properties;
mod support;
mod tribunal;
