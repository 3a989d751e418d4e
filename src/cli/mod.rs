//! The command-line front doors of the deadline engine: `timeline`, `holidays` and `lateness`.
//! Each returns an [`Outcome`] so `main` maps bad input to exit code 2 in one place.

pub mod holidays;
pub mod lateness;
pub mod render;
pub mod timeline;

/// How a command ended.
#[derive(Debug)]
pub enum Outcome {
    /// Success.
    Done,
    /// The user's input was refused; the message is for them (exit code 2).
    BadInput(String),
}
