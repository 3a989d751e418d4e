//! The small realistic dataset: four public authorities, a manager and an officer, the seed
//! case with its real dates and its decision notice issued through the notice workflow (and so
//! on the public register), and a few open cases at several stages.

use super::super::cases::{self as case_service, ComplainantInput, Context, NewCaseInput};
use super::super::{Actor, ServiceError, stamp, users};
use super::{clock, date, text, workflow};
use crate::db::AnyConnection;
use crate::db::rows::NewAuthority;
use crate::domain::calendar::Calendars;
use crate::domain::case::EventDetails;
use crate::domain::lifecycle::WorkflowKind;
use crate::domain::parties::{EmailAddress, Nation, Role, Sector};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::EventKind;
use chrono::{DateTime, Duration, Utc};

/// Loads the small realistic dataset.
///
/// # Errors
/// Conflict when demo data is already loaded.
/// Long because it is written as a script, one step of the demonstration after another.
pub fn small(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    settings: &ClockSettings,
) -> Result<String, ServiceError> {
    let manager_email = EmailAddress::parse("demo.manager@section50.invalid")
        .map_err(|m| ServiceError::invalid("demo", m))?;
    let officer_email = EmailAddress::parse("demo.officer@section50.invalid")
        .map_err(|m| ServiceError::invalid("demo", m))?;
    let exists = crate::db::users::email_taken(conn, &manager_email.account_key())?;
    if exists {
        return Err(ServiceError::Conflict(
            "the demonstration data is already loaded".to_owned(),
        ));
    }
    let manager = users::add(
        conn,
        now,
        &manager_email,
        &text("name", "Dana Manager")?,
        Role::Manager,
        Some(&demo_token()?),
    )?;
    let officer = users::add(
        conn,
        now,
        &officer_email,
        &text("name", "Sam Officer")?,
        Role::Officer,
        Some(&demo_token()?),
    )?;
    let actor = Actor {
        user_id: manager.id,
        name: "Dana Manager".to_owned(),
        role: Role::Manager,
    };
    let at = stamp(now);
    let authority = |conn: &mut AnyConnection,
                     formal: &str,
                     short: &str,
                     address: &str,
                     sector: Sector,
                     nation: Nation,
                     email: &str| {
        crate::db::authorities::insert(
            conn,
            &NewAuthority {
                formal_name: formal,
                short_name: short,
                address,
                sector: sector.slug(),
                nation: nation.slug(),
                foi_email: Some(email),
                created_at: at,
                updated_at: at,
                article: "",
                s53_certificate: false,
            },
        )
        .map(|a| a.id)
    };
    let mps = authority(
        conn,
        "Commissioner of Police of the Metropolis",
        "the MPS",
        "New Scotland Yard\nBroadway\nLondon SW1H 0BG",
        Sector::Police,
        Nation::England,
        "foi@met.police.example",
    )?;
    let council = authority(
        conn,
        "Northshire County Council",
        "the Council",
        "County Hall\nNorthtown NT1 1AA",
        Sector::LocalGovernment,
        Nation::England,
        "foi@northshire.example",
    )?;
    let department = authority(
        conn,
        "Department for Rural Affairs",
        "the Department",
        "2 Marsham Street\nLondon SW1P 4DF",
        Sector::CentralGovernment,
        Nation::UkWide,
        "foi@drura.example",
    )?;
    let trust = authority(
        conn,
        "Valley Hospitals NHS Foundation Trust",
        "the Trust",
        "Valley Road\nCardiff CF10 1AA",
        Sector::Health,
        Nation::Wales,
        "foi@valley.nhs.example",
    )?;
    let calendars = Calendars::build(&settings.calendar_options());
    let today = crate::domain::london::london_date(now);
    let mail = crate::mail::MailSettings::default();
    let ctx = Context {
        actor: &actor,
        now,
        today,
        settings,
        calendars: &calendars,
        mail: &mail,
    };
    let complainant = |name: &str, email: &str| -> Result<ComplainantInput, ServiceError> {
        Ok(ComplainantInput {
            name: text("name", name)?,
            email: Some(EmailAddress::parse(email).map_err(|m| ServiceError::invalid("demo", m))?),
            postal_address: String::new(),
        })
    };
    // The seed case: the Metropolitan Police decision notice of 8 February 2024, with its real dates.
    let allocated = EventDetails {
        officer_id: Some(officer.id),
        ..EventDetails::default()
    };
    let seed = case_service::seed(
        conn,
        &ctx,
        &NewCaseInput {
            reference: None,
            regime: Regime::Foia,
            authority_id: mps,
            // Not "A. Requester": the notice says "a requester", which the pre-issue check
            // rightly takes for the complainant's name.
            complainant: complainant("Avery Quinn", "avery.quinn@example.org")?,
            record: Default::default(),
            events: vec![
                clock(EventKind::RequestReceived, date(2023, 2, 13)),
                clock(EventKind::ResponseSent, date(2023, 6, 22)),
                clock(EventKind::InternalReviewRequested, date(2023, 7, 20)),
                clock(EventKind::InternalReviewCompleted, date(2023, 9, 19)),
                clock(EventKind::ComplaintReceived, date(2023, 9, 20)),
                workflow(
                    WorkflowKind::ComplaintAccepted,
                    date(2023, 10, 2),
                    EventDetails::default(),
                ),
                workflow(
                    WorkflowKind::Allocated,
                    date(2023, 11, 6),
                    allocated.clone(),
                ),
                workflow(
                    WorkflowKind::InvestigationLetterSent,
                    date(2023, 11, 7),
                    EventDetails {
                        respond_by: Some(date(2023, 12, 6)),
                        ..EventDetails::default()
                    },
                ),
                workflow(
                    WorkflowKind::AuthorityReplied,
                    date(2023, 12, 4),
                    EventDetails::default(),
                ),
            ],
        },
    )?;
    // Its notice, through the notice workflow: drafted and submitted by the officer, approved
    // by the manager, issued dated 8 February 2024 and so published on the register.
    let sam = Actor {
        user_id: officer.id,
        name: "Sam Officer".to_owned(),
        role: Role::Officer,
    };
    let as_officer = Context { actor: &sam, ..ctx };
    super::seed_notice::issue(conn, &as_officer, &ctx, &seed)?;
    // Open cases at several stages, dated relative to today so deadlines are live.
    let ago = |days: i64| today - Duration::days(days);
    let mut made = vec![seed];
    let open_cases = [
        (
            Regime::Foia,
            council,
            complainant("B. Citizen", "citizen@example.org")?,
            vec![
                clock(EventKind::RequestReceived, ago(120)),
                clock(EventKind::ResponseSent, ago(100)),
                clock(EventKind::InternalReviewRequested, ago(90)),
                clock(EventKind::InternalReviewCompleted, ago(40)),
                clock(EventKind::ComplaintReceived, ago(30)),
                workflow(
                    WorkflowKind::ComplaintAccepted,
                    ago(25),
                    EventDetails::default(),
                ),
                workflow(WorkflowKind::Allocated, ago(20), allocated.clone()),
                workflow(
                    WorkflowKind::InvestigationLetterSent,
                    ago(19),
                    EventDetails {
                        respond_by: Some(ago(19) + Duration::days(28)),
                        ..EventDetails::default()
                    },
                ),
            ],
        ),
        (
            Regime::Eir,
            department,
            complainant("C. Campaigner", "campaigner@example.org")?,
            vec![
                clock(EventKind::RequestReceived, ago(70)),
                clock(EventKind::ComplaintReceived, ago(20)),
                clock(EventKind::ChaseLetterSent, ago(6)),
            ],
        ),
        (
            Regime::Foia,
            trust,
            complainant("D. Journalist", "journalist@example.org")?,
            vec![
                clock(EventKind::RequestReceived, ago(45)),
                clock(EventKind::PitExtensionClaimed, ago(20)),
            ],
        ),
    ];
    for (regime, authority_id, person, events) in open_cases {
        let reference = case_service::seed(
            conn,
            &ctx,
            &NewCaseInput {
                reference: None,
                regime,
                authority_id,
                complainant: person,
                record: Default::default(),
                events,
            },
        )?;
        made.push(reference);
    }
    Ok(format!(
        "Loaded 4 public authorities and {} cases ({}).\nManager: {} password {} token {}\nOfficer: {} password {} token {}",
        made.len(),
        made.join(", "),
        manager_email.as_str(),
        manager.password,
        manager.token.unwrap_or_default(),
        officer_email.as_str(),
        officer.password,
        officer.token.unwrap_or_default(),
    ))
}

/// The token each demonstration account gets.
fn demo_token() -> Result<crate::service::tokens::TokenRequest, ServiceError> {
    Ok(crate::service::tokens::TokenRequest {
        name: text("token name", "demonstration")?,
        lifetime: crate::domain::staff::TokenLifetime::DEFAULT,
    })
}
