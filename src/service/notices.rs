//! Decision notices on a case: draft from the case record, save versions, submit, approve,
//! return, issue (fixing the date, freezing the PDF with its SHA-256, recording
//! `decision_notice_issued` on the case), render and compare versions.

use super::cases::{Context, detail, load_case};
use super::events::{EventDetails, EventInput, effective, replay, to_domain};
use super::{Actor, ServiceError, stamp};
use crate::db::AnyConnection;
use crate::db::rows::{AuthorityRow, CaseRow, ComplainantRow, EventRow};
use crate::db::schema::{
    authorities, case_events, complainants, notice_provisions, notice_versions,
};
use crate::domain::deadline::{DeadlineName, Status};
use crate::domain::lifecycle::CaseEventKind;
use crate::domain::notice::{DiffLine, Finding, Notice, NoticeAction, NoticeState, diff};
use crate::domain::notice_checks::{CaseFacts, check};
use crate::domain::notice_draft::{DraftFacts, RegulatorDetails, draft};
use crate::domain::parties::CaseReference;
use crate::domain::regime::Regime;
use crate::domain::timeline::EventKind;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// A notice version as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NoticeView {
    /// The case.
    pub reference: String,
    /// Version number (every save is one).
    pub version: i32,
    /// draft, submitted, approved, returned or issued.
    pub state: String,
    /// The manager's comment when returned.
    pub comment: Option<String>,
    /// The notice.
    #[schema(value_type = Object)]
    pub notice: Notice,
    /// What blocks issuing.
    #[schema(value_type = Vec<Object>)]
    pub findings: Vec<Finding>,
    /// SHA-256 of the issued PDF.
    pub pdf_sha256: Option<String>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = notice_versions)]
struct VersionRow {
    id: i64,
    version: i32,
    body: String,
    state: String,
    comment: Option<String>,
    pdf_sha256: Option<String>,
}

/// Only the case's officer, a manager or an admin may work on its notice.
fn require_change(actor: &Actor, case: &CaseRow) -> Result<(), ServiceError> {
    if actor.sees_every_case() || case.officer_id == Some(actor.user_id) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden(format!(
            "case {} is not allocated to you",
            case.reference
        )))
    }
}

fn latest(conn: &mut AnyConnection, case_id: i64) -> Result<Option<VersionRow>, ServiceError> {
    Ok(notice_versions::table
        .filter(notice_versions::case_id.eq(case_id))
        .order(notice_versions::version.desc())
        .select(VersionRow::as_select())
        .first(conn)
        .optional()?)
}

fn parse_body(row: &VersionRow) -> Result<Notice, ServiceError> {
    serde_json::from_str(&row.body)
        .map_err(|e| ServiceError::Unexpected(anyhow::anyhow!("stored notice {}: {e}", row.id)))
}

/// The facts of the case the checks and the drafter need.
fn facts(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
) -> Result<(CaseFacts, DraftFacts), ServiceError> {
    let authority: AuthorityRow = authorities::table
        .find(case.authority_id)
        .select(AuthorityRow::as_select())
        .first(conn)?;
    let complainant: ComplainantRow = complainants::table
        .find(case.complainant_id)
        .select(ComplainantRow::as_select())
        .first(conn)?;
    let rows: Vec<EventRow> = case_events::table
        .filter(case_events::case_id.eq(case.id))
        .order(case_events::id.asc())
        .select(EventRow::as_select())
        .load(conn)?;
    let eff = effective(&rows);
    let events = to_domain(&eff)?;
    let regime = Regime::from_slug(&case.regime)
        .map_err(|m| ServiceError::Unexpected(anyhow::anyhow!(m)))?;
    let state = replay(regime, &events, ctx.settings, ctx.calendars, ctx.today)?;
    let first = |k: EventKind| {
        events
            .iter()
            .find(|e| e.kind == CaseEventKind::Clock(k))
            .map(|e| e.date)
    };
    let late = |name: DeadlineName| {
        state
            .evaluation
            .get(name)
            .filter(|d| d.status == Status::MetLate)
            .and_then(|d| d.date.map(|date| (date, d.working_days_late)))
    };
    let review_late = if regime.is_environmental() {
        late(DeadlineName::ReconsiderationDue)
    } else {
        late(DeadlineName::InternalReviewDue)
    };
    let officer = super::users::officer_name(conn, case.officer_id)?;
    let case_facts = CaseFacts {
        complainant_name: Some(complainant.name.clone()),
        complainant_email: complainant.email.clone(),
        event_dates: events
            .iter()
            .filter_map(|e| match e.kind {
                CaseEventKind::Clock(k) => Some((k.slug().to_owned(), e.date)),
                CaseEventKind::Workflow(_) => None,
            })
            .collect(),
    };
    let draft_facts = DraftFacts {
        references: vec![case.reference.clone()],
        eir: regime.is_environmental(),
        authority_name: authority.formal_name.clone(),
        authority_short: authority.short_name.clone(),
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
                state.summary.review_working_days.map_or(0, i64::from),
            )
        }),
        complaint: first(EventKind::ComplaintReceived),
        steps_period_days: None,
        signatory: (
            officer.unwrap_or_default(),
            "Senior Case Officer".to_owned(),
        ),
    };
    Ok((case_facts, draft_facts))
}

fn view(
    case: &CaseRow,
    row: &VersionRow,
    findings: Vec<Finding>,
) -> Result<NoticeView, ServiceError> {
    Ok(NoticeView {
        reference: case.reference.clone(),
        version: row.version,
        state: row.state.clone(),
        comment: row.comment.clone(),
        notice: parse_body(row)?,
        findings,
        pdf_sha256: row.pdf_sha256.clone(),
    })
}

/// A version about to be written.
struct NewVersion<'a> {
    version: i32,
    notice: &'a Notice,
    state: NoticeState,
    comment: Option<&'a str>,
    pdf: Option<(&'a [u8], &'a str)>,
}

fn insert_version(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    case: &CaseRow,
    new: &NewVersion<'_>,
) -> Result<(), ServiceError> {
    let NewVersion {
        version,
        notice,
        state,
        comment,
        pdf,
    } = *new;
    let body = serde_json::to_string(notice).map_err(|e| ServiceError::Unexpected(e.into()))?;
    diesel::insert_into(notice_versions::table)
        .values((
            notice_versions::case_id.eq(case.id),
            notice_versions::version.eq(version),
            notice_versions::body.eq(body),
            notice_versions::state.eq(state.slug()),
            notice_versions::comment.eq(comment),
            notice_versions::pdf.eq(pdf.map(|(b, _)| b.to_vec())),
            notice_versions::pdf_sha256.eq(pdf.map(|(_, h)| h.to_owned())),
            notice_versions::created_by.eq(Some(ctx.actor.user_id)),
            notice_versions::created_at.eq(stamp(ctx.now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// The latest version of the case's notice with the findings that block issuing.
///
/// # Errors
/// Not found when the case has no notice yet (or cannot be seen).
pub fn get(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<NoticeView, ServiceError> {
    detail(conn, ctx, reference)?;
    let case = load_case(conn, reference)?;
    let row = latest(conn, case.id)?.ok_or_else(|| {
        ServiceError::NotFound(format!("case {reference} has no decision notice yet"))
    })?;
    let (case_facts, _) = facts(conn, ctx, &case)?;
    let findings = if row.state == "issued" {
        Vec::new()
    } else {
        check(&parse_body(&row)?, &case_facts)
    };
    view(&case, &row, findings)
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
) -> Result<NoticeView, ServiceError> {
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        require_change(ctx.actor, &case)?;
        let current = latest(conn, case.id)?;
        if let Some(row) = &current {
            if !replace {
                return Err(ServiceError::Conflict(format!(
                    "case {reference} already has a notice (version {}); regenerating would overwrite the edits — send \"replace\": true to do so",
                    row.version
                )));
            }
            let state = NoticeState::from_slug(&row.state).unwrap_or(NoticeState::Draft);
            state.apply(NoticeAction::Save).map_err(ServiceError::Conflict)?;
        }
        let (_, mut draft_facts) = facts(conn, ctx, &case)?;
        draft_facts.steps_period_days = steps_period_days;
        let notice = draft(&draft_facts, regulator);
        let version = current.map_or(1, |r| r.version + 1);
        insert_version(
            conn,
            ctx,
            &case,
            &NewVersion { version, notice: &notice, state: NoticeState::Draft, comment: None, pdf: None },
        )?;
        super::authorities::audit(conn, ctx.actor, "notice.generate", reference.as_str(), stamp(ctx.now))
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
) -> Result<NoticeView, ServiceError> {
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        require_change(ctx.actor, &case)?;
        if notice.references.is_empty() {
            notice.references.push(case.reference.clone());
        }
        if !notice.references.iter().any(|r| r == &case.reference) {
            return Err(ServiceError::invalid(
                "wrong_case",
                format!("the notice's references do not include {reference}"),
            ));
        }
        if notice.date.is_some() {
            return Err(ServiceError::invalid(
                "date_set_on_issue",
                "the notice date is fixed when it is issued; leave it empty",
            ));
        }
        let current = latest(conn, case.id)?;
        let state = current
            .as_ref()
            .map_or(Some(NoticeState::Draft), |r| {
                NoticeState::from_slug(&r.state)
            })
            .unwrap_or(NoticeState::Draft);
        let next = state
            .apply(NoticeAction::Save)
            .map_err(ServiceError::Conflict)?;
        let version = current.map_or(1, |r| r.version + 1);
        insert_version(
            conn,
            ctx,
            &case,
            &NewVersion {
                version,
                notice: &notice,
                state: next,
                comment: None,
                pdf: None,
            },
        )?;
        super::authorities::audit(
            conn,
            ctx.actor,
            "notice.save",
            reference.as_str(),
            stamp(ctx.now),
        )
    })?;
    get(conn, ctx, reference)
}

/// Submits, approves, returns (with a comment) or issues the latest version.
///
/// # Errors
/// Forbidden by role, conflict in the wrong state, invalid when checks fail on submit or issue.
pub fn act(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    action: NoticeAction,
    comment: Option<&str>,
) -> Result<NoticeView, ServiceError> {
    match action {
        NoticeAction::Approve | NoticeAction::Return => {
            ctx.actor.require_manager("approve or return notices")?
        }
        _ => {}
    }
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        require_change(ctx.actor, &case)?;
        let row = latest(conn, case.id)?.ok_or_else(|| {
            ServiceError::NotFound(format!("case {reference} has no decision notice yet"))
        })?;
        let state = NoticeState::from_slug(&row.state).unwrap_or(NoticeState::Draft);
        let next = state.apply(action).map_err(ServiceError::Conflict)?;
        let mut notice = parse_body(&row)?;
        if action == NoticeAction::Return && comment.is_none_or(|c| c.trim().is_empty()) {
            return Err(ServiceError::invalid(
                "comment_required",
                "say why the notice is returned",
            ));
        }
        let (case_facts, _) = facts(conn, ctx, &case)?;
        if matches!(action, NoticeAction::Submit | NoticeAction::Issue) {
            let findings = check(&notice, &case_facts);
            if !findings.is_empty() {
                return Err(ServiceError::Invalid {
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
                            .map(|f| format!("{}: {}", f.location, f.message))
                            .collect::<Vec<_>>()
                            .join("; ")
                    ),
                });
            }
        }
        let mut pdf = None;
        if action == NoticeAction::Issue {
            notice.date = Some(ctx.today);
            let resolved = notice
                .resolve(true)
                .map_err(|f| ServiceError::invalid("pre_issue_checks", format!("{f:?}")))?;
            let bytes = crate::pdf::render_bounded(&resolved, ctx.today)
                .map_err(|e| ServiceError::invalid("render_failed", e.to_string()))?;
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            pdf = Some((bytes, hash));
            // Issuing records the notice on the case: the appeal window and steps period start.
            let event = EventInput {
                kind: CaseEventKind::Clock(EventKind::DecisionNoticeIssued),
                date: ctx.today,
                timestamp: None,
                details: EventDetails {
                    sent: Some(ctx.today),
                    steps_period_days: notice.steps_period_days,
                    ..EventDetails::default()
                },
            };
            super::cases::record_event_in(conn, ctx, &case, &event)?;
        }
        insert_version(
            conn,
            ctx,
            &case,
            &NewVersion {
                version: row.version + 1,
                notice: &notice,
                state: next,
                comment,
                pdf: pdf.as_ref().map(|(b, h)| (b.as_slice(), h.as_str())),
            },
        )?;
        if action == NoticeAction::Issue {
            let id: i64 = notice_versions::table
                .filter(notice_versions::case_id.eq(case.id))
                .filter(notice_versions::version.eq(row.version + 1))
                .select(notice_versions::id)
                .first(conn)?;
            super::library::record_usage(conn, &notice, case.id, ctx.now)?;
            for p in &notice.provisions {
                diesel::insert_into(notice_provisions::table)
                    .values((
                        notice_provisions::case_id.eq(case.id),
                        notice_provisions::notice_version_id.eq(id),
                        notice_provisions::provision.eq(&p.provision),
                        notice_provisions::outcome.eq(p.outcome.slug()),
                    ))
                    .execute(conn)?;
            }
        }
        let action_name = format!("notice.{}", next.slug());
        super::authorities::audit(
            conn,
            ctx.actor,
            &action_name,
            reference.as_str(),
            stamp(ctx.now),
        )
    })?;
    get(conn, ctx, reference)
}

/// The PDF of the latest version: the frozen PDF once issued, else a draft with a watermark.
///
/// # Errors
/// Not found, or a render error in words.
pub fn pdf(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
    party_copy: bool,
) -> Result<Vec<u8>, ServiceError> {
    let case_view = detail(conn, ctx, reference)?;
    let case = load_case(conn, reference)?;
    let row = latest(conn, case.id)?.ok_or_else(|| {
        ServiceError::NotFound(format!("case {reference} has no decision notice yet"))
    })?;
    if party_copy {
        // The parties' copy carries the complainant's details; it is rendered on request and
        // never stored or published.
        let notice = parse_body(&row)?;
        let mut resolved = notice.resolve(row.state == "issued").map_err(|f| {
            ServiceError::invalid("unresolved_references", format!("{} problems", f.len()))
        })?;
        let mut lines = vec![case_view.complainant.name.clone()];
        lines.extend(
            case_view
                .complainant
                .postal_address
                .lines()
                .map(str::to_owned)
                .filter(|l| !l.trim().is_empty()),
        );
        resolved.complainant = Some(lines);
        return crate::pdf::render_bounded(&resolved, notice.date.unwrap_or(ctx.today))
            .map_err(|e| ServiceError::invalid("render_failed", e.to_string()));
    }
    if row.state == "issued" {
        let bytes: Option<Vec<u8>> = notice_versions::table
            .find(row.id)
            .select(notice_versions::pdf)
            .first(conn)?;
        return bytes.ok_or_else(|| {
            ServiceError::Unexpected(anyhow::anyhow!("issued notice {} has no PDF", row.id))
        });
    }
    let notice = parse_body(&row)?;
    let resolved = notice
        .resolve(false)
        .map_err(|findings| ServiceError::Invalid {
            rule: "unresolved_references".to_owned(),
            event: None,
            message: findings
                .iter()
                .map(|f| format!("{}: {}", f.location, f.message))
                .collect::<Vec<_>>()
                .join("; "),
        })?;
    crate::pdf::render_bounded(&resolved, ctx.today)
        .map_err(|e| ServiceError::invalid("render_failed", e.to_string()))
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
    detail(conn, ctx, reference)?;
    let case = load_case(conn, reference)?;
    let mut body = |v: i32| -> Result<Notice, ServiceError> {
        let row: VersionRow = notice_versions::table
            .filter(notice_versions::case_id.eq(case.id))
            .filter(notice_versions::version.eq(v))
            .select(VersionRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ServiceError::NotFound(format!("case {reference} has no notice version {v}"))
            })?;
        parse_body(&row)
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
) -> Result<NoticeView, ServiceError> {
    conn.transaction(|conn| {
        let case = load_case(conn, reference)?;
        require_change(ctx.actor, &case)?;
        let row = latest(conn, case.id)?.ok_or_else(|| {
            ServiceError::NotFound(format!("case {reference} has no decision notice yet"))
        })?;
        if row.version != expected_version {
            return Err(ServiceError::Conflict(format!(
                "Version {} of this notice was saved after you opened version {expected_version}, so your change was not applied. Reload the page and make it again.",
                row.version
            )));
        }
        let mut notice = parse_body(&row)?;
        change(&mut notice)?;
        save(conn, ctx, reference, notice)
    })
}

/// One saved version in the notice's history.
#[derive(Debug, Clone, Serialize)]
pub struct VersionSummary {
    /// Its number.
    pub version: i32,
    /// The state it was saved in.
    pub state: String,
    /// The manager's comment, when returned.
    pub comment: Option<String>,
    /// Who saved it.
    pub by: Option<String>,
    /// When (UTC).
    pub at: chrono::NaiveDateTime,
}

/// Version, state, comment, author's name, saved at.
type VersionColumns = (
    i32,
    String,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
);

/// Every version of a case's notice, newest first.
///
/// # Errors
/// Not found (also when the actor may not see the case).
pub fn versions(
    conn: &mut AnyConnection,
    ctx: &Context<'_>,
    reference: &CaseReference,
) -> Result<Vec<VersionSummary>, ServiceError> {
    detail(conn, ctx, reference)?;
    let case = load_case(conn, reference)?;
    let rows: Vec<VersionColumns> = notice_versions::table
        .left_join(
            crate::db::schema::users::table
                .on(notice_versions::created_by.eq(crate::db::schema::users::id.nullable())),
        )
        .filter(notice_versions::case_id.eq(case.id))
        .order(notice_versions::version.desc())
        .select((
            notice_versions::version,
            notice_versions::state,
            notice_versions::comment,
            crate::db::schema::users::name.nullable(),
            notice_versions::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(version, state, comment, by, at)| VersionSummary {
            version,
            state,
            comment,
            by,
            at,
        })
        .collect())
}
