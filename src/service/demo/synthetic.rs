//! The synthetic caseload: N cases with realistic delays, inserted in batches (for load and
//! statistics work); the same seed gives the same data.

use super::super::{ServiceError, stamp};
use super::{clock, workflow};
use crate::db::AnyConnection;
use crate::db::bulk::BulkCase;
use crate::db::rows::{NewAuthority, NewEvent};
use crate::domain::calendar::{CalendarKind, Calendars};
use crate::domain::case::{Case, CaseHeader, EventDetails, EventInput, Rules};
use crate::domain::lifecycle::{CaseEventKind, IneligibleReason, WorkflowKind};
use crate::domain::parties::{EmailAddress, Nation, Role, Sector};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use crate::domain::timeline::EventKind;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PLACES: &[&str] = &[
    "Northshire",
    "Southmoor",
    "Eastbridge",
    "Westvale",
    "Ashford Vale",
    "Kingsmere",
    "Riverton",
    "Highcombe",
    "Lowfield",
    "Marston",
    "Fenwick",
    "Oakleigh",
    "Thornbury",
    "Glenholm",
    "Carrick",
    "Dunmore",
    "Ballyglen",
    "Penrhos",
    "Llanfair Vale",
    "Abermor",
];

/// Generates `n` synthetic cases with realistic delays; the same seed gives the same data.
///
/// # Errors
/// Database failures.
pub fn synthetic(
    conn: &mut AnyConnection,
    now: DateTime<Utc>,
    settings: &ClockSettings,
    n: u32,
    seed: u64,
) -> Result<String, ServiceError> {
    let mut rng = StdRng::seed_from_u64(seed);
    // The decisions draw from their own stream, so the cases are the same with or without them.
    let mut decision_rng = StdRng::seed_from_u64(seed ^ 0xdec1_5105);
    let calendars = Calendars::build(&settings.calendar_options());
    let cal = calendars.get(CalendarKind::UkUnion);
    let today = crate::domain::london::london_date(now);
    let at = stamp(now);
    let started = std::time::Instant::now();

    // Officers and authorities.
    let mut officer_ids = Vec::new();
    for i in 0..20 {
        let email = EmailAddress::parse(&format!("officer{i}.s{seed}@section50.invalid"))
            .map_err(|m| ServiceError::invalid("demo", m))?;
        let id = match crate::db::users::by_email(conn, email.as_str())? {
            Some(user) => user.id,
            // Synthetic officers cannot sign in: "!" is no argon2 hash, so no password matches.
            None => crate::db::users::insert(
                conn,
                &crate::db::rows::NewUser {
                    email: email.as_str(),
                    name: &format!("Synthetic Officer {i}"),
                    role: Role::Officer.slug(),
                    password_hash: "!",
                    active: true,
                    created_at: at,
                },
            )?,
        };
        officer_ids.push(id);
    }
    let sectors = [
        (Sector::Police, "Constabulary", 40),
        (Sector::LocalGovernment, "Council", 150),
        (Sector::CentralGovernment, "Department", 40),
        (Sector::Health, "NHS Trust", 80),
        (Sector::Education, "University", 60),
        (Sector::Other, "Authority", 30),
    ];
    let mut authority_ids = Vec::new();
    crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
        for (sector, noun, count) in sectors {
            for i in 0..count {
                let place = PLACES[rng.random_range(0..PLACES.len())];
                let nation = match place {
                    "Glenholm" | "Carrick" | "Dunmore" => Nation::Scotland,
                    "Ballyglen" => Nation::NorthernIreland,
                    "Penrhos" | "Llanfair Vale" | "Abermor" => Nation::Wales,
                    _ => Nation::England,
                };
                let formal = format!("{place} {noun} {}", i + 1);
                // Every synthetic authority has an FOI address, so reminders are written for it
                // (".invalid" never resolves: nothing can leave the machine by mistake).
                let foi = format!("foi{}.s{seed}@authorities.invalid", i + 1);
                let id = crate::db::authorities::insert(
                    conn,
                    &NewAuthority {
                        formal_name: &formal,
                        short_name: &formal,
                        address: "",
                        sector: sector.slug(),
                        nation: nation.slug(),
                        foi_email: Some(&foi),
                        created_at: at,
                        updated_at: at,
                        article: "",
                        s53_certificate: false,
                    },
                )?
                .id;
                // Some authorities are much slower than others.
                let lateness: f64 = rng.random_range(0.02..0.45);
                authority_ids.push((id, lateness));
            }
        }
        Ok(())
    })?;

    let mut next = crate::db::bulk::next_ids(conn)?;
    let first = today - Duration::days(4 * 365);
    let span = (today - first).num_days() - 30;
    let mut made = 0u32;
    let mut event_count = 0u64;
    let batch = 2000u32;
    let mut remaining = n;
    while remaining > 0 {
        let this_batch = remaining.min(batch);
        remaining -= this_batch;
        crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
            let mut batch_cases: Vec<BulkCase> = Vec::with_capacity(this_batch as usize);
            for _ in 0..this_batch {
                let (authority_id, lateness) =
                    authority_ids[rng.random_range(0..authority_ids.len())];
                let regime = if rng.random_bool(0.12) {
                    Regime::Eir
                } else {
                    Regime::Foia
                };
                let events =
                    synthetic_events(&mut rng, cal, today, first, span, lateness, &officer_ids);
                // Seeded history goes through the aggregate's privileged seeding check.
                let header = CaseHeader {
                    reference: String::new(),
                    regime,
                    officer_id: None,
                    created_by: None,
                };
                let rules = Rules {
                    settings,
                    calendars: &calendars,
                    today,
                };
                let Ok(seeded) = Case::seed(header, events.clone(), &rules) else {
                    continue;
                };
                let case_id = next.case;
                next.case += 1;
                let summary = crate::db::cases::summary_row(&seeded.state.summary);
                let reference = format!(
                    "IC-{:06}-S{:03}",
                    case_id % 1_000_000,
                    (case_id / 1_000_000) % 1000
                );
                // A decided case's notice, with what it decided, for the Decisions statistics.
                let notice = summary
                    .decided_on
                    .map(|on| synthetic_decision(&mut decision_rng, regime, &reference, on));
                let complainant_id = next.complainant;
                next.complainant += 1;
                batch_cases.push(BulkCase {
                    id: case_id,
                    reference,
                    regime,
                    authority_id,
                    complainant_id,
                    complainant_name: format!("Synthetic Complainant {complainant_id}"),
                    summary,
                    notice,
                    events: events
                        .iter()
                        .map(|e| NewEvent {
                            case_id,
                            kind: e.kind.slug().to_owned(),
                            event_date: e.date,
                            event_timestamp: None,
                            details: serde_json::to_string(&e.details)
                                .unwrap_or_else(|_| "{}".to_owned()),
                            supersedes: None,
                            retracted: false,
                            recorded_by: None,
                            recorded_at: at,
                        })
                        .collect(),
                });
                made += 1;
            }
            event_count += crate::db::bulk::insert_cases(conn, &batch_cases, &mut next, at)?;
            Ok(())
        })?;
    }
    crate::db::bulk::after_bulk_load(conn)?;
    Ok(format!(
        "Generated {made} cases with {event_count} events across {} authorities in {:.1} s (seed {seed}).",
        authority_ids.len(),
        started.elapsed().as_secs_f64()
    ))
}

/// The provisions a synthetic notice may decide, by regime, with the chance of each outcome
/// (upheld, partly upheld; the rest not upheld) roughly as the ICO's register shows them.
const FOIA_PROVISIONS: &[(&str, f64, f64)] = &[
    ("s10", 0.95, 0.0),
    ("s12", 0.2, 0.05),
    ("s14(1)", 0.15, 0.0),
    ("s31(1)", 0.3, 0.15),
    ("s35(1)(a)", 0.35, 0.2),
    ("s40(2)", 0.1, 0.1),
    ("s43(2)", 0.3, 0.2),
];
const EIR_PROVISIONS: &[(&str, f64, f64)] = &[
    ("reg5(2)", 0.95, 0.0),
    ("reg12(4)(b)", 0.2, 0.05),
    ("reg12(5)(e)", 0.3, 0.2),
    ("reg13", 0.1, 0.1),
];

/// A synthetic decided case's notice: one to three provisions decided, dated as issued.
fn synthetic_decision(
    rng: &mut StdRng,
    regime: Regime,
    reference: &str,
    issued: NaiveDate,
) -> crate::domain::notice::Notice {
    use crate::domain::notice::{Notice, NoticeRegime, Provision, ProvisionDecided};
    use crate::domain::paragraphs::Outcome;
    let (table, notice_regime) = if regime == Regime::Eir {
        (EIR_PROVISIONS, NoticeRegime::Eir)
    } else {
        (FOIA_PROVISIONS, NoticeRegime::Foia)
    };
    let mut notice = Notice::empty();
    notice.references = vec![reference.to_owned()];
    notice.regime = notice_regime;
    notice.date = Some(issued);
    let count = rng.random_range(1..=3usize);
    let first = rng.random_range(0..table.len());
    for &(code, upheld, partly) in table.iter().cycle().skip(first).take(count) {
        let roll: f64 = rng.random();
        let outcome = if roll < upheld {
            Outcome::Upheld
        } else if roll < upheld + partly {
            Outcome::PartlyUpheld
        } else {
            Outcome::NotUpheld
        };
        if let Ok(provision) = Provision::parse(code) {
            notice
                .provisions
                .push(ProvisionDecided { provision, outcome });
        }
    }
    notice
}

/// One synthetic case's events, in date order, stopping at today.
fn synthetic_events(
    rng: &mut StdRng,
    cal: &crate::domain::calendar::WorkingCalendar,
    today: NaiveDate,
    first: NaiveDate,
    span: i64,
    lateness: f64,
    officers: &[i64],
) -> Vec<EventInput> {
    let mut out = Vec::new();
    let received = first + Duration::days(rng.random_range(0..span.max(1)));
    out.push(clock(EventKind::RequestReceived, received));
    let add = |d: NaiveDate, n: u32| {
        cal.add_working_days(d, n)
            .unwrap_or(d + Duration::days(i64::from(n)))
    };
    let push = |out: &mut Vec<EventInput>, e: EventInput| -> bool {
        if e.date > today {
            return false;
        }
        out.push(e);
        true
    };
    // The response: most on time, some late, a few never.
    let roll: f64 = rng.random();
    let response = if roll < 0.05 {
        None
    } else if roll < 0.05 + lateness {
        Some(add(received, 20 + rng.random_range(1..60)))
    } else {
        Some(add(received, rng.random_range(3..=20)))
    };
    let last = match response {
        None => {
            if rng.random_bool(0.5) {
                let complaint = add(received, 25 + rng.random_range(0..30));
                if push(&mut out, clock(EventKind::ComplaintReceived, complaint)) {
                    let chase = add(complaint, rng.random_range(2..15));
                    push(&mut out, clock(EventKind::ChaseLetterSent, chase));
                }
            }
            return out;
        }
        Some(r) => {
            if !push(&mut out, clock(EventKind::ResponseSent, r)) {
                return out;
            }
            r
        }
    };
    if !rng.random_bool(0.6) {
        return out;
    }
    let review = add(last, rng.random_range(1..40));
    if !push(&mut out, clock(EventKind::InternalReviewRequested, review)) {
        return out;
    }
    let completed = add(review, rng.random_range(5..70));
    if !push(
        &mut out,
        clock(EventKind::InternalReviewCompleted, completed),
    ) {
        return out;
    }
    if !rng.random_bool(0.5) {
        return out;
    }
    let complaint = completed + Duration::days(rng.random_range(1..50));
    if !push(&mut out, clock(EventKind::ComplaintReceived, complaint)) {
        return out;
    }
    let decision = complaint + Duration::days(rng.random_range(3..30));
    if rng.random_bool(0.1) {
        let reason = IneligibleReason::ALL[rng.random_range(0..IneligibleReason::ALL.len())];
        push(
            &mut out,
            workflow(
                WorkflowKind::ComplaintRejected,
                decision,
                EventDetails {
                    reason: Some(reason),
                    ..EventDetails::default()
                },
            ),
        );
        return out;
    }
    if !push(
        &mut out,
        workflow(
            WorkflowKind::ComplaintAccepted,
            decision,
            EventDetails::default(),
        ),
    ) {
        return out;
    }
    let allocated = decision + Duration::days(rng.random_range(5..150));
    let officer = officers[rng.random_range(0..officers.len())];
    if !push(
        &mut out,
        workflow(
            WorkflowKind::Allocated,
            allocated,
            EventDetails {
                officer_id: Some(officer),
                ..EventDetails::default()
            },
        ),
    ) {
        return out;
    }
    let letter = allocated + Duration::days(rng.random_range(1..20));
    let respond_by = letter + Duration::days(20);
    if !push(
        &mut out,
        workflow(
            WorkflowKind::InvestigationLetterSent,
            letter,
            EventDetails {
                respond_by: Some(respond_by),
                ..EventDetails::default()
            },
        ),
    ) {
        return out;
    }
    let reply = letter + Duration::days(rng.random_range(5..40));
    if !push(
        &mut out,
        workflow(
            WorkflowKind::AuthorityReplied,
            reply,
            EventDetails::default(),
        ),
    ) {
        return out;
    }
    let outcome = reply + Duration::days(rng.random_range(10..200));
    if rng.random_bool(0.15) {
        if push(
            &mut out,
            workflow(
                WorkflowKind::InformallyResolved,
                outcome,
                EventDetails::default(),
            ),
        ) {
            push(
                &mut out,
                workflow(WorkflowKind::CaseClosed, outcome, EventDetails::default()),
            );
        }
        return out;
    }
    let steps = rng.random_bool(0.3);
    let notice = EventInput {
        kind: CaseEventKind::Clock(EventKind::DecisionNoticeIssued),
        date: outcome,
        timestamp: None,
        details: EventDetails {
            steps_period_days: steps.then_some(35),
            ..EventDetails::default()
        },
    };
    if !push(&mut out, notice) {
        return out;
    }
    let window_end = outcome + Duration::days(29);
    if rng.random_bool(0.1) {
        let appeal = outcome + Duration::days(rng.random_range(5..27));
        if push(&mut out, clock(EventKind::AppealLodged, appeal)) {
            push(
                &mut out,
                clock(
                    EventKind::AppealDetermined,
                    appeal + Duration::days(rng.random_range(60..300)),
                ),
            );
        }
        return out;
    }
    if !push(
        &mut out,
        workflow(
            WorkflowKind::AppealWindowClosed,
            window_end,
            EventDetails::default(),
        ),
    ) {
        return out;
    }
    let closed_on = if steps {
        let complied = outcome + Duration::days(rng.random_range(10..50));
        if !push(
            &mut out,
            clock(EventKind::StepsComplied, complied.max(window_end)),
        ) {
            return out;
        }
        complied.max(window_end)
    } else {
        window_end
    };
    push(
        &mut out,
        workflow(WorkflowKind::CaseClosed, closed_on, EventDetails::default()),
    );
    out
}
