//! Issuing a notice: the date fixed, the PDF rendered and frozen with its SHA-256, the decision
//! issued on the case, and the notice delivered to both parties (their PDF copy attached and a
//! private link to download it); and the downloads those links give.

use super::super::cases::{Context, record_of};
use super::super::notify::{self, PartyCopy};
use super::super::{ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::notices::{self as store, DownloadCopy, StoredVersion};
use crate::domain::authority::Complainant;
use crate::domain::case::{Command, IssuePermit};
use crate::domain::notice::Notice;
use crate::domain::parties::CaseReference;
use crate::mail::Attachment;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

/// Dates the notice, renders its PDF and issues the decision on the case (the appeal window
/// and the steps period start); returns the PDF and its SHA-256.
///
/// # Errors
/// Not approved; a notice that does not resolve or render; whatever the case refuses.
pub(super) fn freeze(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    stored: &StoredVersion,
    notice: &mut Notice,
    issued_on: NaiveDate,
) -> Result<(Vec<u8>, String), ServiceError> {
    let permit = IssuePermit::for_notice(stored.state).ok_or_else(|| {
        ServiceError::Conflict("only an approved notice can be issued".to_owned())
    })?;
    notice.date = Some(issued_on);
    let resolved = notice.resolve(true).map_err(|findings| {
        ServiceError::invalid(
            "pre_issue_checks",
            findings
                .iter()
                .map(|f| crate::domain::labelled::labelled(&f.location, &f.message))
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    let bytes = super::render_in(None, &resolved, issued_on)?;
    let hash: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    // FOIA s53(1): only the authorities it names may give a certificate; the notice carries
    // the authority's standing so the case shows the s53 window (s53(2), 20 working days).
    let s53_certificate = crate::db::cases::with_parties(conn, reference.as_str())?
        .is_some_and(|(_, authority, _)| authority.s53_certificate);
    let issue = Command::IssueDecision {
        permit,
        date: issued_on,
        sent: issued_on,
        steps_period_days: notice.steps_period_days,
        s53_certificate,
    };
    super::super::cases::command_in(conn, ctx, reference, issue)?;
    Ok((bytes, hash))
}

/// The parties' copy: the notice with the complainant's name and address on it. It goes only
/// to the complainant (attached to their email, or through their private link) and is never
/// published.
///
/// # Errors
/// A notice that does not resolve or render.
pub(crate) fn party_pdf(
    notice: &Notice,
    complainant: &Complainant,
    today: NaiveDate,
    permit: Option<&crate::pdf::RenderPermit>,
) -> Result<Vec<u8>, ServiceError> {
    let mut resolved = notice.resolve(notice.date.is_some()).map_err(|f| {
        ServiceError::invalid("unresolved_references", format!("{} problems", f.len()))
    })?;
    let mut lines = vec![complainant.name.clone()];
    lines.extend(
        complainant
            .postal_address
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.trim().is_empty()),
    );
    resolved.complainant = Some(lines);
    super::render_in(permit, &resolved, notice.date.unwrap_or(today))
}

/// A new private download link for an issued version.
fn link(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case_id: i64,
    version_id: i64,
    copy: DownloadCopy,
) -> Result<String, ServiceError> {
    let token = super::super::users::random_secret(24);
    let hash = super::super::users::token_hash(&token);
    store::insert_download(conn, &hash, case_id, version_id, copy, stamp(ctx.now))?;
    Ok(format!(
        "{}/notices/{token}",
        ctx.mail.public_url.trim_end_matches('/')
    ))
}

/// Queues the decision to both parties with their copies, in the issuing transaction.
///
/// # Errors
/// A render or database failure: the issue is then refused as a whole.
pub(super) fn deliver(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    version_id: i64,
    notice: &Notice,
    published: Vec<u8>,
    issued_on: NaiveDate,
) -> Result<(), ServiceError> {
    // Read again: the decision just issued set the steps and appeal dates.
    let (row, record) = record_of(conn, ctx, reference)?;
    let party = party_pdf(notice, &record.complainant, ctx.today, None)?;
    let filename = format!("{reference}-decision-notice.pdf");
    let pdf = |content: Vec<u8>| Attachment {
        filename: filename.clone(),
        content_type: "application/pdf".to_owned(),
        content,
    };
    let copies = (
        PartyCopy {
            pdf: pdf(published),
            url: link(conn, ctx, row.id, version_id, DownloadCopy::Published)?,
        },
        PartyCopy {
            pdf: pdf(party),
            url: link(conn, ctx, row.id, version_id, DownloadCopy::Party)?,
        },
    );
    let state = record.case.state();
    notify::notice_issued(
        conn,
        ctx,
        &row,
        state.officer_id,
        &state.evaluation,
        issued_on,
        copies,
    )
}

/// The PDF a party's private link gives, with the case reference: the frozen published notice,
/// or the parties' copy rendered again from the frozen notice.
///
/// # Errors
/// Not found for a link that does not exist.
pub fn download(
    conn: &mut AnyConnection,
    token: &str,
    today: NaiveDate,
) -> Result<(String, Vec<u8>), ServiceError> {
    let gone = || ServiceError::NotFound("this download link is not known".to_owned());
    let hash = super::super::users::token_hash(token);
    let (case_id, version_id, copy) = store::download(conn, &hash)?.ok_or_else(gone)?;
    let case = crate::db::cases::by_id(conn, case_id)?;
    let bytes = match copy {
        DownloadCopy::Published => store::pdf(conn, version_id)?.ok_or_else(gone)?,
        DownloadCopy::Party => {
            let stored = store::by_id(conn, version_id)?.ok_or_else(gone)?;
            let complainant = crate::db::authorities::complainant(conn, case.complainant_id)?;
            party_pdf(&stored.notice, &complainant, today, None)?
        }
    };
    Ok((case.reference, bytes))
}
