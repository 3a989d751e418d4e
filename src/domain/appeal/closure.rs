//! Why an appeal cannot be recorded on a case that was closed, in words that name the entries
//! to withdraw. A closed case takes nothing more (its status is final), and "appeal window
//! closed" dated after the day the tribunal received the appeal is untrue: the appeal was in
//! time, or the window was still open when it came. Both are corrected on the case page, where
//! each withdrawal keeps its reason; then the appeal can be recorded.

use crate::domain::case::{CaseError, LoggedEvent};
use crate::domain::lifecycle::{CaseEventKind, WorkflowKind};
use chrono::NaiveDate;

/// The entries that stand in the way of an appeal received on `received`: any "case closed",
/// and an "appeal window closed" dated after `received`.
#[must_use]
pub fn blockers<'a>(effective: &[&'a LoggedEvent], received: NaiveDate) -> Vec<&'a LoggedEvent> {
    effective
        .iter()
        .copied()
        .filter(|e| match e.kind {
            CaseEventKind::Workflow(WorkflowKind::CaseClosed) => true,
            CaseEventKind::Workflow(WorkflowKind::AppealWindowClosed) => e.date > received,
            _ => false,
        })
        .collect()
}

/// Refuses an appeal received on `received` while [`blockers`] stand, naming each of them with
/// its date and saying how to withdraw them.
///
/// # Errors
/// Conflict (`appeal_after_closure`), naming the entries to withdraw.
pub fn check(
    reference: &str,
    effective: &[&LoggedEvent],
    received: NaiveDate,
) -> Result<(), CaseError> {
    let found = blockers(effective, received);
    if found.is_empty() {
        return Ok(());
    }
    let day = crate::domain::dates::uk_date;
    let named: Vec<String> = found
        .iter()
        .map(|e| format!("\u{201c}{}\u{201d} ({})", e.kind.label(), day(e.date)))
        .collect();
    let list = match named.as_slice() {
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    Err(CaseError::Invalid {
        rule: "appeal_after_closure".to_owned(),
        event: None,
        message: format!(
            "Case {reference} records {list}, so an appeal received by the tribunal on {} cannot \
             be recorded yet. On the case page, choose \u{201c}Correct this event\u{201d} beside \
             each of them and withdraw it, saying why (for example, \u{201c}the authority \
             appealed to the tribunal\u{201d}); then record the appeal.",
            day(received)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::EventDetails;
    use chrono::NaiveDateTime;

    fn entry(id: i64, kind: WorkflowKind, date: &str) -> LoggedEvent {
        LoggedEvent {
            id,
            kind: CaseEventKind::Workflow(kind),
            date: NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap(),
            timestamp: None,
            details: EventDetails::default(),
            supersedes: None,
            retracted: false,
            recorded_by: None,
            recorded_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn the_refusal_names_each_entry_to_withdraw_in_words() {
        let window = entry(1, WorkflowKind::AppealWindowClosed, "2024-03-08");
        let closed = entry(2, WorkflowKind::CaseClosed, "2024-03-08");
        let on = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        // (entries, appeal received, entries named, why)
        let table: [(Vec<&LoggedEvent>, &str, Vec<i64>, &str); 5] = [
            (
                vec![&window, &closed],
                "2024-03-01",
                vec![1, 2],
                "the demo's seed case: an appeal in time, window and case closed after it",
            ),
            (
                vec![&window],
                "2024-03-01",
                vec![1],
                "window recorded closed after the appeal arrived",
            ),
            (
                vec![&window],
                "2024-03-08",
                vec![],
                "the window's own day: recorded after it, in order",
            ),
            (
                vec![&window],
                "2024-04-02",
                vec![],
                "a late appeal after the window closed is the tribunal's to admit",
            ),
            (
                vec![&window, &closed],
                "2024-04-02",
                vec![2],
                "late, but a closed case takes nothing more",
            ),
        ];
        for (entries, received, named, why) in table {
            let ids: Vec<i64> = blockers(&entries, on(received))
                .iter()
                .map(|e| e.id)
                .collect();
            assert_eq!(ids, named, "{why}");
        }
        let message = check("FS50123456", &[&window, &closed], on("2024-03-01"))
            .unwrap_err()
            .to_string();
        assert!(
            message.contains(
                "\u{201c}appeal window closed\u{201d} (8 March 2024) and \u{201c}case closed\u{201d} (8 March 2024)"
            ),
            "{message}"
        );
        assert!(
            message.contains("received by the tribunal on 1 March 2024"),
            "{message}"
        );
    }
}
