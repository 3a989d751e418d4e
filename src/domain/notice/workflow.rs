//! Where a notice is in its workflow (draft, submitted, approved, returned, issued) and the
//! steps that move it.

use serde::{Deserialize, Serialize};

/// Where a notice is in its workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeState {
    /// Being drafted by the officer.
    Draft,
    /// Submitted to a manager.
    Submitted,
    /// Approved by a manager: may be issued.
    Approved,
    /// Returned by a manager with comments.
    Returned,
    /// Issued: immutable.
    Issued,
}

/// A step in the notice workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeAction {
    /// Save an edit.
    Save,
    /// Submit for approval.
    Submit,
    /// Approve.
    Approve,
    /// Return with comments.
    Return,
    /// Issue.
    Issue,
}

impl NoticeState {
    /// Every state.
    pub const ALL: [NoticeState; 5] = [
        NoticeState::Draft,
        NoticeState::Submitted,
        NoticeState::Approved,
        NoticeState::Returned,
        NoticeState::Issued,
    ];

    /// The identifier stored.
    #[must_use]
    pub fn slug(self) -> &'static str {
        match self {
            NoticeState::Draft => "draft",
            NoticeState::Submitted => "submitted",
            NoticeState::Approved => "approved",
            NoticeState::Returned => "returned",
            NoticeState::Issued => "issued",
        }
    }

    /// Parses the stored identifier.
    #[must_use]
    pub fn from_slug(s: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Submitted,
            Self::Approved,
            Self::Returned,
            Self::Issued,
        ]
        .into_iter()
        .find(|x| x.slug() == s)
    }

    /// The state after `action`, or why it cannot happen now.
    ///
    /// # Errors
    /// A sentence for the person who tried.
    pub fn apply(self, action: NoticeAction) -> Result<NoticeState, String> {
        use NoticeAction as A;
        use NoticeState as S;
        match (self, action) {
            (S::Draft | S::Returned | S::Approved, A::Save) => Ok(S::Draft),
            (S::Draft | S::Returned, A::Submit) => Ok(S::Submitted),
            (S::Submitted, A::Approve) => Ok(S::Approved),
            (S::Submitted | S::Approved, A::Return) => Ok(S::Returned),
            (S::Approved, A::Issue) => Ok(S::Issued),
            (S::Issued, _) => Err("the notice has been issued and can no longer change".to_owned()),
            (S::Submitted, A::Save) => Err(
                "the notice is with a manager for approval; it can be edited once returned"
                    .to_owned(),
            ),
            (from, action) => Err(format!(
                "a {} notice cannot be {}",
                from.slug(),
                match action {
                    A::Save => "saved",
                    A::Submit => "submitted",
                    A::Approve => "approved",
                    A::Return => "returned",
                    A::Issue => "issued before it is approved",
                }
            )),
        }
    }
}
