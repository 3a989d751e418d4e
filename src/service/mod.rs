//! Use cases: each call is one transaction, takes a connection, today's date, who is acting and
//! input already parsed into domain values, and returns views or a [`ServiceError`].

pub mod allocation;
pub mod appeal_reminders;
pub mod appeal_stats;
pub mod appeals;
pub mod authorities;
pub mod calendar;
pub mod case_import;
pub mod cases;
pub mod csv_safe;
pub mod demo;
pub mod library;
pub mod notices;
pub mod notify;
pub mod outbox;
pub mod register;
pub mod reminders;
pub mod saved_filters;
pub mod sessions;
pub mod stats;
pub mod team;
pub mod tokens;
pub mod users;

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
    /// The change was made to a version that is no longer the latest (an optimistic check).
    #[error("{0}")]
    Stale(String),
    /// The database cannot take the change now (its disk is full, or it cannot be reached);
    /// nothing was written and the same request may succeed later.
    #[error("{0}")]
    Unavailable(String),
    /// Our fault.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// What a person is told when the database's disk is full.
pub const STORAGE_FULL: &str = "The database has no space left on its disk, so nothing was \
saved. Ask the service's administrator to free some space, then try again.";

/// What a person is told when the database accepts only reads.
pub const STORAGE_READ_ONLY: &str = "The database is accepting only reads at the moment, so \
nothing was saved. Try again in a few minutes; if it goes on, tell the service's administrator.";

/// What a person is told when every database connection is in use for longer than the wait.
pub const STORAGE_BUSY: &str = "The service is too busy to answer at the moment, so nothing \
was saved. Try again in a minute.";

/// What a person is told when the database cannot be reached.
pub const STORAGE_UNREACHABLE: &str = "The database cannot be reached at the moment, so nothing \
was saved. Try again in a minute.";

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
            diesel::result::Error::DatabaseError(kind, info) => {
                use diesel::result::DatabaseErrorKind as K;
                let message = info.message();
                // SQLite's SQLITE_FULL reads "database or disk is full"; PostgreSQL's
                // disk_full (53100) and failed writes carry the OS's "No space left on device".
                if message.contains("database or disk is full")
                    || message.contains("No space left on device")
                {
                    tracing::error!(
                        error = message,
                        "the database's disk is full: writes are refused"
                    );
                    ServiceError::Unavailable(STORAGE_FULL.to_owned())
                } else if matches!(kind, K::ClosedConnection | K::UnableToSendCommand) {
                    tracing::error!(error = message, "the database connection was lost");
                    ServiceError::Unavailable(STORAGE_UNREACHABLE.to_owned())
                } else if matches!(kind, K::ReadOnlyTransaction)
                    || message.contains("attempt to write a readonly database")
                {
                    // PostgreSQL's read_only_sql_transaction (25006, a standby or a database
                    // made read-only); SQLite's SQLITE_READONLY.
                    tracing::error!(
                        error = message,
                        "the database is read-only: writes are refused"
                    );
                    ServiceError::Unavailable(STORAGE_READ_ONLY.to_owned())
                } else if message.contains("database is locked")
                    || message.contains("disk I/O error")
                {
                    // SQLite's SQLITE_BUSY after busy_timeout, and SQLITE_IOERR.
                    tracing::error!(error = message, "the database could not take the write");
                    ServiceError::Unavailable(STORAGE_UNREACHABLE.to_owned())
                } else {
                    ServiceError::Unexpected(
                        diesel::result::Error::DatabaseError(kind, info).into(),
                    )
                }
            }
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

pub use crate::domain::staff::Actor;

impl From<crate::domain::staff::Refusal> for ServiceError {
    fn from(r: crate::domain::staff::Refusal) -> Self {
        ServiceError::Forbidden(r.0)
    }
}

impl From<crate::domain::case::CaseError> for ServiceError {
    fn from(e: crate::domain::case::CaseError) -> Self {
        use crate::domain::case::CaseError as E;
        match e {
            E::Refused(m) => ServiceError::Forbidden(m),
            E::Invalid {
                rule,
                event,
                message,
            } => ServiceError::Invalid {
                rule,
                event,
                message,
            },
            E::NotFound(m) => ServiceError::NotFound(m),
            E::Conflict(m) => ServiceError::Conflict(m),
        }
    }
}

/// The current instant as stored (UTC, no zone).
#[must_use]
pub fn stamp(now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDateTime {
    now.naive_utc()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    fn database_error(kind: DatabaseErrorKind, message: &str) -> Error {
        Error::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_full_disk_is_unavailable_with_a_message_people_understand() {
        for message in [
            // SQLite's SQLITE_FULL.
            "database or disk is full",
            // PostgreSQL when a relation cannot grow.
            "could not extend file \"base/5/16384\": No space left on device",
        ] {
            match ServiceError::from(database_error(DatabaseErrorKind::Unknown, message)) {
                ServiceError::Unavailable(m) => assert_eq!(m, STORAGE_FULL),
                other => panic!("{message}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_lost_connection_is_unavailable_and_other_errors_stay_unexpected() {
        assert!(matches!(
            ServiceError::from(database_error(
                DatabaseErrorKind::ClosedConnection,
                "server closed the connection unexpectedly"
            )),
            ServiceError::Unavailable(m) if m == STORAGE_UNREACHABLE
        ));
        assert!(matches!(
            ServiceError::from(database_error(
                DatabaseErrorKind::CheckViolation,
                "CHECK constraint failed"
            )),
            ServiceError::Unexpected(_)
        ));
        assert!(matches!(
            ServiceError::from(Error::NotFound),
            ServiceError::NotFound(_)
        ));
    }
}
