//! The only place that reads the system time. Everything else is given `today` (or `now`), so
//! tests and renders use a fixed day (DESIGN.md convention 2).

use chrono::{DateTime, NaiveDate, Utc};

/// Where the current time comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// The machine's clock.
    System,
    /// A fixed instant, for tests, demos and replays.
    Fixed(DateTime<Utc>),
}

impl Clock {
    /// A clock fixed at noon UTC on a date.
    #[must_use]
    pub fn fixed_on(date: NaiveDate) -> Self {
        Clock::Fixed(date.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc())
    }

    /// The current instant.
    #[must_use]
    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's date in the UK (Europe/London).
    #[must_use]
    pub fn today(&self) -> NaiveDate {
        crate::domain::london::london_date(self.now())
    }
}
