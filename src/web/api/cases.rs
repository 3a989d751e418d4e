//! The API's case types (their JSON and OpenAPI schemas), built from the service's records.

use super::authorities::AuthorityView;
use crate::domain::case::EventDetails;
use crate::domain::deadline::Deadline;
use crate::service::cases::{CaseListing, CaseRecord};
use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

/// A case in a list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseSummaryView {
    /// Reference.
    pub reference: String,
    /// Regime.
    pub regime: String,
    /// Status identifier.
    pub status: String,
    /// Status in words.
    pub status_label: String,
    /// Public authority id.
    pub authority_id: i64,
    /// Public authority, by its full (formal) name.
    pub authority: String,
    /// Allocated officer.
    pub officer_id: Option<i64>,
    /// The next open deadline.
    pub next_deadline: Option<NaiveDate>,
    /// Its name.
    pub next_deadline_name: Option<String>,
    /// Whether it has passed.
    pub overdue: bool,
}

/// A page of cases.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CasePage {
    /// The cases.
    pub items: Vec<CaseSummaryView>,
    /// 1-based page.
    pub page: i64,
    /// Page size.
    pub per_page: i64,
    /// Cases matching the filters.
    pub total: i64,
}

impl From<CaseListing> for CasePage {
    fn from(l: CaseListing) -> Self {
        CasePage {
            items: l
                .items
                .into_iter()
                .map(|c| CaseSummaryView {
                    reference: c.reference,
                    regime: c.regime.slug().to_owned(),
                    status: c.status.slug().to_owned(),
                    status_label: c.status.label().to_owned(),
                    authority_id: c.authority_id,
                    authority: c.authority,
                    officer_id: c.officer_id,
                    next_deadline: c.next_deadline,
                    next_deadline_name: c.next_deadline_name.map(|n| n.slug().to_owned()),
                    overdue: c.overdue,
                })
                .collect(),
            page: l.page,
            per_page: l.per_page,
            total: l.total,
        }
    }
}

/// The complainant as staff see them (personal data: never logged or published).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplainantView {
    /// Name.
    pub name: String,
    /// Email.
    pub email: Option<String>,
    /// Postal address.
    pub postal_address: String,
}

/// An entry of the event log.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    /// Identifier.
    pub id: i64,
    /// Kind.
    pub kind: String,
    /// Kind in words.
    pub label: String,
    /// Date.
    pub date: NaiveDate,
    /// Instant, when recorded from a timestamp (UTC).
    pub timestamp: Option<NaiveDateTime>,
    /// Extra fields.
    #[schema(value_type = Object)]
    pub details: EventDetails,
    /// The event this one corrects.
    pub supersedes: Option<i64>,
    /// Whether this correction withdraws the event.
    pub retracted: bool,
    /// Whether the event counts (not corrected since).
    pub effective: bool,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// When.
    pub recorded_at: NaiveDateTime,
}

/// A case with everything staff need.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CaseDetail {
    /// Reference.
    pub reference: String,
    /// Regime.
    pub regime: String,
    /// Status identifier.
    pub status: String,
    /// Status in words.
    pub status_label: String,
    /// Why it was rejected.
    pub rejection_reason: Option<String>,
    /// Public authority.
    pub authority: AuthorityView,
    /// Complainant.
    pub complainant: ComplainantView,
    /// Allocated officer id.
    pub officer_id: Option<i64>,
    /// Allocated officer name.
    pub officer_name: Option<String>,
    /// The full log, corrections included.
    pub events: Vec<EventView>,
    /// Every deadline with status and lateness, from the engine.
    #[schema(value_type = Vec<Object>)]
    pub deadlines: Vec<Deadline>,
    /// Warnings from the engine.
    pub warnings: Vec<String>,
    /// Dates that moved since the case was last saved (a bank holiday proclaimed or withdrawn
    /// since): open deadlines always follow the current calendar, and the case says so.
    pub date_changes: Vec<String>,
    /// Increases with every change.
    pub version: i32,
    /// The record beside the log: the request's wording, the provisions cited, the
    /// authority's reference, notes, linked cases and the changes made since opening.
    pub record: super::case_record::RecordView,
}

impl From<CaseRecord> for CaseDetail {
    fn from(r: CaseRecord) -> Self {
        let case = &r.case;
        let effective: std::collections::HashSet<i64> =
            case.effective().iter().map(|e| e.id).collect();
        let state = case.state();
        CaseDetail {
            reference: case.header().reference.clone(),
            regime: case.header().regime.slug().to_owned(),
            status: state.status.slug().to_owned(),
            status_label: state.status.label().to_owned(),
            rejection_reason: state.rejection_reason.map(|x| x.slug().to_owned()),
            authority: AuthorityView::from(&r.authority),
            complainant: ComplainantView {
                name: r.complainant.name.clone(),
                email: r.complainant.email.clone(),
                postal_address: r.complainant.postal_address.clone(),
            },
            officer_id: case.header().officer_id,
            officer_name: r.officer_name.clone(),
            events: case
                .log()
                .iter()
                .map(|e| EventView {
                    id: e.id,
                    kind: e.kind.slug().to_owned(),
                    label: e.kind.label().to_owned(),
                    date: e.date,
                    timestamp: e.timestamp,
                    details: e.details.clone(),
                    supersedes: e.supersedes,
                    retracted: e.retracted,
                    effective: effective.contains(&e.id),
                    recorded_by: e.recorded_by,
                    recorded_at: e.recorded_at,
                })
                .collect(),
            deadlines: state.evaluation.deadlines.clone(),
            warnings: state.evaluation.warnings.clone(),
            date_changes: r.date_changes.clone(),
            version: r.version,
            record: super::case_record::RecordView::from(&r.file),
        }
    }
}
