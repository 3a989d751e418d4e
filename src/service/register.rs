//! The public register's use cases: publishing a notice when it is issued (in the issuing
//! transaction), following its case afterwards (an appeal, a moved steps date, a withdrawn
//! decision), a manager withholding or republishing one with a recorded reason (audited), the
//! counts managers audit, the public search and permalinks, officers' similar decisions, and
//! importing historical notices.

use super::cases::{CaseRecord, Context};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::register::search::{self, Hit};
use crate::db::register::{self as store, Counts, LiveFields, Origin, StoredEntry, Withheld};
use crate::domain::case::CaseState;
use crate::domain::case::Summary;
use crate::domain::deadline::{Deadline, DeadlineName};
use crate::domain::notice::{Notice, ProvisionDecided};
use crate::domain::register::appeal::PublicAppeal;
use crate::domain::register::redaction::complainant_traces;
use crate::domain::register::{Entry, Filter, KeyDates, Source, Visibility, body_of, summary_of};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::HashMap;

/// The last day to appeal the notice, from the case's deadlines (`AppealLastDay`: GRC Rules
/// 2009 r22(1)(b) and r12; FOISA s56 for a Scottish notice).
fn window_of(deadlines: &[Deadline]) -> Option<NaiveDate> {
    deadlines
        .iter()
        .find(|d| d.name == DeadlineName::AppealLastDay)
        .and_then(|d| d.date)
}

/// The appeal a case's entry shows, from the appeals record.
fn appeal_of(
    conn: &mut AnyConnection,
    case_id: i64,
    window_until: Option<NaiveDate>,
) -> Result<PublicAppeal, ServiceError> {
    let appeals = crate::db::appeals::of_case(conn, case_id)?
        .iter()
        .map(|(r, p)| crate::db::appeals::appeal(r, p))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(PublicAppeal::of(&appeals, window_until))
}

fn dates_of(summary: &Summary) -> KeyDates {
    KeyDates {
        request_received: summary.request_received,
        response_sent: summary.response_sent,
        review_requested: summary.review_requested,
        review_completed: summary.review_completed,
        complaint_received: summary.complaint_received,
        allocated_on: summary.allocated_on,
    }
}

/// Publishes the notice just issued on the case: a copy with the complainant removed (the
/// pre-issue check already refused any trace of them; it is checked again here, and a trace
/// refuses the whole issue), its outcome per provision as recorded on issuing, the case's key
/// dates, steps and appeal status. Runs inside the issuing transaction.
///
/// # Errors
/// Invalid when the complainant can be traced in the published text; database failures.
pub(crate) fn publish_issued(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    record: &CaseRecord,
    notice: &Notice,
    notice_version_id: i64,
) -> Result<(), ServiceError> {
    let traces = complainant_traces(
        notice,
        Some(&record.complainant.name),
        record.complainant.email.as_deref(),
    );
    if !traces.is_empty() {
        return Err(ServiceError::invalid(
            "complainant_named",
            "the notice cannot be published: the complainant can be traced in it",
        ));
    }
    let header = record.case.header();
    // The summary as the issue just stored it in this transaction (steps due, status).
    let case = crate::db::cases::find(conn, header.reference.as_str())?
        .ok_or_else(|| ServiceError::NotFound(format!("case {}", header.reference)))?;
    // The deadlines with the notice just issued (the window to appeal).
    let reference = crate::domain::parties::CaseReference::parse(&header.reference)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!("stored case reference: {m}")))?;
    let (_, issued) = super::cases::load_for_change(conn, ctx, &reference)?;
    let window = window_of(issued.deadlines());
    let issued_on = notice.date.or(case.decided_on).unwrap_or(ctx.today);
    let entry = Entry {
        reference: header.reference.as_str().to_owned(),
        source: Source::Issued,
        visibility: Visibility::Published,
        issued_on,
        authority_id: Some(record.authority.id),
        authority_name: record.authority.formal_name.clone(),
        sector: record.authority.sector,
        regime: header.regime,
        summary: summary_of(notice),
        body: body_of(notice),
        structure: Some(crate::domain::register::text::of_notice(notice)),
        dates: KeyDates {
            request_received: case.request_received,
            response_sent: case.response_sent,
            review_requested: case.review_requested,
            review_completed: case.review_completed,
            complaint_received: case.complaint_received,
            allocated_on: case.allocated_on,
        },
        steps_period_days: notice.steps_period_days.and_then(|d| i32::try_from(d).ok()),
        steps_due: case.steps_due,
        appeal: appeal_of(conn, case.id, window)?,
        provisions: store::decided_provisions(conn, notice_version_id)?,
        pdf_url: None,
    };
    let origin = Origin {
        case_id: case.id,
        notice_version_id,
    };
    store::insert(conn, &entry, Some(origin), stamp(ctx.now))?;
    super::authorities::audit(
        conn,
        ctx.actor,
        "register.publish",
        &entry.reference,
        stamp(ctx.now),
    )
}

/// Keeps a case's published entry in step after a change to the case (inside its
/// transaction): key dates, the steps' due date, the appeal status and the notice's date; a
/// decision withdrawn as issued in error takes the notice off the register, with that reason.
///
/// # Errors
/// Database failures.
pub(crate) fn follow_case(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case_id: i64,
    state: &CaseState,
) -> Result<(), ServiceError> {
    let summary = &state.summary;
    let Some(stored) = store::find_for_case(conn, case_id)? else {
        return Ok(());
    };
    let at = stamp(ctx.now);
    let Some(issued_on) = summary.decided_on else {
        if stored.entry.visibility == Visibility::Published {
            store::set_visibility(
                conn,
                stored.id,
                Visibility::Withheld,
                "The decision notice was withdrawn as issued in error.",
                ctx.actor.user_id,
                at,
            )?;
            super::authorities::audit(
                conn,
                ctx.actor,
                "register.withdrawn",
                &stored.entry.reference,
                at,
            )?;
        }
        return Ok(());
    };
    let live = LiveFields {
        issued_on,
        dates: dates_of(summary),
        steps_due: summary.steps_due,
        appeal: appeal_of(conn, case_id, window_of(&state.evaluation.deadlines))?,
    };
    let current = LiveFields {
        issued_on: stored.entry.issued_on,
        dates: stored.entry.dates,
        steps_due: stored.entry.steps_due,
        appeal: stored.entry.appeal,
    };
    if live != current {
        store::update_live(conn, stored.id, &live, at)?;
    }
    Ok(())
}

/// Keeps a case's published entry in step after a change to one of its appeals (inside its
/// transaction, once the appeal's record is stored): the court, reference, outcome and date of
/// the latest proceeding. The update moves the register's generation on, so every server's
/// facet index ("appealed") is rebuilt before its next search.
///
/// # Errors
/// Database failures; a stored value that does not parse.
pub(crate) fn follow_appeals(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case_id: i64,
) -> Result<(), ServiceError> {
    let Some(stored) = store::find_for_case(conn, case_id)? else {
        return Ok(());
    };
    let appeal = appeal_of(conn, case_id, stored.entry.appeal.window_until)?;
    if appeal != stored.entry.appeal {
        let live = LiveFields {
            issued_on: stored.entry.issued_on,
            dates: stored.entry.dates,
            steps_due: stored.entry.steps_due,
            appeal,
        };
        store::update_live(conn, stored.id, &live, stamp(ctx.now))?;
    }
    Ok(())
}

fn reason_of(reason: &str) -> Result<String, ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::invalid(
            "reason_required",
            "Enter the reason the notice is withheld or published again",
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(ServiceError::invalid(
            "reason_too_long",
            "The reason must be 1000 characters or fewer",
        ));
    }
    Ok(reason.to_owned())
}

/// A manager withholds a notice from the register, or publishes a withheld one again, with a
/// recorded reason (audited).
///
/// # Errors
/// Forbidden for officers; not found; conflict when it already is so; invalid without a reason.
pub fn set_visibility(
    conn: &mut AnyConnection,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    reference: &str,
    visibility: Visibility,
    reason: &str,
) -> Result<(), ServiceError> {
    actor.require_manager("withhold or publish notices on the register")?;
    let reason = reason_of(reason)?;
    let reference = reference.trim().to_ascii_uppercase();
    crate::db::write_transaction(conn, |conn| {
        let stored = store::find(conn, &reference)?.ok_or_else(|| {
            ServiceError::invalid(
                "not_on_register",
                format!("{reference} is not a notice on the register"),
            )
        })?;
        if stored.entry.visibility == visibility {
            return Err(ServiceError::Conflict(format!(
                "{reference} is already {}",
                visibility.label().to_lowercase()
            )));
        }
        let at = stamp(now);
        store::set_visibility(conn, stored.id, visibility, &reason, actor.user_id, at)?;
        let action = match visibility {
            Visibility::Withheld => "register.withhold",
            Visibility::Published => "register.republish",
        };
        super::authorities::audit(conn, actor, action, &reference, at)
    })
}

/// What managers see of publication: the counts and every withheld notice with its reason.
#[derive(Debug, Clone)]
pub struct Publication {
    /// Issued, published, withheld, imported.
    pub counts: Counts,
    /// Withheld notices.
    pub withheld: Vec<Withheld>,
}

/// The register's counts and withheld notices (managers).
///
/// # Errors
/// Forbidden for officers; database failures.
pub fn publication(conn: &mut AnyConnection, actor: &Actor) -> Result<Publication, ServiceError> {
    actor.require_manager("see the register's publication counts")?;
    Ok(Publication {
        counts: store::counts(conn)?,
        withheld: store::withheld(conn)?,
    })
}

/// A page of the public search.
#[derive(Debug, Clone, Default)]
pub struct Results {
    /// How many match.
    pub total: i64,
    /// This page.
    pub hits: Vec<Hit>,
    /// Facet → (value, count), most first.
    pub facets: HashMap<String, Vec<(String, i64)>>,
    /// In order of relevance (few enough matches of the words); otherwise the latest first.
    pub ranked: bool,
}

/// The public search: a page of published notices and the facets of everything matched.
///
/// # Errors
/// Database failures.
pub fn search(
    conn: &mut AnyConnection,
    filter: &Filter,
    limit: i64,
    offset: i64,
    with_facets: bool,
) -> Result<Results, ServiceError> {
    let found = search::search(conn, filter, limit, offset, with_facets)?;
    Ok(Results {
        total: found.total,
        hits: found.hits,
        facets: found.facets,
        ranked: found.ranked,
    })
}

/// The most an export (CSV, feed) holds.
pub const EXPORT_CAP: i64 = 50_000;

/// Every published notice the filter matches, for the exports (at most `cap`).
///
/// # Errors
/// Database failures.
pub fn export(
    conn: &mut AnyConnection,
    filter: &Filter,
    cap: i64,
) -> Result<Vec<StoredEntry>, ServiceError> {
    Ok(search::all(conn, filter, cap.min(EXPORT_CAP))?)
}

/// A published notice by its reference (a withheld one is not found).
///
/// # Errors
/// Not found.
pub fn decision(conn: &mut AnyConnection, reference: &str) -> Result<StoredEntry, ServiceError> {
    store::find(conn, &reference.trim().to_ascii_uppercase())?
        .filter(|s| s.entry.visibility == Visibility::Published)
        .ok_or_else(|| ServiceError::NotFound(format!("no published decision notice {reference}")))
}

/// The published PDF of a notice issued here.
///
/// # Errors
/// Not found (withheld, imported without a PDF, or unknown).
pub fn decision_pdf(conn: &mut AnyConnection, reference: &str) -> Result<Vec<u8>, ServiceError> {
    store::published_pdf(conn, &reference.trim().to_ascii_uppercase())?
        .ok_or_else(|| ServiceError::NotFound(format!("no published PDF for {reference}")))
}

/// Published decisions with the same provisions and outcomes as a notice being drafted, the
/// most in common first, with how many they share.
///
/// # Errors
/// Database failures.
pub fn similar(
    conn: &mut AnyConnection,
    provisions: &[ProvisionDecided],
    except: &str,
) -> Result<Vec<(StoredEntry, i64)>, ServiceError> {
    let pairs: Vec<_> = provisions
        .iter()
        .map(|p| (p.provision.as_str().to_owned(), p.outcome))
        .collect();
    Ok(store::similar(conn, &pairs, except, 5)?)
}

/// What importing one historical notice did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// Added to the register.
    Added,
    /// Already on it (by reference): unchanged.
    AlreadyThere,
}

/// Adds a historical notice to the register (its own transaction), linked to the authority of
/// the same formal name when there is one. A reference already on the register is left as it
/// is, so importing a file twice changes nothing.
///
/// # Errors
/// Database failures.
pub fn import(
    conn: &mut AnyConnection,
    at: NaiveDateTime,
    mut entry: Entry,
) -> Result<Imported, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        if store::find(conn, &entry.reference)?.is_some() {
            return Ok(Imported::AlreadyThere);
        }
        entry.authority_id = crate::db::authorities::by_formal_name(conn, &entry.authority_name)?
            .first()
            .map(|a| a.id);
        store::insert(conn, &entry, None, at)?;
        crate::db::audit::record(conn, None, "register.import", &entry.reference, at)?;
        Ok(Imported::Added)
    })
}
