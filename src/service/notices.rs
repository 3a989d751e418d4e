//! Decision notices on a case: draft from the case record, save versions, submit, approve,
//! return, issue (fixing the date, freezing the PDF with its SHA-256, and issuing the decision
//! on the case: the only way `decision_notice_issued` is recorded), correct an issued decision
//! (managers), render and compare versions.

use super::cases::{CaseRecord, Context, load_for_change, load_for_read, record_of};
use super::{ServiceError, stamp};
use crate::db::AnyConnection;
pub use crate::db::notices::VersionSummary;
use crate::db::notices::{self as store, NewVersion, StoredVersion};
use crate::db::rows::CaseRow;
use crate::domain::case::{Case, Command, Correction};
use crate::domain::deadline::{DeadlineName, Status};
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::notice::checks::{CaseFacts, check};
use crate::domain::notice::draft::{DraftFacts, RegulatorDetails, draft};

mod issue;
mod review;
mod workflow;

use crate::domain::notice::{DiffLine, Finding, Notice, NoticeAction, NoticeState, diff};
use crate::domain::parties::CaseReference;
use crate::domain::timeline::EventKind;
pub use issue::download;
pub use workflow::{Step, act};

/// A notice version with what blocks issuing it.
#[derive(Debug, Clone)]
pub struct NoticeRecord {
    /// The case.
    pub reference: String,
    /// The version.
    pub stored: StoredVersion,
    /// What blocks issuing (none once issued).
    pub findings: Vec<Finding>,
}

/// The case, refusing an actor who may not change it.
fn require_change(ctx: &Context<'_>, case: &Case) -> Result<(), ServiceError> {
    if case.may_change(ctx.actor) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "case {} is not allocated to you; only its officer or a manager may change it",
            case.header().reference
        )))
    }
}

fn no_notice(reference: &CaseReference) -> ServiceError {
    ServiceError::NotFound(format!("case {reference} has no decision notice yet"))
}

/// The facts of the case the checks and the drafter need.
fn facts(record: &CaseRecord) -> (CaseFacts, DraftFacts) {
    let case = &record.case;
    let regime = case.header().regime;
    let events = case.effective();
    let first = |k: EventKind| {
        events
            .iter()
            .find(|e| e.kind == CaseEventKind::Clock(k))
            .map(|e| e.date)
    };
    let evaluation = &case.state().evaluation;
    let late = |name: DeadlineName| {
        evaluation
            .get(name)
            .filter(|d| d.status == Status::MetLate)
            .and_then(|d| d.date.map(|date| (date, d.working_days_late)))
    };
    let review_late = if regime.is_environmental() {
        late(DeadlineName::ReconsiderationDue)
    } else {
        late(DeadlineName::InternalReviewDue)
    };
    let case_facts = CaseFacts {
        complainant_name: Some(record.complainant.name.clone()),
        complainant_email: record.complainant.email.clone(),
        event_dates: events
            .iter()
            .filter_map(|e| match e.kind {
                CaseEventKind::Clock(k) => Some((k.slug().to_owned(), e.date)),
                CaseEventKind::Workflow(_) => None,
            })
            .collect(),
    };
    let authority = &record.authority;
    let draft_facts = DraftFacts {
        references: vec![case.header().reference.clone()],
        eir: regime.is_environmental(),
        authority_name: authority.formal_name.clone(),
        authority_short: authority.referred_to(),
        authority_address: authority
            .address
            .lines()
            .map(str::to_owned)
            .filter(|l| !l.trim().is_empty())
            .collect(),
        request: first(EventKind::RequestReceived),
        response: first(EventKind::ResponseSent),
        late_response: late(DeadlineName::ResponseDue),
        review_requested: first(EventKind::InternalReviewRequested),
        review_completed: first(EventKind::InternalReviewCompleted),
        late_review: review_late.map(|(due, wd)| {
            (
                due,
                wd,
                case.summary().review_working_days.map_or(0, i64::from),
            )
        }),
        complaint: first(EventKind::ComplaintReceived),
        steps_period_days: None,
        signatory: (
            record.officer_name.clone().unwrap_or_default(),
            "Senior Case Officer".to_owned(),
        ),
    };
    (case_facts, draft_facts)
}

#[expect(
    clippy::too_many_arguments,
    reason = "the columns of one version, written together"
)]
fn insert_version(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    version: i32,
    notice: &Notice,
    state: NoticeState,
    comment: Option<&str>,
    pdf: Option<(&[u8], &str)>,
) -> Result<i64, ServiceError> {
    Ok(store::insert(
        conn,
        case.id,
        &NewVersion {
            version,
            notice,
            state,
            comment,
            pdf,
            created_by: ctx.actor.user_id,
            created_at: stamp(ctx.now),
        },
    )?)
}

fn audit(
    ctx: &Context<'_>,
    conn: &mut AnyConnection,
    action: &str,
    reference: &CaseReference,
) -> Result<(), ServiceError> {
    super::authorities::audit(conn, ctx.actor, action, reference.as_str(), stamp(ctx.now))
}

/// The latest version of the case's notice with the findings that block issuing.
///
/// # Errors
/// Not found when the case has no notice yet (or cannot be seen).
pub fn get(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<NoticeRecord, ServiceError> {
    let (row, record) = record_of(conn, ctx, reference)?;
    let stored = store::latest(conn, row.id)?.ok_or_else(|| no_notice(reference))?;
    let findings = if stored.state == NoticeState::Issued {
        Vec::new()
    } else {
        check(&stored.notice, &facts(&record).0)
    };
    Ok(NoticeRecord {
        reference: row.reference,
        stored,
        findings,
    })
}

/// Drafts a notice from the case record. Refuses to overwrite an existing draft unless asked.
///
/// # Errors
/// Conflict when a notice exists and `replace` is false; forbidden for other officers.
pub fn generate(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    regulator: &RegulatorDetails,
    steps_period_days: Option<u32>,
    replace: bool,
) -> Result<NoticeRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, record) = record_of(conn, ctx, reference)?;
        require_change(ctx, &record.case)?;
        if !record.case.status().may_draft_notice() {
            return Err(ServiceError::Conflict(format!(
                "A decision notice is drafted while an accepted complaint is allocated and \
                 under investigation; case {reference} is \"{}\".",
                record.case.status().label()
            )));
        }
        let current = store::latest(conn, row.id)?;
        if let Some(v) = &current {
            if !replace {
                return Err(ServiceError::Conflict(format!(
                    "case {reference} already has a notice (version {}); regenerating would \
                     overwrite the edits — send \"replace\": true to do so",
                    v.version
                )));
            }
            v.state
                .apply(NoticeAction::Save)
                .map_err(ServiceError::Conflict)?;
        }
        let (_, mut draft_facts) = facts(&record);
        draft_facts.steps_period_days = steps_period_days;
        let notice = draft(&draft_facts, regulator);
        let version = current.map_or(1, |v| v.version + 1);
        insert_version(
            conn,
            ctx,
            &row,
            version,
            &notice,
            NoticeState::Draft,
            None,
            None,
        )?;
        audit(ctx, conn, "notice.generate", reference)
    })?;
    get(conn, ctx, reference)
}

/// Saves an edited notice as a new version.
///
/// # Errors
/// Conflict when submitted or issued; invalid when the notice is not for this case.
pub fn save(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    mut notice: Notice,
) -> Result<NoticeRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        require_change(ctx, &case)?;
        if notice.references.is_empty() {
            notice.references.push(row.reference.clone());
        }
        if !notice.references.iter().any(|r| r == &row.reference) {
            return Err(ServiceError::invalid(
                "wrong_case",
                format!("the notice's references do not include {reference}"),
            ));
        }
        notice
            .check_text()
            .map_err(|m| ServiceError::invalid("notice_text", m))?;
        if notice.date.is_some() {
            return Err(ServiceError::invalid(
                "date_set_on_issue",
                "the notice date is fixed when it is issued; leave it empty",
            ));
        }
        let current = store::latest(conn, row.id)?;
        let state = current.as_ref().map_or(NoticeState::Draft, |v| v.state);
        let next = state
            .apply(NoticeAction::Save)
            .map_err(ServiceError::Conflict)?;
        let version = current.map_or(1, |v| v.version + 1);
        insert_version(conn, ctx, &row, version, &notice, next, None, None)?;
        audit(ctx, conn, "notice.save", reference)
    })?;
    get(conn, ctx, reference)
}

/// Corrects the issued decision on the case (its date, or its withdrawal when issued in
/// error): managers only, audited, through the notice workflow rather than the events door.
///
/// # Errors
/// Forbidden for officers; conflict when no decision was issued; an impossible timeline.
pub fn correct_issue(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    correction: Correction,
    reason: &str,
) -> Result<CaseRecord, ServiceError> {
    let command = Command::CorrectDecision {
        correction,
        reason: reason.to_owned(),
    };
    super::cases::command(conn, ctx, reference, command)
}

pub(crate) fn render_failed(e: crate::pdf::RenderError) -> ServiceError {
    match e {
        crate::pdf::RenderError::Busy => ServiceError::Unavailable(RENDER_BUSY.to_owned()),
        other => ServiceError::invalid("render_failed", other.to_string()),
    }
}

/// Takes a render slot for [`pdf`], waiting for one (call it off the request threads, before
/// taking a connection).
///
/// # Errors
/// Unavailable when the queue for slots is full.
pub fn render_permit() -> Result<crate::pdf::RenderPermit, ServiceError> {
    crate::pdf::RenderPermit::acquire().map_err(render_failed)
}

/// What a person is told when every render slot is taken and the queue is full.
pub const RENDER_BUSY: &str = "Too many notices are being typeset at the moment, so the PDF was \
not made. Try again in a few seconds.";

/// The PDF of the latest version: the frozen PDF once issued, else a draft with a watermark
/// (a cross-reference that cannot be resolved yet reads "paragraph ??" and the problems are
/// listed at its top). `party_copy` adds the complainant's details. The caller takes the render
/// slot before the connection (see [`crate::pdf::RenderPermit`]).
///
/// # Errors
/// Not found, or a render error in words.
pub fn pdf(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    party_copy: bool,
    permit: &crate::pdf::RenderPermit,
) -> Result<Vec<u8>, ServiceError> {
    let (row, record) = record_of(conn, ctx, reference)?;
    let stored = store::latest(conn, row.id)?.ok_or_else(|| no_notice(reference))?;
    if party_copy {
        return issue::party_pdf(&stored.notice, &record.complainant, ctx.today, Some(permit));
    }
    if stored.state == NoticeState::Issued {
        return store::pdf(conn, stored.id)?.ok_or_else(|| {
            ServiceError::Unexpected(anyhow::anyhow!("issued notice {} has no PDF", stored.id))
        });
    }
    preview(&stored.notice, ctx.today, Some(permit))
}

/// A draft's PDF, rendered whatever its problems, in `permit`'s slot or one of its own.
///
/// # Errors
/// A render error in words.
pub fn preview(
    notice: &Notice,
    today: chrono::NaiveDate,
    permit: Option<&crate::pdf::RenderPermit>,
) -> Result<Vec<u8>, ServiceError> {
    let (resolved, _) = notice.resolve_with_problems(false);
    render_in(permit, &resolved, today)
}

/// Renders in the slot already taken, or waits for one.
pub(crate) fn render_in(
    permit: Option<&crate::pdf::RenderPermit>,
    resolved: &crate::domain::notice::ResolvedNotice,
    today: chrono::NaiveDate,
) -> Result<Vec<u8>, ServiceError> {
    match permit {
        Some(p) => p.render(resolved, today),
        None => crate::pdf::render_bounded(resolved, today),
    }
    .map_err(render_failed)
}

/// Saves an earlier version's text as the newest version (a draft again), if nobody saved
/// another version since `expected_version` was read.
///
/// # Errors
/// Not found for a version that does not exist; conflict when a newer version exists or the
/// notice cannot be edited in its state; forbidden.
pub fn restore(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    expected_version: i32,
    earlier: i32,
) -> Result<NoticeRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, _) = load_for_read(conn, ctx, reference)?;
        let old = store::version(conn, row.id, earlier)?.ok_or_else(|| {
            ServiceError::NotFound(format!("case {reference} has no notice version {earlier}"))
        })?;
        let record = edit(conn, ctx, reference, expected_version, |notice| {
            let mut text = old.notice;
            // The date is fixed only at issue; an earlier issued version's date is not restored.
            text.date = None;
            *notice = text;
            Ok(())
        })?;
        audit(ctx, conn, "notice.restore", reference)?;
        Ok(record)
    })
}

/// The differences between two versions.
///
/// # Errors
/// Not found when either version does not exist.
pub fn compare(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    from: i32,
    to: i32,
) -> Result<Vec<DiffLine>, ServiceError> {
    let (row, _) = load_for_read(conn, ctx, reference)?;
    let mut body = |v: i32| -> Result<Notice, ServiceError> {
        Ok(store::version(conn, row.id, v)?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("case {reference} has no notice version {v}"))
            })?
            .notice)
    };
    let a = body(from)?;
    let b = body(to)?;
    Ok(diff(&a, &b))
}

/// Applies an edit to the latest version and saves the result as a new version, in one
/// transaction, only if nobody saved another version since `expected_version` was read.
///
/// # Errors
/// Conflict when a newer version exists or the notice cannot be edited in its state; whatever
/// the edit refuses; forbidden; not found.
pub fn edit(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    expected_version: i32,
    change: impl FnOnce(&mut Notice) -> Result<(), ServiceError>,
) -> Result<NoticeRecord, ServiceError> {
    crate::db::write_transaction(conn, |conn| {
        let (row, case) = load_for_change(conn, ctx, reference)?;
        require_change(ctx, &case)?;
        let stored = store::latest(conn, row.id)?.ok_or_else(|| no_notice(reference))?;
        if stored.version != expected_version {
            return Err(ServiceError::Stale(format!(
                "Version {} of this notice was saved after you opened version \
                 {expected_version}, so your change was not applied. Reload the page and make \
                 it again.",
                stored.version
            )));
        }
        let mut notice = stored.notice.clone();
        change(&mut notice)?;
        if notice == stored.notice {
            // Nothing changed (an autosave of what is saved): no new version, approval kept.
            return get(conn, ctx, reference);
        }
        save(conn, ctx, reference, notice)
    })
}

/// Saves `notice` as a new version; with `expected_version`, only if that is still the latest
/// (the API's `If-Match`), as the editor's own check does.
///
/// # Errors
/// As [`save`]; stale when another version was saved since `expected_version`.
pub fn replace(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    notice: Notice,
    expected_version: Option<i32>,
) -> Result<NoticeRecord, ServiceError> {
    match expected_version {
        Some(version) => edit(conn, ctx, reference, version, |stored| {
            *stored = notice;
            Ok(())
        }),
        None => save(conn, ctx, reference, notice),
    }
}

/// Every version of a case's notice, newest first.
///
/// # Errors
/// Not found (also when the actor may not see the case).
pub fn versions(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<Vec<VersionSummary>, ServiceError> {
    let (row, _) = load_for_read(conn, ctx, reference)?;
    Ok(store::history(conn, row.id)?)
}

/// The notices waiting for a manager's approval, oldest submission first (managers only).
///
/// # Errors
/// Forbidden for officers; database failures.
pub fn awaiting_approval(
    conn: &mut AnyConnection,
    actor: &crate::domain::staff::Actor,
) -> Result<Vec<store::AwaitingApproval>, ServiceError> {
    actor.require_manager("see the notices awaiting approval")?;
    Ok(store::awaiting_approval(conn)?)
}
