//! The notice's workflow: submit, approve, return (with a comment) and issue, each a step on
//! the latest version checked before anything is written.

use super::super::ServiceError;
use super::super::cases::{CaseRecord, Context, record_of};
use super::{NoticeRecord, store};
use super::{audit, facts, get, insert_version, issue, no_notice, require_change, review};
use crate::db::AnyConnection;
use crate::db::notices::StoredVersion;
use crate::domain::notice::checks::check;
use crate::domain::notice::draft::RegulatorDetails;
use crate::domain::notice::{Finding, NoticeAction, NoticeState};
use crate::domain::parties::CaseReference;

fn refuse_findings(action: NoticeAction, findings: &[Finding]) -> ServiceError {
    ServiceError::Invalid {
        rule: "pre_issue_checks".to_owned(),
        event: None,
        message: format!(
            "the notice cannot be {} until these are fixed: {}",
            if action == NoticeAction::Issue {
                "issued"
            } else {
                "submitted"
            },
            findings
                .iter()
                .map(|f| crate::domain::labelled::labelled(&f.location, &f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// The state a step moves the notice to, or why it cannot be taken: the version asked about
/// is the latest, the move is allowed from its state, a return says why, and submitting or
/// issuing finds nothing left to fix.
fn check_step(
    stored: &StoredVersion,
    record: &CaseRecord,
    step: Step<'_>,
) -> Result<NoticeState, ServiceError> {
    let action = step.action;
    if let Some(asked) = step.version
        && asked != stored.version
    {
        return Err(ServiceError::Conflict(format!(
            "version {asked} is not the latest version of this notice (version {}); read \
             the latest before you {} it",
            stored.version,
            action_word(action)
        )));
    }
    let next = stored.state.apply(action).map_err(ServiceError::Conflict)?;
    if action == NoticeAction::Return && step.comment.is_none_or(|c| c.trim().is_empty()) {
        return Err(ServiceError::invalid(
            "comment_required",
            "say why the notice is returned",
        ));
    }
    if let Some(c) = step.comment {
        crate::domain::input::RETURN_COMMENT
            .check(c.trim())
            .map_err(|m| ServiceError::invalid("comment_refused", m))?;
    }
    if matches!(action, NoticeAction::Submit | NoticeAction::Issue) {
        let findings = check(&stored.notice, &facts(record).0);
        if !findings.is_empty() {
            return Err(refuse_findings(action, &findings));
        }
    }
    Ok(next)
}

/// A step in the notice's workflow, as asked for.
#[derive(Debug, Clone, Copy)]
pub struct Step<'a> {
    /// Submit, approve, return or issue.
    pub action: NoticeAction,
    /// Why it is returned (required to return).
    pub comment: Option<&'a str>,
    /// Issue only: the notice's date (default today; never later).
    pub date: Option<chrono::NaiveDate>,
    /// The version the step is about (approval is of a version); the latest when absent.
    pub version: Option<i32>,
}

impl Step<'_> {
    /// A step on the latest version, without comment or date.
    #[must_use]
    pub fn of(action: NoticeAction) -> Self {
        Step {
            action,
            comment: None,
            date: None,
            version: None,
        }
    }
}

/// Submits, approves, returns (with a comment) or issues the latest version. Approval is of a
/// version, and never by someone who saved a version of the text (unless the office allows
/// it, audited); saving after approval lapses it (the notice is a draft again). Issuing
/// renders and freezes the PDF, issues the decision on the case (the aggregate's
/// `IssueDecision`, which only an approved notice's permit allows) dated `step.date` (default
/// today; a past date for a backlog notice, never a future one), and sends each party their
/// copy. Submit, return and approve email the people concerned.
///
/// # Errors
/// Forbidden by role or as the notice's author, conflict in the wrong state or for a version
/// that is not the latest, invalid when checks fail on submit or issue.
pub fn act(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    regulator: &RegulatorDetails,
    step: Step<'_>,
) -> Result<NoticeRecord, ServiceError> {
    let action = step.action;
    let issued_on = issue_date(ctx, step.date)?;
    if matches!(action, NoticeAction::Approve | NoticeAction::Return) {
        ctx.actor.require_manager("approve or return notices")?;
    }
    crate::db::write_transaction(conn, |conn| {
        let (row, record) = record_of(conn, ctx, reference)?;
        require_change(ctx, &record.case)?;
        let stored = store::latest(conn, row.id)?.ok_or_else(|| no_notice(reference))?;
        let next = check_step(&stored, &record, step)?;
        let own =
            action == NoticeAction::Approve && review::approving_own(conn, ctx, row.id, regulator)?;
        let mut notice = stored.notice.clone();
        let pdf = if action == NoticeAction::Issue {
            Some(issue::freeze(
                conn,
                ctx,
                reference,
                &stored,
                &mut notice,
                issued_on,
            )?)
        } else {
            None
        };
        let version = stored.version + 1;
        let id = insert_version(
            conn,
            ctx,
            &row,
            version,
            &notice,
            next,
            step.comment,
            pdf.as_ref().map(|(b, h)| (b.as_slice(), h.as_str())),
        )?;
        if let Some((bytes, _)) = pdf {
            super::super::library::record_usage(conn, &notice, row.id, ctx.now)?;
            store::insert_provisions(conn, row.id, id, &notice)?;
            super::super::register::publish_issued(conn, ctx, &record, &notice, id)?;
            issue::deliver(conn, ctx, reference, id, &notice, bytes, issued_on)?;
        }
        review::tell(conn, ctx, &row, &record, action, version, step.comment)?;
        audit(ctx, conn, &format!("notice.{}", next.slug()), reference)?;
        if own {
            audit(ctx, conn, "notice.approve.own", reference)?;
        }
        Ok::<(), ServiceError>(())
    })?;
    get(conn, ctx, reference)
}

fn action_word(action: NoticeAction) -> &'static str {
    match action {
        NoticeAction::Save => "save",
        NoticeAction::Submit => "submit",
        NoticeAction::Approve => "approve",
        NoticeAction::Return => "return",
        NoticeAction::Issue => "issue",
    }
}

/// The date a notice is issued on: today unless given, never after today.
fn issue_date(
    ctx: &Context<'_>,
    date: Option<chrono::NaiveDate>,
) -> Result<chrono::NaiveDate, ServiceError> {
    let issued_on = date.unwrap_or(ctx.today);
    if issued_on > ctx.today {
        return Err(ServiceError::invalid(
            "date_in_future",
            format!(
                "a notice cannot be issued on {}, which is after today",
                crate::domain::timeline::human_date(issued_on)
            ),
        ));
    }
    Ok(issued_on)
}
