//! Storage the scheduler's pass reads: the reminder offsets managers set (parsed here, once),
//! the open cases and open appeals whose deadlines are near, and the counts behind officers' digests and
//! managers' weekly summaries.

use super::rows::CaseRow;
use super::schema::{appeals, cases, reminder_settings};
use super::{AnyConnection, unreadable};
use crate::domain::deadline::DeadlineName;
use crate::domain::reminders::ReminderOffsets;
use chrono::NaiveDate;
use diesel::prelude::*;
use diesel::result::Error as DbError;

/// The stored names of the offsets, in the order of [`offset_values`].
const OFFSET_NAMES: [&str; 5] = [
    "letter_working_days_before",
    "steps_days_before",
    "digest_working_days",
    "service_standard_days",
    "appeal_response_working_days_before",
];

/// The offsets' values with their stored names.
#[must_use]
pub fn offset_values(o: &ReminderOffsets) -> [(&'static str, u32); 5] {
    [
        (OFFSET_NAMES[0], o.letter_working_days_before),
        (OFFSET_NAMES[1], o.steps_days_before),
        (OFFSET_NAMES[2], o.digest_working_days),
        (OFFSET_NAMES[3], o.service_standard_days),
        (OFFSET_NAMES[4], o.appeal_response_working_days_before),
    ]
}

/// The offsets in force: the stored ones over the defaults.
///
/// # Errors
/// Database failures; a stored name that is not an offset, or a negative value.
pub fn offsets(conn: &mut AnyConnection) -> Result<ReminderOffsets, DbError> {
    let rows: Vec<(String, i32)> = reminder_settings::table
        .select((reminder_settings::name, reminder_settings::value))
        .load(conn)?;
    let mut o = ReminderOffsets::default();
    for (name, value) in rows {
        let v = u32::try_from(value)
            .map_err(|_| unreadable("reminder_settings", "value", &value.to_string()))?;
        match name.as_str() {
            "letter_working_days_before" => o.letter_working_days_before = v,
            "steps_days_before" => o.steps_days_before = v,
            "digest_working_days" => o.digest_working_days = v,
            "service_standard_days" => o.service_standard_days = v,
            "appeal_response_working_days_before" => o.appeal_response_working_days_before = v,
            other => return Err(unreadable("reminder_settings", "name", other)),
        }
    }
    Ok(o)
}

/// Replaces the stored offsets.
///
/// # Errors
/// Database failures; a value too large to store.
pub fn save_offsets(conn: &mut AnyConnection, o: &ReminderOffsets) -> Result<(), DbError> {
    diesel::delete(reminder_settings::table).execute(conn)?;
    for (name, v) in offset_values(o) {
        let value = i32::try_from(v).map_err(|e| DbError::SerializationError(Box::new(e)))?;
        diesel::insert_into(reminder_settings::table)
            .values((
                reminder_settings::name.eq(name),
                reminder_settings::value.eq(value),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Open cases whose next deadline or steps date falls between `from` and `to`.
///
/// # Errors
/// Database failures.
pub fn open_cases_near(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<CaseRow>, DbError> {
    cases::table
        .filter(cases::closed_on.is_null())
        .filter(
            cases::next_deadline
                .between(from, to)
                .or(cases::steps_due.between(from, to)),
        )
        .select(CaseRow::as_select())
        .load(conn)
}

/// Open appeals whose next deadline falls between `from` and `to`: their case, the appeal's id
/// and its tribunal reference (the candidates for staff reminders of the Commissioner's
/// response).
///
/// # Errors
/// Database failures.
pub fn open_appeals_near(
    conn: &mut AnyConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(CaseRow, i64, String)>, DbError> {
    appeals::table
        .inner_join(cases::table)
        .filter(appeals::status.eq("open"))
        .filter(appeals::next_deadline.between(from, to))
        .order(appeals::id.asc())
        .select((
            CaseRow::as_select(),
            appeals::id,
            appeals::tribunal_reference,
        ))
        .load(conn)
}

/// Per officer, how many of their open cases have a next deadline on or before `last_day`.
///
/// # Errors
/// Database failures.
pub fn due_by_officer(
    conn: &mut AnyConnection,
    last_day: NaiveDate,
) -> Result<Vec<(i64, i64)>, DbError> {
    let rows: Vec<(Option<i64>, i64)> = cases::table
        .filter(cases::closed_on.is_null())
        .filter(cases::officer_id.is_not_null())
        .filter(cases::next_deadline.le(last_day))
        .group_by(cases::officer_id)
        .select((cases::officer_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(officer, n)| officer.map(|o| (o, n)))
        .collect())
}

/// One open case in a digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueCase {
    /// Reference.
    pub reference: String,
    /// Its authority.
    pub authority_id: i64,
    /// The next deadline's date.
    pub date: NaiveDate,
    /// The next deadline's name.
    pub name: Option<DeadlineName>,
}

fn deadline_name(slug: &str) -> Result<DeadlineName, DbError> {
    DeadlineName::from_slug(slug).ok_or_else(|| unreadable("cases", "next_deadline_name", slug))
}

/// An officer's open cases with a next deadline on or before `last_day`, soonest first, at most
/// `limit`.
///
/// # Errors
/// Database failures; a stored deadline name that does not parse.
pub fn officer_cases_due(
    conn: &mut AnyConnection,
    officer: i64,
    last_day: NaiveDate,
    limit: i64,
) -> Result<Vec<DueCase>, DbError> {
    let rows: Vec<(String, i64, NaiveDate, Option<String>)> = cases::table
        .filter(cases::closed_on.is_null())
        .filter(cases::officer_id.eq(officer))
        .filter(cases::next_deadline.le(last_day))
        .order((cases::next_deadline.asc(), cases::id.asc()))
        .limit(limit)
        .select((
            cases::reference,
            cases::authority_id,
            cases::next_deadline.assume_not_null(),
            cases::next_deadline_name,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|(reference, authority_id, date, name)| {
            Ok(DueCase {
                reference,
                authority_id,
                date,
                name: name.as_deref().map(deadline_name).transpose()?,
            })
        })
        .collect()
}

/// How many of an officer's open cases have a next deadline before `today`.
///
/// # Errors
/// Database failures.
pub fn officer_overdue(
    conn: &mut AnyConnection,
    officer: i64,
    today: NaiveDate,
) -> Result<i64, DbError> {
    cases::table
        .filter(cases::closed_on.is_null())
        .filter(cases::officer_id.eq(officer))
        .filter(cases::next_deadline.lt(today))
        .count()
        .get_result(conn)
}

/// Open cases whose next deadline is before `today`, counted by the deadline's name.
///
/// # Errors
/// Database failures; a stored deadline name that does not parse.
pub fn overdue_by_stage(
    conn: &mut AnyConnection,
    today: NaiveDate,
) -> Result<Vec<(Option<DeadlineName>, i64)>, DbError> {
    let rows: Vec<(Option<String>, i64)> = cases::table
        .filter(cases::closed_on.is_null())
        .filter(cases::next_deadline.lt(today))
        .group_by(cases::next_deadline_name)
        .select((cases::next_deadline_name, diesel::dsl::count_star()))
        .load(conn)?;
    rows.into_iter()
        .map(|(name, n)| Ok((name.as_deref().map(deadline_name).transpose()?, n)))
        .collect()
}

/// How many open cases had their complaint received before `day`.
///
/// # Errors
/// Database failures.
pub fn open_received_before(conn: &mut AnyConnection, day: NaiveDate) -> Result<i64, DbError> {
    cases::table
        .filter(cases::closed_on.is_null())
        .filter(cases::complaint_received.lt(day))
        .count()
        .get_result(conn)
}
