//! `section50 recompute`: recomputes the deadlines of every open case with the current bank
//! holidays (run after adding a proclaimed day with `--extra-holidays`).

use super::{Common, DbArgs, Outcome};
use crate::domain::calendar::Calendars;
use crate::service::cases;

/// Recomputes and says how many cases' dates moved.
///
/// # Errors
/// Database failures.
pub fn run(db: &DbArgs, common: &Common) -> anyhow::Result<Outcome> {
    let pool = db.open(1)?;
    let mut conn = pool.get()?;
    let calendars = Calendars::build(&common.settings.calendar_options());
    let (checked, moved) = cases::recompute_open_cases(
        &mut conn,
        &common.settings,
        &calendars,
        common.clock.today(),
    )?;
    println!("Checked {checked} open cases; the dates of {moved} moved.");
    Ok(Outcome::Done)
}
