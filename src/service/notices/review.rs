//! Four eyes on a notice: the approver is never someone who saved a version of its text (unless
//! the office allows it, audited), and the people concerned are emailed at each step: the
//! managers when it is submitted, its authors when it is returned or approved.

use super::super::ServiceError;
use super::super::cases::{CaseRecord, Context};
use super::super::notify::{self, StepMail};
use crate::db::AnyConnection;
use crate::db::notices as store;
use crate::db::rows::CaseRow;
use crate::domain::notice::NoticeAction;
use crate::domain::notice::draft::RegulatorDetails;
use crate::domain::outbox::RecipientRole;
use crate::domain::parties::Role;
use crate::mail::EmailKind;

/// Whether the actor approving wrote some of the notice: refused, unless the office allows a
/// manager to approve their own notice (then true, and the approval is audited as such).
///
/// # Errors
/// Forbidden for an author where self-approval is off; database failures.
pub(super) fn approving_own(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case_id: i64,
    regulator: &RegulatorDetails,
) -> Result<bool, ServiceError> {
    let authors = store::editors(conn, case_id)?;
    if !authors.contains(&ctx.actor.user_id) {
        return Ok(false);
    }
    if regulator.self_approval {
        Ok(true)
    } else {
        Err(ServiceError::Forbidden(
            "You wrote or edited this notice, so another manager must approve it.".to_owned(),
        ))
    }
}

/// Emails the people concerned by a step: submitted → every active manager; returned or
/// approved → whoever saved a version of the text.
///
/// # Errors
/// Database failures; a template error.
pub(super) fn tell(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    row: &CaseRow,
    record: &CaseRecord,
    action: NoticeAction,
    version: i32,
    comment: Option<&str>,
) -> Result<(), ServiceError> {
    let (kind, recipients) = match action {
        NoticeAction::Submit => (
            EmailKind::NoticeSubmitted,
            crate::db::users::active_with_roles(conn, &[Role::Manager])?
                .into_iter()
                .map(|m| (m, RecipientRole::Manager))
                .collect(),
        ),
        NoticeAction::Return | NoticeAction::Approve => {
            let mut authors = Vec::new();
            for id in store::editors(conn, row.id)? {
                if let Some(member) = crate::db::users::by_id(conn, id)?
                    && member.active
                {
                    authors.push((member, RecipientRole::Officer));
                }
            }
            let kind = if action == NoticeAction::Return {
                EmailKind::NoticeReturned
            } else {
                EmailKind::NoticeApproved
            };
            (kind, authors)
        }
        NoticeAction::Save | NoticeAction::Issue => return Ok(()),
    };
    let actor_name =
        crate::db::users::name_of(conn, ctx.actor.user_id)?.unwrap_or_else(|| "A manager".into());
    notify::notice_step(
        conn,
        ctx,
        row,
        &record.authority.formal_name,
        &StepMail {
            kind,
            version,
            actor_name: &actor_name,
            comment,
            recipients,
        },
    )
}
