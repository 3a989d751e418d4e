//! The vocabulary of an appeal against a decision notice, shared by the clock engine and the
//! appeal record: who appealed, the court or tribunal hearing it, how it ended, a substituted
//! notice's steps, a tribunal direction's new date and the tribunal's reference (checked by
//! pattern, kept as given). Sources (written up in `docs/deadline-rules.md` §5): FOIA s57-s58, GRC
//! Rules 2009 (SI 2009/1976), UT Rules 2008 (SI 2008/2698).

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// Rule 12 of both sets of tribunal rules (GRC r12(1), UT r12(1)): an act required to be done on
/// or by a particular day must be done by 5pm that day.
#[must_use]
pub fn five_pm() -> NaiveTime {
    NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// An enum of identifiers stored as text and sent in JSON, each with a label for people.
macro_rules! slug_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident => $slug:literal, $label:literal;)+ }) => {
        $(#[$m])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
        )]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vm])* $v,)+ }

        impl $name {
            /// Every value.
            pub const ALL: &'static [$name] = &[$($name::$v,)+];

            /// The identifier in JSON and in storage.
            #[must_use]
            pub fn slug(self) -> &'static str {
                match self { $($name::$v => $slug,)+ }
            }

            /// How a case officer would say it.
            #[must_use]
            pub fn label(self) -> &'static str {
                match self { $($name::$v => $label,)+ }
            }

            /// Parses the identifier.
            ///
            /// # Errors
            /// A message listing the accepted values.
            pub fn from_slug(s: &str) -> Result<Self, String> {
                Self::ALL.iter().copied().find(|v| v.slug() == s).ok_or_else(|| {
                    format!(
                        "\"{s}\" is not one of {}",
                        Self::ALL.iter().map(|v| v.slug()).collect::<Vec<_>>().join(", ")
                    )
                })
            }
        }
    };
}

pub(crate) use slug_enum;

slug_enum! {
    /// Who brought the appeal (FOIA s57(1): the complainant or the public authority).
    Appellant {
        /// The complainant.
        Complainant => "complainant", "The complainant";
        /// The public authority.
        PublicAuthority => "public_authority", "The public authority";
        /// Both appealed.
        Both => "both", "The complainant and the public authority";
    }
}

slug_enum! {
    /// The court or tribunal an appeal is before.
    Stage {
        /// First-tier Tribunal (General Regulatory Chamber).
        FirstTier => "first_tier", "First-tier Tribunal";
        /// Upper Tribunal (Administrative Appeals Chamber), TCEA 2007 s11.
        UpperTribunal => "upper_tribunal", "Upper Tribunal";
        /// Court of Appeal (England and Wales, Northern Ireland), TCEA 2007 s13.
        CourtOfAppeal => "court_of_appeal", "Court of Appeal";
        /// Court of Session (Scotland), TCEA 2007 s13.
        CourtOfSession => "court_of_session", "Court of Session";
    }
}

slug_enum! {
    /// How a tribunal or court disposed of an appeal (tribunal-rules.md, "Outcomes").
    Outcome {
        /// The notice is upheld (FOIA s58(2)).
        Dismissed => "dismissed", "Dismissed";
        /// The notice was not in accordance with the law; a substituted notice may be given
        /// (FOIA s58(1)).
        Allowed => "allowed", "Allowed";
        /// Allowed in part.
        AllowedInPart => "allowed_in_part", "Allowed in part";
        /// Struck out (GRC rule 8).
        StruckOut => "struck_out", "Struck out";
        /// Withdrawn (GRC rule 17).
        Withdrawn => "withdrawn", "Withdrawn";
        /// Disposed of by consent (GRC rule 37).
        ConsentOrder => "consent_order", "Consent order";
        /// Not admitted: late, and time was not extended (GRC rule 22(4)).
        NotAdmitted => "not_admitted", "Not admitted (late)";
        /// The decision was set aside for a procedural irregularity (GRC rule 41).
        SetAside => "set_aside", "Set aside";
        /// Error of law found and the case sent back (TCEA 2007 s12(2)(b)(i)).
        Remitted => "remitted", "Remitted";
    }
}

slug_enum! {
    /// How the tribunal decided one provision of a notice allowed in part.
    ProvisionRuling {
        /// The appeal succeeded on it: the Commissioner's finding on it falls.
        Allowed => "allowed", "Allowed";
        /// The appeal failed on it: the Commissioner's finding on it stands.
        Dismissed => "dismissed", "Dismissed";
    }
}

/// One provision of the notice and how the tribunal decided it, when it allowed the appeal in
/// part (FOIA s58(1): the notice is not in accordance with the law only in part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProvisionOutcome {
    /// The provision, as the notice cites it ("s40(2)", "reg12(4)(a)").
    pub provision: crate::domain::notice::Provision,
    /// How the tribunal decided it.
    pub outcome: ProvisionRuling,
}

impl Outcome {
    /// Whether the appeal is over at this stage: a decision set aside or remitted is to be made
    /// again, so the appeal is still pending (FOIA s50(6), s53(4)).
    #[must_use]
    pub fn ends_appeal(self) -> bool {
        !matches!(self, Outcome::SetAside | Outcome::Remitted)
    }

    /// Whether the notice survives it: the Commissioner's steps restart (s50(6)).
    #[must_use]
    pub fn upholds_notice(self) -> bool {
        matches!(
            self,
            Outcome::Dismissed | Outcome::StruckOut | Outcome::Withdrawn | Outcome::NotAdmitted
        )
    }

    /// Whether the decision went the Commissioner's way (the regulator's published measure).
    #[must_use]
    pub fn in_commissioners_favour(self) -> bool {
        matches!(self, Outcome::Dismissed | Outcome::StruckOut)
    }
}

/// When a substituted notice's steps are due (tribunal-rules.md, "Substituted notices").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum StepsPeriod {
    /// A number of calendar days from the decision.
    DaysFromDecision(u32),
    /// A number of calendar days from the decision being sent.
    DaysFromSent(u32),
    /// A fixed date and London time ("by 4pm on 31 October 2023").
    By(NaiveDateTime),
}

impl StepsPeriod {
    /// The last day and time, given the decision's date and the date it was sent.
    #[must_use]
    pub fn due(
        self,
        decided: NaiveDate,
        sent: NaiveDate,
    ) -> Option<(NaiveDate, Option<NaiveTime>)> {
        match self {
            StepsPeriod::DaysFromDecision(n) => decided
                .checked_add_days(chrono::Days::new(u64::from(n)))
                .map(|d| (d, None)),
            StepsPeriod::DaysFromSent(n) => sent
                .checked_add_days(chrono::Days::new(u64::from(n)))
                .map(|d| (d, None)),
            StepsPeriod::By(at) => Some((at.date(), Some(at.time()))),
        }
    }

    /// In words: "35 days from the decision".
    #[must_use]
    pub fn describe(self) -> String {
        match self {
            StepsPeriod::DaysFromDecision(n) => format!("{n} calendar days from the decision"),
            StepsPeriod::DaysFromSent(n) => {
                format!("{n} calendar days from the decision being sent")
            }
            StepsPeriod::By(at) => format!("by {}", at.format("%H:%M on %-d %B %Y")),
        }
    }
}

/// A date a tribunal direction sets (GRC rules 5 and 6): a day (by 5pm, rule 12) or a day and
/// a London time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectedDue {
    /// The day.
    pub date: NaiveDate,
    /// The London time, when the direction gives one; otherwise 5pm (rule 12).
    pub time: Option<NaiveTime>,
}

impl DirectedDue {
    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (London time).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(DirectedDue { date, time: None });
        }
        let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
            .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
            .ok()?;
        Some(DirectedDue {
            date: at.date(),
            time: Some(at.time()),
        })
    }
}

/// A tribunal's or court's reference, checked against the patterns each uses and stored as
/// given (tribunal-rules.md, "References").
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TribunalReference(String);

impl TribunalReference {
    /// Checks a reference: First-tier `EA/2024/0123` (a suffix such as `P`, `V` or `GDPR`
    /// allowed), `FT/EA/2024/0184`, enforcement `EJ/2022/0003`; Upper Tribunal
    /// `UA-2024-001681-GIA`, older `GIA/1681/2010`; Court of Appeal `CA-2024-001234` or
    /// `C1/2024/1234`; Court of Session `XA12/24`.
    ///
    /// # Errors
    /// A message giving examples of the accepted forms.
    pub fn parse(text: &str) -> Result<Self, String> {
        let t = text.trim();
        if Self::stage_of(t).is_some() {
            Ok(TribunalReference(t.to_owned()))
        } else {
            Err(format!(
                "\"{text}\" is not a tribunal reference: write it as the tribunal does, e.g. \
                 EA/2024/0123, FT/EA/2024/0184, UA-2024-001681-GIA or GIA/1681/2010"
            ))
        }
    }

    /// The reference as given.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The court or tribunal the reference belongs to.
    #[must_use]
    pub fn stage(&self) -> Stage {
        Self::stage_of(&self.0).unwrap_or(Stage::FirstTier)
    }

    fn stage_of(t: &str) -> Option<Stage> {
        let digits = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
        };
        let upper = |s: &str, min: usize, max: usize| {
            (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_uppercase())
        };
        let first_tier = |s: &str| {
            let parts: Vec<&str> = s.split('/').collect();
            let serial_ok = |serial: &str| {
                let n = serial.bytes().take_while(u8::is_ascii_digit).count();
                n == 4 && (serial.len() == 4 || upper(&serial[4..], 1, 4))
            };
            match parts.as_slice() {
                [prefix, year, serial] => {
                    matches!(*prefix, "EA" | "EJ") && digits(year, 4, 4) && serial_ok(serial)
                }
                [prefix, year, serial, suffix] => {
                    matches!(*prefix, "EA" | "EJ")
                        && digits(year, 4, 4)
                        && digits(serial, 4, 4)
                        && upper(suffix, 1, 4)
                }
                _ => false,
            }
        };
        if first_tier(t) || t.strip_prefix("FT/").is_some_and(first_tier) {
            return Some(Stage::FirstTier);
        }
        let dashed: Vec<&str> = t.split('-').collect();
        if let ["UA", year, serial, chamber] = dashed.as_slice()
            && digits(year, 4, 4)
            && digits(serial, 6, 6)
            && upper(chamber, 2, 5)
        {
            return Some(Stage::UpperTribunal);
        }
        if let ["CA", year, serial] = dashed.as_slice()
            && digits(year, 4, 4)
            && digits(serial, 6, 6)
        {
            return Some(Stage::CourtOfAppeal);
        }
        let slashed: Vec<&str> = t.split('/').collect();
        match slashed.as_slice() {
            [prefix, serial, year]
                if prefix.starts_with('G')
                    && upper(prefix, 2, 4)
                    && digits(serial, 1, 5)
                    && digits(year, 4, 4) =>
            {
                Some(Stage::UpperTribunal)
            }
            [prefix, year, serial]
                if prefix.len() == 2
                    && prefix.starts_with('C')
                    && prefix[1..].bytes().all(|b| b.is_ascii_digit())
                    && digits(year, 4, 4)
                    && digits(serial, 4, 4) =>
            {
                Some(Stage::CourtOfAppeal)
            }
            [serial, year]
                if serial.strip_prefix("XA").is_some_and(|n| digits(n, 1, 4))
                    && digits(year, 2, 2) =>
            {
                Some(Stage::CourtOfSession)
            }
            _ => None,
        }
    }
}

impl TryFrom<String> for TribunalReference {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        TribunalReference::parse(&value)
    }
}

impl From<TribunalReference> for String {
    fn from(value: TribunalReference) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Long because it is a table of named cases, one per pattern and way of getting it wrong.
    #[test]
    fn references_are_checked_by_the_pattern_of_their_court() {
        // (text, stage or None, why)
        let table = [
            (
                "EA/2024/0123",
                Some(Stage::FirstTier),
                "the usual First-tier form",
            ),
            (
                "EA/2019/0154P",
                Some(Stage::FirstTier),
                "a paper-hearing suffix",
            ),
            (
                "EA/2018/0123/GDPR",
                Some(Stage::FirstTier),
                "a suffix after a slash",
            ),
            (
                "FT/EA/2024/0184",
                Some(Stage::FirstTier),
                "the 2024-25 form",
            ),
            (
                "EJ/2022/0003",
                Some(Stage::FirstTier),
                "an enforcement application",
            ),
            (
                "UA-2024-001681-GIA",
                Some(Stage::UpperTribunal),
                "the Upper Tribunal's new form",
            ),
            (
                "UA-2022-000032-GIRF",
                Some(Stage::UpperTribunal),
                "a contempt referral",
            ),
            (
                "GIA/1681/2010",
                Some(Stage::UpperTribunal),
                "the Upper Tribunal's older form",
            ),
            (
                "CA-2024-001234",
                Some(Stage::CourtOfAppeal),
                "the Court of Appeal",
            ),
            (
                "XA12/24",
                Some(Stage::CourtOfSession),
                "the Court of Session",
            ),
            ("EA/24/0123", None, "a two-digit year"),
            ("EA/2024/123", None, "a three-digit serial"),
            (
                "ea/2024/0123",
                None,
                "lower case is not how the tribunal writes it",
            ),
            ("EA-2024-0123", None, "dashes in a First-tier reference"),
            (
                "IC-123456-AB12",
                None,
                "the Commissioner's own case reference",
            ),
            ("", None, "nothing"),
        ];
        for (text, stage, why) in table {
            assert_eq!(
                TribunalReference::parse(text).ok().map(|r| r.stage()),
                stage,
                "{why}: {text}"
            );
        }
        assert_eq!(
            TribunalReference::parse(" EA/2024/0123 ").map(|r| r.as_str().to_owned()),
            Ok("EA/2024/0123".to_owned()),
            "kept as given, without the spaces around it"
        );
    }

    #[test]
    fn a_substituted_notices_steps_are_due_by_its_own_measure() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let decided = d("2023-09-01");
        let sent = d("2023-09-05");
        assert_eq!(
            StepsPeriod::DaysFromDecision(35).due(decided, sent),
            Some((d("2023-10-06"), None))
        );
        assert_eq!(
            StepsPeriod::DaysFromSent(35).due(decided, sent),
            Some((d("2023-10-10"), None))
        );
        let by = NaiveDateTime::parse_from_str("2023-10-31T16:00", "%Y-%m-%dT%H:%M").unwrap();
        assert_eq!(
            StepsPeriod::By(by).due(decided, sent),
            Some((d("2023-10-31"), NaiveTime::from_hms_opt(16, 0, 0)))
        );
    }
}
