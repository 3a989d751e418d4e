//! Use cases: each call is one transaction, takes a connection, today's date, who is acting and
//! input already parsed into domain values, and returns views or a [`ServiceError`].

pub mod authorities;
pub mod calendar;
pub mod cases;
pub mod demo;
pub mod events;
pub mod library;
pub mod notices;
pub mod notify;
pub mod outbox;
pub mod reminders;
pub mod sessions;
pub mod stats;
pub mod team;
pub mod users;

use crate::domain::parties::Role;

/// Why a use case did not happen. Nothing is written when one is returned.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// No such record (or not visible to the actor).
    #[error("{0}")]
    NotFound(String),
    /// The input breaks a rule; `rule` is a stable identifier, the message is for people.
    #[error("{message}")]
    Invalid {
        /// The rule broken.
        rule: String,
        /// The event at fault, if any.
        event: Option<String>,
        /// What is wrong.
        message: String,
    },
    /// The actor's role does not allow this.
    #[error("{0}")]
    Forbidden(String),
    /// The change conflicts with what is stored.
    #[error("{0}")]
    Conflict(String),
    /// Our fault.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl ServiceError {
    /// A rule broken by the input.
    pub fn invalid(rule: &str, message: impl Into<String>) -> Self {
        ServiceError::Invalid {
            rule: rule.to_owned(),
            event: None,
            message: message.into(),
        }
    }
}

impl From<diesel::result::Error> for ServiceError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ServiceError::NotFound("not found".to_owned()),
            other => ServiceError::Unexpected(other.into()),
        }
    }
}

impl From<crate::domain::timeline::TimelineError> for ServiceError {
    fn from(e: crate::domain::timeline::TimelineError) -> Self {
        ServiceError::Invalid {
            rule: e.rule.to_owned(),
            event: e.event,
            message: e.message,
        }
    }
}

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

impl Actor {
    /// Managers and admins read and change every case.
    #[must_use]
    pub fn sees_every_case(&self) -> bool {
        matches!(self.role, Role::Manager | Role::Admin)
    }

    /// Refuses unless the actor is a manager or an admin.
    ///
    /// # Errors
    /// [`ServiceError::Forbidden`].
    pub fn require_manager(&self, what: &str) -> Result<(), ServiceError> {
        if self.sees_every_case() {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!(
                "only managers and admins may {what}"
            )))
        }
    }

    /// Refuses unless the actor is an admin.
    ///
    /// # Errors
    /// [`ServiceError::Forbidden`].
    pub fn require_admin(&self, what: &str) -> Result<(), ServiceError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(ServiceError::Forbidden(format!("only admins may {what}")))
        }
    }
}

/// The current instant as stored (UTC, no zone).
#[must_use]
pub fn stamp(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    now.naive_utc()
}
