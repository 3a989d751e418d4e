//! Tests of the statutory clock engine: generated calendars against independent data, tables of
//! named deadline edge cases, properties, and the command-line front doors end to end.

mod aggregate;
mod audit;
mod calendars;
mod cli;
mod deadlines;
mod notices;
mod properties;
mod support;
