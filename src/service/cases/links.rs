//! Links between cases (the same request, a repeat complainant, the same matter at the
//! authority): stored once, shown on both cases with the other's reference and authority.

use super::{CaseRecord, Context, detail, load_for_change, not_found};
use crate::db::case_record as store;
use crate::db::{AnyConnection, cases};
use crate::domain::case::RecordCommand;
use crate::domain::case::record::LinkKind;
use crate::domain::parties::CaseReference;
use crate::service::authorities::audit;
use crate::service::{ServiceError, stamp};

/// The other case's storage id, refusing the case itself and a reference that is not a case.
fn other_case(
    conn: &mut AnyConnection,
    reference: &CaseReference,
    other: &str,
) -> Result<i64, ServiceError> {
    let other = other.trim();
    if other.eq_ignore_ascii_case(reference.as_str()) {
        return Err(ServiceError::invalid(
            "link_to_itself",
            format!(
                "A case cannot be linked to itself: give the reference of the case {reference} is linked to"
            ),
        ));
    }
    let unknown = || {
        ServiceError::invalid(
            "link_unknown_case",
            format!("There is no case {other}: check the reference (for example IC-123456-AB12)"),
        )
    };
    let parsed = CaseReference::parse(other).map_err(|_| unknown())?;
    if parsed.as_str() == reference.as_str() {
        return Err(ServiceError::invalid(
            "link_to_itself",
            format!(
                "A case cannot be linked to itself: give the reference of the case {reference} is linked to"
            ),
        ));
    }
    Ok(cases::find(conn, parsed.as_str())?.ok_or_else(unknown)?.id)
}

/// Links the case to another (whoever may change the case).
///
/// # Errors
/// The case itself or an unknown reference (422), already linked (409), forbidden, not found.
pub fn link(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    other: &str,
    kind: LinkKind,
) -> Result<CaseRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        case.authorize_record(ctx.actor, RecordCommand::Link)?;
        let other_id = other_case(conn, reference, other)?;
        if store::linked(conn, row.id, other_id)? {
            return Err(ServiceError::Conflict(format!(
                "Case {reference} is already linked to {}; remove that link first to change how",
                other.trim()
            )));
        }
        let at = stamp(ctx.now);
        store::add_link(conn, row.id, other_id, kind.slug(), ctx.actor.user_id, at)?;
        audit(
            conn,
            ctx.actor,
            RecordCommand::Link.audit_action(),
            &row.reference,
            at,
        )
    })?;
    detail(conn, ctx, reference)
}

/// Removes the link between the case and another (whoever may change the case).
///
/// # Errors
/// No such link (404), forbidden, not found.
pub fn unlink(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    other: &str,
) -> Result<CaseRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        case.authorize_record(ctx.actor, RecordCommand::Unlink)?;
        let other_id = match CaseReference::parse(other.trim()) {
            Ok(r) => cases::find(conn, r.as_str())?.map(|c| c.id),
            Err(_) => None,
        }
        .ok_or_else(|| not_found(other.trim()))?;
        if store::remove_link(conn, row.id, other_id)? == 0 {
            return Err(ServiceError::NotFound(format!(
                "Case {reference} is not linked to {}",
                other.trim()
            )));
        }
        audit(
            conn,
            ctx.actor,
            RecordCommand::Unlink.audit_action(),
            &row.reference,
            stamp(ctx.now),
        )
    })?;
    detail(conn, ctx, reference)
}
