//! Counts remembered until their data changes. The case list's total and the authority
//! picker's short searches cost more to count than the page they go with (issue 14's budgets:
//! counting 200,000 cases took 1.9 ms a request, the page 0.4 ms). Each kind of data
//! ([`Data`]) has a number in `data_generations` that every change to it moves on, committed
//! with the change (triggers in the migration `data_generations`), and a token drawn once for
//! the database. A count is remembered under the number read *before* counting: a change
//! committed in between can only make the count newer than its number, so the next request
//! counts again; a count is never used once its data has changed, whichever server changed it.

use super::AnyConnection;
use super::schema::data_generations;
use diesel::prelude::*;
use diesel::result::Error as DbError;
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};

/// The kinds of data whose changes are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Data {
    /// The cases, their complainants and their authorities (the case list reads all three).
    Caseload,
    /// The public authorities alone.
    Authorities,
}

impl Data {
    /// The row's name in `data_generations`.
    fn name(self) -> &'static str {
        match self {
            Self::Caseload => "caseload",
            Self::Authorities => "authorities",
        }
    }
}

/// The most counts remembered; all are forgotten when it is reached (a few hundred distinct
/// filters a day is the expected use).
const REMEMBERED: usize = 4_096;

/// (database token, data, the count's key) → (generation, count).
type Remembered = HashMap<(String, Data, String), (i64, i64)>;

static COUNTS: LazyLock<Mutex<Remembered>> = LazyLock::new(|| Mutex::new(HashMap::new()));

/// The database's token and the data's current number.
///
/// # Errors
/// Database failures.
pub fn current(conn: &mut AnyConnection, data: Data) -> Result<(String, i64), DbError> {
    data_generations::table
        .find(data.name())
        .select((data_generations::token, data_generations::n))
        .first(conn)
}

/// The count named `key` (all that it depends on beyond `data`: the filters, the viewer, the
/// day), remembered from an earlier request while `data` has not changed, else made by `count`
/// and remembered.
///
/// # Errors
/// Database failures, from reading the number or from `count`.
pub fn counted(
    conn: &mut AnyConnection,
    data: Data,
    key: String,
    count: impl FnOnce(&mut AnyConnection) -> Result<i64, DbError>,
) -> Result<i64, DbError> {
    let (token, generation) = current(conn, data)?;
    let slot = (token, data, key);
    if let Some(&(at, n)) = lock().get(&slot)
        && at == generation
    {
        return Ok(n);
    }
    let n = count(conn)?;
    let mut counts = lock();
    if counts.len() >= REMEMBERED {
        counts.clear();
    }
    counts.insert(slot, (generation, n));
    Ok(n)
}

fn lock() -> std::sync::MutexGuard<'static, Remembered> {
    COUNTS.lock().unwrap_or_else(PoisonError::into_inner)
}
