//! Who is acting: a member of staff with a role, and the refusal given when the role does not
//! allow what they asked for.

use crate::domain::parties::Role;

/// The member of staff making a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Their user id.
    pub user_id: i64,
    /// Their name (for views).
    pub name: String,
    /// Their role.
    pub role: Role,
}

/// What the actor's role does not allow, in words for them.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

impl Actor {
    /// Managers and admins read and change every case.
    #[must_use]
    pub fn sees_every_case(&self) -> bool {
        matches!(self.role, Role::Manager | Role::Admin)
    }

    /// Refuses unless the actor is a manager or an admin.
    ///
    /// # Errors
    /// A [`Refusal`] naming what they tried to do.
    pub fn require_manager(&self, what: &str) -> Result<(), Refusal> {
        if self.sees_every_case() {
            Ok(())
        } else {
            Err(Refusal(format!("only managers and admins may {what}")))
        }
    }

    /// Refuses unless the actor is an admin.
    ///
    /// # Errors
    /// A [`Refusal`] naming what they tried to do.
    pub fn require_admin(&self, what: &str) -> Result<(), Refusal> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(Refusal(format!("only admins may {what}")))
        }
    }
}

/// How long a new API token lasts: from 1 to [`TokenLifetime::MAX_DAYS`] days, chosen when it
/// is made, so that a forgotten token stops working by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenLifetime(u32);

impl TokenLifetime {
    /// The default (`SECTION50_TOKEN_DAYS` changes it).
    pub const DEFAULT: TokenLifetime = TokenLifetime(90);
    /// The longest: a year, leap day included.
    pub const MAX_DAYS: u32 = 366;

    /// A lifetime of `days`.
    ///
    /// # Errors
    /// Outside 1 to [`TokenLifetime::MAX_DAYS`], in words.
    pub fn days(days: u32) -> Result<Self, String> {
        if (1..=Self::MAX_DAYS).contains(&days) {
            Ok(TokenLifetime(days))
        } else {
            Err(Self::range_message())
        }
    }

    /// Parses a number of days as typed.
    ///
    /// # Errors
    /// Not a whole number from 1 to [`TokenLifetime::MAX_DAYS`], in words.
    pub fn parse(text: &str) -> Result<Self, String> {
        text.trim()
            .parse::<u32>()
            .map_err(|_| Self::range_message())
            .and_then(Self::days)
    }

    fn range_message() -> String {
        format!(
            "a token lasts a whole number of days from 1 to {}",
            Self::MAX_DAYS
        )
    }

    /// The number of days.
    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }

    /// When a token made at `made` stops working.
    #[must_use]
    pub fn expiry(self, made: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
        made + chrono::Duration::days(i64::from(self.0))
    }
}

/// Whether an API token still lets its owner in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    /// It works.
    Active,
    /// Its lifetime has passed.
    Expired,
    /// Its owner or an admin turned it off (or the account was deactivated).
    Revoked,
}

impl TokenStatus {
    /// The status at `now` of a token that expires at `expires_at` and was revoked at
    /// `revoked_at`, if ever. A token is expired from the instant of its expiry on.
    #[must_use]
    pub fn at(
        now: chrono::NaiveDateTime,
        expires_at: chrono::NaiveDateTime,
        revoked_at: Option<chrono::NaiveDateTime>,
    ) -> Self {
        if revoked_at.is_some() {
            TokenStatus::Revoked
        } else if now >= expires_at {
            TokenStatus::Expired
        } else {
            TokenStatus::Active
        }
    }

    /// How people say it.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            TokenStatus::Active => "Active",
            TokenStatus::Expired => "Expired",
            TokenStatus::Revoked => "Revoked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> chrono::NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_token_lasts_from_one_day_to_a_year_as_typed() {
        // (typed, days or the refusal, why)
        let cases: [(&str, Result<u32, ()>); 9] = [
            ("90", Ok(90)),   // the default
            (" 30 ", Ok(30)), // spaces around
            ("1", Ok(1)),     // shortest
            ("366", Ok(366)), // a leap year
            ("367", Err(())), // over a year
            ("0", Err(())),   // would be expired when made
            ("-5", Err(())),  // negative
            ("ninety", Err(())),
            ("", Err(())),
        ];
        for (typed, expected) in cases {
            match (TokenLifetime::parse(typed), expected) {
                (Ok(l), Ok(days)) => assert_eq!(l.get(), days, "{typed:?}"),
                (Err(m), Err(())) => assert_eq!(
                    m, "a token lasts a whole number of days from 1 to 366",
                    "{typed:?}"
                ),
                (got, _) => panic!("{typed:?}: {got:?}"),
            }
        }
        assert_eq!(TokenLifetime::DEFAULT.get(), 90);
    }

    #[test]
    fn a_token_expires_at_the_same_time_of_day_its_lifetime_later() {
        let made = at(2024, 2, 20, 9);
        let lifetime = TokenLifetime::days(90).unwrap();
        // 20 February 2024 + 90 days: 9 days left of February (leap year), 31 of March, 30 of
        // April, 20 of May.
        assert_eq!(lifetime.expiry(made), at(2024, 5, 20, 9));
        let expires = lifetime.expiry(made);
        let cases = [
            (
                at(2024, 5, 20, 8),
                None,
                TokenStatus::Active,
                "an hour before",
            ),
            (expires, None, TokenStatus::Expired, "at the instant"),
            (
                at(2024, 5, 21, 0),
                None,
                TokenStatus::Expired,
                "the day after",
            ),
            (made, Some(made), TokenStatus::Revoked, "revoked when live"),
            (
                at(2025, 1, 1, 0),
                Some(made),
                TokenStatus::Revoked,
                "revoked beats expired",
            ),
        ];
        for (now, revoked, status, why) in cases {
            assert_eq!(TokenStatus::at(now, expires, revoked), status, "{why}");
        }
    }
}
