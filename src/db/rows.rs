//! Database rows: what the tables hold, as plain structs (distinct from domain values and from
//! page or API views, DESIGN.md convention 6).

use super::schema::{api_tokens, audit_log, authorities, case_events, cases, complainants, users};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

/// A public authority.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = authorities)]
pub struct AuthorityRow {
    pub id: i64,
    pub formal_name: String,
    pub short_name: String,
    pub address: String,
    pub sector: String,
    pub nation: String,
    pub foi_email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub article: String,
    pub s53_certificate: bool,
}

/// A new public authority.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = authorities, treat_none_as_null = true)]
pub struct NewAuthority<'a> {
    pub formal_name: &'a str,
    pub short_name: &'a str,
    pub address: &'a str,
    pub sector: &'a str,
    pub nation: &'a str,
    pub foi_email: Option<&'a str>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub article: &'a str,
    pub s53_certificate: bool,
}

/// A complainant (personal data).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = complainants)]
pub struct ComplainantRow {
    pub id: i64,
    pub name: String,
    pub email: Option<String>,
    pub postal_address: String,
    pub created_at: NaiveDateTime,
}

/// A new complainant.
#[derive(Debug, Insertable)]
#[diesel(table_name = complainants)]
pub struct NewComplainant<'a> {
    pub name: &'a str,
    pub email: Option<&'a str>,
    pub postal_address: &'a str,
    pub created_at: NaiveDateTime,
}

/// A member of staff.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub password_one_time: bool,
    pub one_time_used_at: Option<NaiveDateTime>,
}

/// A new member of staff.
#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub active: bool,
    pub created_at: NaiveDateTime,
    pub password_one_time: bool,
}

/// A new API token (only its hash is stored).
#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiToken<'a> {
    pub user_id: i64,
    pub token_hash: &'a str,
    pub label: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// An API token as its owner sees it (never its hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct TokenRow {
    pub id: i64,
    pub label: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A case with its summary columns.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = cases)]
pub struct CaseRow {
    pub id: i64,
    pub reference: String,
    pub regime: String,
    pub authority_id: i64,
    pub complainant_id: i64,
    pub officer_id: Option<i64>,
    pub created_by: Option<i64>,
    pub status: String,
    pub rejection_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub request_received: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub response_sent: Option<NaiveDate>,
    pub response_status: Option<String>,
    pub response_working_days_late: Option<i32>,
    pub extension_claimed: bool,
    pub final_response_due: Option<NaiveDate>,
    pub review_requested: Option<NaiveDate>,
    pub review_completed: Option<NaiveDate>,
    pub review_working_days: Option<i32>,
    pub complaint_received: Option<NaiveDate>,
    pub allocated_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
    pub next_deadline_name: Option<String>,
    pub version: i32,
    pub response_working_days: Option<i32>,
    pub steps_due: Option<NaiveDate>,
    pub steps_complied: Option<NaiveDate>,
}

/// A new case.
#[derive(Debug, Insertable)]
#[diesel(table_name = cases)]
pub struct NewCase<'a> {
    pub reference: &'a str,
    pub regime: &'a str,
    pub authority_id: i64,
    pub complainant_id: i64,
    pub officer_id: Option<i64>,
    pub created_by: Option<i64>,
    pub status: &'a str,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The summary columns recomputed from the event log.
#[derive(Debug, Clone, Default, PartialEq, AsChangeset)]
#[diesel(table_name = cases, treat_none_as_null = true)]
pub struct CaseSummary {
    pub status: String,
    pub rejection_reason: Option<String>,
    pub officer_id: Option<i64>,
    pub request_received: Option<NaiveDate>,
    pub response_due: Option<NaiveDate>,
    pub response_sent: Option<NaiveDate>,
    pub response_status: Option<String>,
    pub response_working_days_late: Option<i32>,
    pub extension_claimed: bool,
    pub final_response_due: Option<NaiveDate>,
    pub review_requested: Option<NaiveDate>,
    pub review_completed: Option<NaiveDate>,
    pub review_working_days: Option<i32>,
    pub complaint_received: Option<NaiveDate>,
    pub allocated_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub next_deadline: Option<NaiveDate>,
    pub next_deadline_name: Option<String>,
    pub response_working_days: Option<i32>,
    pub steps_due: Option<NaiveDate>,
    pub steps_complied: Option<NaiveDate>,
}

/// One entry in a case's event log.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = case_events)]
pub struct EventRow {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub event_date: NaiveDate,
    pub event_timestamp: Option<NaiveDateTime>,
    pub details: String,
    pub supersedes: Option<i64>,
    pub retracted: bool,
    pub recorded_by: Option<i64>,
    pub recorded_at: NaiveDateTime,
}

/// A new entry in a case's event log.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = case_events)]
pub struct NewEvent {
    pub case_id: i64,
    pub kind: String,
    pub event_date: NaiveDate,
    pub event_timestamp: Option<NaiveDateTime>,
    pub details: String,
    pub supersedes: Option<i64>,
    pub retracted: bool,
    pub recorded_by: Option<i64>,
    pub recorded_at: NaiveDateTime,
}

/// A new audit entry.
#[derive(Debug, Insertable)]
#[diesel(table_name = audit_log)]
pub struct NewAudit<'a> {
    pub actor_id: Option<i64>,
    pub action: &'a str,
    pub subject: &'a str,
    pub recorded_at: NaiveDateTime,
}
