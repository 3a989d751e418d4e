//! The access regimes a request can be made under, and the time limits each sets.
//!
//! Sources: FOIA 2000 s10; EIR 2004 regs 5, 7, 11; FOISA 2002 ss10, 20, 21, 73; EIR (Scotland)
//! 2004 regs 5, 7, 16; UK GDPR art 12(3). See `docs/deadline-rules.md` §1–§3 and §6.

use crate::domain::calendar::CalendarKind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The legal regime a request was made under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Regime {
    /// Freedom of Information Act 2000.
    Foia,
    /// Environmental Information Regulations 2004 (England, Wales, Northern Ireland).
    Eir,
    /// Freedom of Information (Scotland) Act 2002.
    Foisa,
    /// Environmental Information (Scotland) Regulations 2004.
    EirScotland,
    /// UK GDPR article 15 subject access request.
    UkGdprSar,
}

impl Regime {
    /// Every regime.
    pub const ALL: [Regime; 5] = [
        Regime::Foia,
        Regime::Eir,
        Regime::Foisa,
        Regime::EirScotland,
        Regime::UkGdprSar,
    ];

    /// The identifier used in JSON, CSV and URLs.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            Regime::Foia => "foia",
            Regime::Eir => "eir",
            Regime::Foisa => "foisa",
            Regime::EirScotland => "eir_scotland",
            Regime::UkGdprSar => "uk_gdpr_sar",
        }
    }

    /// Parses the identifier.
    ///
    /// # Errors
    /// A message listing the accepted values.
    pub fn from_slug(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|r| r.slug() == s.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                format!("unknown regime \"{s}\": use foia, eir, foisa, eir_scotland or uk_gdpr_sar")
            })
    }

    /// The short name case officers use.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Regime::Foia => "FOIA",
            Regime::Eir => "EIR",
            Regime::Foisa => "FOISA",
            Regime::EirScotland => "EIR (Scotland)",
            Regime::UkGdprSar => "UK GDPR subject access",
        }
    }

    /// The calendar whose non-working days the regime's working-day periods skip.
    #[must_use]
    pub fn calendar(self) -> CalendarKind {
        match self {
            // FOIA s10(6): a bank holiday "in any part of the United Kingdom"; EIR reg 2(1)
            // applies the same definition (docs/deadline-rules.md §1.2, §2).
            Regime::Foia | Regime::Eir => CalendarKind::UkUnion,
            // FOISA s73: a bank holiday in Scotland; EIR (Scotland) the same (§3).
            Regime::Foisa | Regime::EirScotland => CalendarKind::Scotland,
            // SARs are counted in months; the roll-forward calendar is a setting (§6).
            Regime::UkGdprSar => CalendarKind::EnglandAndWales,
        }
    }

    /// Whether the regime is Scottish (its appeals go to the Court of Session).
    #[must_use]
    pub fn is_scottish(self) -> bool {
        matches!(self, Regime::Foisa | Regime::EirScotland)
    }

    /// Whether the regime is one of the environmental regulations.
    #[must_use]
    pub fn is_environmental(self) -> bool {
        matches!(self, Regime::Eir | Regime::EirScotland)
    }

    /// The working days allowed for a response, or `None` for month-based SARs.
    #[must_use]
    pub fn response_working_days(self) -> Option<u32> {
        match self {
            // FOIA s10(1); EIR reg 5(2); FOISA s10(1); EIR (Scotland) reg 5(2): 20 working days.
            Regime::Foia | Regime::Eir | Regime::Foisa | Regime::EirScotland => Some(20),
            Regime::UkGdprSar => None,
        }
    }

    /// The legal basis of the time for a response.
    #[must_use]
    pub fn response_basis(self) -> &'static str {
        match self {
            Regime::Foia => "FOIA s10(1): the twentieth working day following the date of receipt",
            Regime::Eir => "EIR reg 5(2): no later than 20 working days after the date of receipt",
            Regime::Foisa => "FOISA s10(1): the twentieth working day after receipt",
            Regime::EirScotland => {
                "EIR (Scotland) reg 5(2): no later than 20 working days after the date of receipt"
            }
            Regime::UkGdprSar => {
                "UK GDPR art 12(3): within one month of receipt (ICO method: the corresponding date next month, rolled to a working day)"
            }
        }
    }

    /// Whether a fees notice stops the clock: FOIA s10(2), FOISA s10(2), and the EIR's advance
    /// payment (reg 8(6): the days from the notification to the payment are disregarded). The
    /// EIR (Scotland) equivalent is not modelled: its text was not checked
    /// (docs/deadline-rules.md).
    #[must_use]
    pub fn has_fees_pause(self) -> bool {
        matches!(self, Regime::Foia | Regime::Foisa | Regime::Eir)
    }

    /// The provision that disregards the days a fee is awaited.
    #[must_use]
    pub fn fees_pause_basis(self) -> &'static str {
        match self {
            Regime::Eir => "EIR reg 8(6)",
            Regime::Foisa => "FOISA s10(2)",
            _ => "FOIA s10(2)",
        }
    }

    /// Whether a public-interest extension exists: FOIA s10(3) only; Scotland has none
    /// (docs/deadline-rules.md §1.6).
    #[must_use]
    pub fn has_public_interest_extension(self) -> bool {
        self == Regime::Foia
    }

    /// Whether the regulation 7 extension to 40 working days exists.
    #[must_use]
    pub fn has_eir_extension(self) -> bool {
        self.is_environmental()
    }
}

impl fmt::Display for Regime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
