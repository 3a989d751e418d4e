//! The synthetic caseload: N cases with realistic delays, inserted in batches (for load and
//! statistics work); the same seed gives the same data. The officers and authorities come first,
//! then the cases, each a story told by [`super::story`] and checked by the aggregate.

use super::super::{ServiceError, stamp};
use super::story::{Setting, synthetic_events};
use crate::db::AnyConnection;
use crate::db::bulk::{BulkCase, NextIds};
use crate::db::rows::{NewAuthority, NewEvent};
use crate::domain::calendar::{CalendarKind, Calendars};
use crate::domain::case::{Case, CaseHeader, EventInput, Rules};
use crate::domain::parties::{EmailAddress, Nation, Role, Sector};
use crate::domain::regime::Regime;
use crate::domain::settings::ClockSettings;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

/// Cases written per transaction.
const BATCH: u32 = 2000;

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
    let calendars = Calendars::build(&settings.calendar_options());
    let today = crate::domain::london::london_date(now);
    let at = stamp(now);
    let started = std::time::Instant::now();
    let officers = synthetic_officers(conn, seed, at)?;
    let authorities = synthetic_authorities(conn, &mut rng, seed, at)?;
    let first = today - Duration::days(4 * 365);
    let mut generator = Generator {
        rng,
        // The decisions draw from their own stream, so the cases are the same with or without them.
        decision_rng: StdRng::seed_from_u64(seed ^ 0xdec1_5105),
        setting: Setting {
            cal: calendars.get(CalendarKind::UkUnion),
            today,
            first,
            span: (today - first).num_days() - 30,
            officers: &officers,
        },
        rules: Rules {
            settings,
            calendars: &calendars,
            today,
        },
        authorities: &authorities,
        at,
    };
    let (made, event_count) = generator.insert(conn, n)?;
    crate::db::bulk::after_bulk_load(conn)?;
    Ok(format!(
        "Generated {made} cases with {event_count} events across {} authorities in {:.1} s (seed {seed}).",
        authorities.len(),
        started.elapsed().as_secs_f64()
    ))
}

/// Twenty officers (found again on a second run with the same seed), who cannot sign in.
fn synthetic_officers(
    conn: &mut AnyConnection,
    seed: u64,
    at: NaiveDateTime,
) -> Result<Vec<i64>, ServiceError> {
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
                    password_one_time: false,
                },
            )?,
        };
        officer_ids.push(id);
    }
    Ok(officer_ids)
}

/// Four hundred authorities across the sectors and nations, each with its chance of answering
/// late (some are much slower than others), in one transaction.
fn synthetic_authorities(
    conn: &mut AnyConnection,
    rng: &mut StdRng,
    seed: u64,
    at: NaiveDateTime,
) -> Result<Vec<(i64, f64)>, ServiceError> {
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
                let lateness: f64 = rng.random_range(0.02..0.45);
                authority_ids.push((id, lateness));
            }
        }
        Ok(())
    })?;
    Ok(authority_ids)
}

/// What the cases are drawn from: the random streams, the stories' setting, the aggregate's
/// rules and the authorities with their lateness.
struct Generator<'a> {
    rng: StdRng,
    decision_rng: StdRng,
    setting: Setting<'a>,
    rules: Rules<'a>,
    authorities: &'a [(i64, f64)],
    at: NaiveDateTime,
}

impl Generator<'_> {
    /// Inserts `n` cases in batches of [`BATCH`], one transaction each; returns how many cases
    /// and events were written (a story the aggregate refuses is left out).
    fn insert(&mut self, conn: &mut AnyConnection, n: u32) -> Result<(u32, u64), ServiceError> {
        let mut next = crate::db::bulk::next_ids(conn)?;
        let mut made = 0u32;
        let mut event_count = 0u64;
        let mut remaining = n;
        while remaining > 0 {
            let this_batch = remaining.min(BATCH);
            remaining -= this_batch;
            crate::db::write_transaction(conn, |conn| -> Result<(), ServiceError> {
                let mut batch_cases: Vec<BulkCase> = Vec::with_capacity(this_batch as usize);
                for _ in 0..this_batch {
                    if let Some(case) = self.case(&mut next) {
                        batch_cases.push(case);
                        made += 1;
                    }
                }
                event_count +=
                    crate::db::bulk::insert_cases(conn, &batch_cases, &mut next, self.at)?;
                Ok(())
            })?;
        }
        Ok((made, event_count))
    }

    /// One case: its authority, regime and story, seeded through the aggregate's privileged
    /// seeding check (`None` if it refuses the story), with its ids taken from `next`.
    fn case(&mut self, next: &mut NextIds) -> Option<BulkCase> {
        let (authority_id, lateness) =
            self.authorities[self.rng.random_range(0..self.authorities.len())];
        let regime = if self.rng.random_bool(0.12) {
            Regime::Eir
        } else {
            Regime::Foia
        };
        let events = synthetic_events(&mut self.rng, &self.setting, lateness);
        let header = CaseHeader {
            reference: String::new(),
            regime,
            officer_id: None,
            created_by: None,
        };
        let seeded = Case::seed(header, events.clone(), &self.rules).ok()?;
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
            .map(|on| synthetic_decision(&mut self.decision_rng, regime, &reference, on));
        let complainant_id = next.complainant;
        next.complainant += 1;
        Some(BulkCase {
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
                .map(|e| stored_event(case_id, e, self.at))
                .collect(),
        })
    }
}

/// A seeded event as stored: no one recorded it, nothing supersedes it.
fn stored_event(case_id: i64, e: &EventInput, at: NaiveDateTime) -> NewEvent {
    NewEvent {
        case_id,
        kind: e.kind.slug().to_owned(),
        event_date: e.date,
        event_timestamp: None,
        details: serde_json::to_string(&e.details).unwrap_or_else(|_| "{}".to_owned()),
        supersedes: None,
        retracted: false,
        recorded_by: None,
        recorded_at: at,
    }
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
