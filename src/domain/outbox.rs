//! The outbox's vocabulary: where a queued email is in its life, and whom it is addressed to.
//! Both are stored as their slugs and parsed back once, in `db::outbox`.

use crate::domain::parties::slug_enum;
use serde::{Deserialize, Serialize};

slug_enum! {
    /// Where a message is: queued (waiting for its next attempt), sending (claimed by a worker),
    /// sent, failed (after the configured attempts) or cancelled (no longer due).
    OutboxStatus {
        /// Waiting to be sent (or retried).
        Queued => "queued", "Queued";
        /// Claimed by a worker, being sent.
        Sending => "sending", "Sending";
        /// Delivered to the mail server.
        Sent => "sent", "Sent";
        /// Given up after the configured attempts.
        Failed => "failed", "Failed";
        /// No longer due (deadline moved or met, or the party opted out).
        Cancelled => "cancelled", "Cancelled";
    }
}

impl OutboxStatus {
    /// Whether an admin may put the message back in the queue: only messages that will not go
    /// otherwise (a sent one would be sent twice; a queued one is going anyway).
    #[must_use]
    pub fn retryable(self) -> bool {
        matches!(self, OutboxStatus::Failed | OutboxStatus::Cancelled)
    }
}

slug_enum! {
    /// Whom a message is for.
    RecipientRole {
        /// The public authority's FOI contact.
        Authority => "authority", "Public authority";
        /// The person who complained.
        Complainant => "complainant", "Complainant";
        /// A case officer (their digest).
        Officer => "officer", "Case officer";
        /// A manager (the weekly summary).
        Manager => "manager", "Manager";
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_role_round_trips_through_its_slug() {
        for s in OutboxStatus::ALL {
            assert_eq!(OutboxStatus::from_slug(s.slug()), Ok(*s));
        }
        for r in RecipientRole::ALL {
            assert_eq!(RecipientRole::from_slug(r.slug()), Ok(*r));
        }
    }

    #[test]
    fn unknown_slugs_are_refused_not_defaulted() {
        for bad in ["", "Queued", "sending ", "delivered"] {
            assert!(OutboxStatus::from_slug(bad).is_err(), "{bad:?}");
        }
        assert!(RecipientRole::from_slug("admin").is_err());
    }

    #[test]
    fn only_failed_and_cancelled_messages_can_be_retried() {
        let retryable: Vec<_> = OutboxStatus::ALL.iter().filter(|s| s.retryable()).collect();
        assert_eq!(retryable, [&OutboxStatus::Failed, &OutboxStatus::Cancelled]);
    }
}
