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
