//! Allocating many cases at once (a manager's bulk allocation from a filtered list): each case
//! through the same allocation command as the case page (its permission and preconditions:
//! accepted, not closed), each one `allocated` event with the date given, the whole batch in
//! one transaction. One refusal and nothing is written; the refusal names the case.

use super::ServiceError;
use super::cases::{Context, command_in};
use crate::domain::case::Command;
use crate::domain::parties::CaseReference;
use chrono::NaiveDate;

/// Why a batch was refused: the case and the reason (nothing of the batch was written).
#[derive(Debug)]
pub struct BatchRefused {
    /// The case refused.
    pub reference: String,
    /// Why.
    pub error: ServiceError,
}

/// Allocates every case in `references` (duplicates counted once) to `officer_id` on `date`,
/// in one transaction; returns how many were allocated.
///
/// # Errors
/// [`BatchRefused`] naming the first case refused (forbidden, not found, unknown officer, an
/// illegal move or a date after today); nothing is written then.
pub fn allocate_many(
    conn: &mut crate::db::AnyConnection,
    ctx: &Context<'_>,
    references: &[CaseReference],
    officer_id: i64,
    date: NaiveDate,
) -> Result<usize, BatchRefused> {
    let mut unique: Vec<&CaseReference> = Vec::new();
    for r in references {
        if !unique.iter().any(|u| u.as_str() == r.as_str()) {
            unique.push(r);
        }
    }
    let mut current = String::new();
    let result = crate::db::write_transaction(conn, |conn| -> Result<usize, ServiceError> {
        for reference in &unique {
            reference.as_str().clone_into(&mut current);
            command_in(conn, ctx, reference, Command::Allocate { officer_id, date })?;
        }
        Ok(unique.len())
    });
    result.map_err(|error| BatchRefused {
        reference: current,
        error,
    })
}
