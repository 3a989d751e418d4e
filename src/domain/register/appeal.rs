//! The appeal status a published notice shows, from the appeals record: the latest proceeding
//! against the notice (its court or tribunal, reference, outcome and the date it was decided)
//! and the chain it came up by (First-tier Tribunal → Upper Tribunal, TCEA 2007 s11 → Court of
//! Appeal or Court of Session, TCEA 2007 s13), or, with none, whether the window to appeal is still open ("Appeal window open until 7 March
//! 2024") or closed ("Not appealed"). The window's last day is the case's own deadline
//! (`AppealLastDay`: GRC Rules 2009 r22(1)(b) and r12, 28 days from the date the notice was
//! sent; FOISA s56 for a Scottish notice), computed by the deadline engine.

use super::AppealStatus;
use crate::domain::appeal::{self, Appeal};
use crate::domain::tribunal::{Outcome, Stage, TribunalReference};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One proceeding of a notice's appeal chain, as the register publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proceeding {
    /// The court or tribunal.
    pub stage: Stage,
    /// Its reference, as given.
    pub reference: String,
    /// The day it was received (unknown for an imported notice).
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
    /// Whether it was decided.
    pub decided: bool,
    /// How it ended there.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// When it was decided.
    #[serde(default)]
    pub decided_on: Option<NaiveDate>,
}

impl Proceeding {
    fn of(a: &Appeal) -> Self {
        let decided = a.status == appeal::AppealStatus::Decided;
        Proceeding {
            stage: a.stage,
            reference: a.reference.as_str().to_owned(),
            received_on: Some(a.received_on),
            decided,
            outcome: a.outcome.filter(|_| decided),
            decided_on: a.decided_on.filter(|_| decided),
        }
    }

    /// In words: "First-tier Tribunal (EA/2024/0123): allowed 3 June 2024", "Upper Tribunal
    /// (UA-2024-000456-GIA): awaiting decision".
    #[must_use]
    pub fn words(&self) -> String {
        format!(
            "{} ({}): {}",
            self.stage.label(),
            self.reference,
            end_words(self.decided, self.outcome, self.decided_on)
        )
    }
}

/// How far up the courts a stage is: the First-tier Tribunal, then the Upper Tribunal, then the
/// Court of Appeal or the Court of Session.
fn level(stage: Stage) -> u8 {
    match stage {
        Stage::FirstTier => 0,
        Stage::UpperTribunal => 1,
        Stage::CourtOfAppeal | Stage::CourtOfSession => 2,
    }
}

/// How a proceeding stands or ended: "awaiting decision", "dismissed 3 June 2024".
fn end_words(decided: bool, outcome: Option<Outcome>, on: Option<NaiveDate>) -> String {
    match (decided, outcome, on) {
        (false, ..) => "awaiting decision".to_owned(),
        (true, Some(o), Some(d)) => format!("{} {}", outcome_phrase(o), long_date(d)),
        (true, Some(o), None) => outcome_phrase(o).to_owned(),
        (true, None, Some(d)) => format!("decided {}", long_date(d)),
        (true, None, None) => "decided".to_owned(),
    }
}

/// The chain that ends at `latest`: the proceedings it moved up from (their `parent_id`s), or,
/// when it records none, the latest proceeding at each lower level received before it; lowest
/// court first.
fn chain_to(appeals: &[Appeal], latest: &Appeal) -> Vec<Proceeding> {
    let by_id: HashMap<i64, &Appeal> = appeals.iter().map(|a| (a.id, a)).collect();
    let mut chain = vec![latest];
    let mut current = latest;
    while let Some(parent) = current.parent_id.and_then(|id| by_id.get(&id))
        && chain.len() < appeals.len()
    {
        chain.push(parent);
        current = parent;
    }
    if chain.len() == 1 {
        for lower in 0..level(latest.stage) {
            if let Some(a) = appeals
                .iter()
                .filter(|a| level(a.stage) == lower && a.received_on <= latest.received_on)
                .max_by_key(|a| (a.received_on, a.id))
            {
                chain.push(a);
            }
        }
    }
    chain.sort_by_key(|a| (level(a.stage), a.received_on, a.id));
    chain.into_iter().map(Proceeding::of).collect()
}

/// A notice's appeal, as the register publishes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublicAppeal {
    /// None, lodged (pending) or determined.
    pub status: AppealStatus,
    /// The court or tribunal of the latest proceeding.
    pub stage: Option<Stage>,
    /// Its reference ("EA/2024/0123").
    pub tribunal_reference: Option<String>,
    /// How it ended there.
    pub outcome: Option<Outcome>,
    /// When it was decided.
    pub decided_on: Option<NaiveDate>,
    /// The last day to appeal the notice.
    pub window_until: Option<NaiveDate>,
    /// The proceedings from the First-tier Tribunal up to the latest, lowest court first
    /// (empty for a notice not appealed, and for an imported one: see [`Self::proceedings`]).
    pub chain: Vec<Proceeding>,
}

/// An outcome as a sentence ends: "dismissed", "allowed in part".
fn outcome_phrase(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Dismissed => "dismissed",
        Outcome::Allowed => "allowed",
        Outcome::AllowedInPart => "allowed in part",
        Outcome::StruckOut => "struck out",
        Outcome::Withdrawn => "withdrawn",
        Outcome::ConsentOrder => "ended by consent order",
        Outcome::NotAdmitted => "not admitted (late)",
        Outcome::SetAside => "decision set aside",
        Outcome::Remitted => "remitted",
    }
}

fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

impl PublicAppeal {
    /// The appeal of a notice from its case's appeals (the latest proceeding: an appeal that
    /// moved up is a later one) and the window's last day.
    #[must_use]
    pub fn of(appeals: &[Appeal], window_until: Option<NaiveDate>) -> Self {
        let Some(latest) = appeals.iter().max_by_key(|a| (a.received_on, a.id)) else {
            return PublicAppeal {
                window_until,
                ..PublicAppeal::default()
            };
        };
        let decided = latest.status == appeal::AppealStatus::Decided;
        PublicAppeal {
            status: if decided {
                AppealStatus::Determined
            } else {
                AppealStatus::Lodged
            },
            stage: Some(latest.stage),
            tribunal_reference: Some(latest.reference.as_str().to_owned()),
            outcome: latest.outcome.filter(|_| decided),
            decided_on: latest.decided_on.filter(|_| decided),
            window_until,
            chain: chain_to(appeals, latest),
        }
    }

    /// The proceedings to show: the chain, or for a notice with only the latest proceeding's
    /// details (imported) that one, its court named by its reference.
    #[must_use]
    pub fn proceedings(&self) -> Vec<Proceeding> {
        if !self.chain.is_empty() || !self.appealed() {
            return self.chain.clone();
        }
        match (self.court(), &self.tribunal_reference) {
            (Some(stage), Some(reference)) => vec![Proceeding {
                stage,
                reference: reference.clone(),
                received_on: None,
                decided: self.status == AppealStatus::Determined,
                outcome: self.outcome,
                decided_on: self.decided_on,
            }],
            _ => Vec::new(),
        }
    }

    /// The chain in one line, lowest court first, for the CSV: "First-tier Tribunal
    /// (EA/2024/0123): allowed 3 June 2024 → Upper Tribunal (UA-2024-000456-GIA): awaiting
    /// decision"; empty when not appealed.
    #[must_use]
    pub fn chain_words(&self) -> String {
        self.proceedings()
            .iter()
            .map(Proceeding::words)
            .collect::<Vec<_>>()
            .join(" → ")
    }

    /// Whether it was appealed (the "appealed" facet).
    #[must_use]
    pub fn appealed(&self) -> bool {
        self.status != AppealStatus::None
    }

    /// The court or tribunal: the one recorded, else the one its reference names.
    #[must_use]
    pub fn court(&self) -> Option<Stage> {
        self.stage.or_else(|| {
            self.tribunal_reference
                .as_deref()
                .and_then(|r| TribunalReference::parse(r).ok())
                .map(|r| r.stage())
        })
    }

    /// In words, on `today`: "Appealed to the First-tier Tribunal (EA/2024/0123) — dismissed
    /// 3 June 2024", "Appealed to the First-tier Tribunal (EA/2024/0123) — awaiting decision",
    /// "Appeal window open until 7 March 2024" (the last day included), "Not appealed: the
    /// last day to appeal was 7 March 2024", "Not appealed" (an imported notice: no window).
    #[must_use]
    pub fn words(&self, today: NaiveDate) -> String {
        if !self.appealed() {
            return match self.window_until {
                Some(last) if today <= last => {
                    format!("Appeal window open until {}", long_date(last))
                }
                Some(last) => format!(
                    "Not appealed: the last day to appeal was {}",
                    long_date(last)
                ),
                None => "Not appealed".to_owned(),
            };
        }
        let court = self.court().map_or_else(
            || "the tribunal".to_owned(),
            |s| format!("the {}", s.label()),
        );
        let mut out = format!("Appealed to {court}");
        if let Some(r) = &self.tribunal_reference {
            out.push_str(&format!(" ({r})"));
        }
        let end = end_words(
            self.status != AppealStatus::Lodged,
            self.outcome,
            self.decided_on,
        );
        format!("{out} — {end}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tribunal::Appellant;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn appeal(
        id: i64,
        reference: &str,
        received: &str,
        decided: Option<(Outcome, &str)>,
    ) -> Appeal {
        let reference = TribunalReference::parse(reference).unwrap();
        Appeal {
            id,
            case_id: 1,
            parent_id: None,
            stage: reference.stage(),
            reference,
            appellant: Appellant::PublicAuthority,
            received_on: d(received),
            status: if decided.is_some() {
                appeal::AppealStatus::Decided
            } else {
                appeal::AppealStatus::Open
            },
            outcome: decided.map(|(o, _)| o),
            decided_on: decided.map(|(_, on)| d(on)),
            stance: None,
            hearing: None,
            closed_material: false,
            parties: Vec::new(),
        }
    }

    #[test]
    fn the_register_words_each_appeal_status() {
        // A notice sent on 8 February 2024: 28 days later is Thursday 7 March (GRC r22(1)(b)).
        let window = Some(d("2024-03-07"));
        let cases: Vec<(&str, Vec<Appeal>, &str, &str)> = vec![
            (
                "no appeal, the window's last day",
                vec![],
                "2024-03-07",
                "Appeal window open until 7 March 2024",
            ),
            (
                "no appeal, the day after the window closed",
                vec![],
                "2024-03-08",
                "Not appealed: the last day to appeal was 7 March 2024",
            ),
            (
                "pending at the First-tier Tribunal",
                vec![appeal(1, "EA/2024/0123", "2024-02-19", None)],
                "2024-03-01",
                "Appealed to the First-tier Tribunal (EA/2024/0123) — awaiting decision",
            ),
            (
                "dismissed, whatever today is",
                vec![appeal(
                    1,
                    "EA/2024/0123",
                    "2024-02-19",
                    Some((Outcome::Dismissed, "2024-06-03")),
                )],
                "2025-01-01",
                "Appealed to the First-tier Tribunal (EA/2024/0123) — dismissed 3 June 2024",
            ),
            (
                "moved up: the Upper Tribunal's proceeding is the latest",
                vec![
                    appeal(
                        1,
                        "EA/2024/0123",
                        "2024-02-19",
                        Some((Outcome::Allowed, "2024-06-03")),
                    ),
                    appeal(2, "UA-2024-000456-GIA", "2024-07-01", None),
                ],
                "2024-08-01",
                "Appealed to the Upper Tribunal (UA-2024-000456-GIA) — awaiting decision",
            ),
        ];
        for (name, appeals, today, words) in cases {
            let public = PublicAppeal::of(&appeals, window);
            assert_eq!(public.words(d(today)), words, "{name}");
            assert_eq!(public.appealed(), !appeals.is_empty(), "{name}");
        }
    }

    #[test]
    fn the_chain_runs_from_the_first_tier_up_to_the_latest_proceeding() {
        let mut upper = appeal(2, "UA-2024-000456-GIA", "2024-07-01", None);
        upper.parent_id = Some(1);
        let appeals = vec![
            appeal(3, "CA-2025-000123", "2025-02-10", None),
            upper,
            appeal(
                1,
                "EA/2024/0123",
                "2024-02-19",
                Some((Outcome::Allowed, "2024-06-03")),
            ),
        ];
        // The Court of Appeal's proceeding records no parent: the latest of each court below
        // it stands for the chain.
        let public = PublicAppeal::of(&appeals, None);
        let refs: Vec<&str> = public.chain.iter().map(|p| p.reference.as_str()).collect();
        assert_eq!(
            refs,
            vec!["EA/2024/0123", "UA-2024-000456-GIA", "CA-2025-000123"]
        );
        assert_eq!(
            public.chain_words(),
            "First-tier Tribunal (EA/2024/0123): allowed 3 June 2024 → Upper Tribunal \
             (UA-2024-000456-GIA): awaiting decision → Court of Appeal (CA-2025-000123): \
             awaiting decision"
        );
        // A proceeding's own parents are followed, and nothing beside them.
        let mut parented = appeals.clone();
        parented[0].parent_id = Some(2);
        parented.push(appeal(4, "EA/2024/0999", "2024-05-01", None));
        let chain = PublicAppeal::of(&parented, None).chain;
        assert_eq!(chain.len(), 3);
        assert_eq!(chain[0].reference, "EA/2024/0123");
        assert_eq!(PublicAppeal::of(&[], None).chain_words(), "");
    }

    #[test]
    fn an_imported_appeal_names_its_court_from_the_reference() {
        let imported = PublicAppeal {
            status: AppealStatus::Determined,
            tribunal_reference: Some("EA/2019/0042".to_owned()),
            ..PublicAppeal::default()
        };
        assert_eq!(
            imported.words(d("2024-01-01")),
            "Appealed to the First-tier Tribunal (EA/2019/0042) — decided"
        );
        let unknown = PublicAppeal {
            status: AppealStatus::Lodged,
            ..PublicAppeal::default()
        };
        assert_eq!(
            unknown.words(d("2024-01-01")),
            "Appealed to the tribunal — awaiting decision"
        );
    }
}
