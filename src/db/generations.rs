//! Counts and pages remembered until their data changes. The case list's total and the authority
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
use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

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

/// The most answers remembered; all are forgotten when it is reached (a few hundred distinct
/// filters and pages a day is the expected use).
const REMEMBERED: usize = 4_096;

/// An answer remembered: the generation it was made at, and the answer (of its key's type).
type Answer = (i64, Arc<dyn Any + Send + Sync>);

/// (database token, data, the answer's key) → the answer.
type Remembered = HashMap<(String, Data, String), Answer>;

static ANSWERS: LazyLock<Mutex<Remembered>> = LazyLock::new(|| Mutex::new(HashMap::new()));

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
    remembered(conn, data, key, count).map(|n| *n)
}

/// The answer named `key` (all that it depends on beyond `data`), remembered from an earlier
/// request while `data` has not changed, else made by `answer` and remembered. A key names one
/// type of answer: a key used for two types is answered afresh each time.
///
/// # Errors
/// Database failures, from reading the number; whatever `answer` returns.
pub fn remembered<T: Send + Sync + 'static, E: From<DbError>>(
    conn: &mut AnyConnection,
    data: Data,
    key: String,
    answer: impl FnOnce(&mut AnyConnection) -> Result<T, E>,
) -> Result<Arc<T>, E> {
    let (token, generation) = current(conn, data)?;
    let slot = (token, data, key);
    let known = lock()
        .get(&slot)
        .filter(|(at, _)| *at == generation)
        .map(|(_, known)| Arc::clone(known));
    if let Some(known) = known.and_then(|k| k.downcast::<T>().ok()) {
        return Ok(known);
    }
    let made = Arc::new(answer(conn)?);
    let mut answers = lock();
    if answers.len() >= REMEMBERED {
        answers.clear();
    }
    answers.insert(
        slot,
        (generation, Arc::clone(&made) as Arc<dyn Any + Send + Sync>),
    );
    Ok(made)
}

fn lock() -> std::sync::MutexGuard<'static, Remembered> {
    ANSWERS.lock().unwrap_or_else(PoisonError::into_inner)
}
