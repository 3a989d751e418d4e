//! The API tokens on the account page: each listed with its name, when it was made, last used
//! and expires; a form to make one (a name and a lifetime in days; the token is shown once);
//! a button to revoke each.

use super::account::{AccountPage, account_page};
use super::forms::{FormErrors, capitalise};
use super::session::Posted;
use super::{AppState, PageError, see_other, with_db};
use crate::domain::input;
use crate::domain::london::format_instant;
use crate::domain::parties::RequiredText;
use crate::domain::staff::{TokenLifetime, TokenStatus};
use crate::service::ServiceError;
use crate::service::tokens::{self, TokenRequest, TokenView};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

/// A token as a row of the account page's table.
#[derive(Debug, Serialize)]
pub struct TokenLine {
    id: i64,
    name: String,
    created: String,
    last_used: String,
    expires: String,
    status: &'static str,
    live: bool,
}

impl From<&TokenView> for TokenLine {
    fn from(t: &TokenView) -> Self {
        TokenLine {
            id: t.id,
            name: t.name.clone(),
            created: format_instant(t.created_at),
            last_used: t
                .last_used_at
                .map_or_else(|| "Not used yet".to_owned(), format_instant),
            expires: format_instant(t.expires_at),
            status: t.status.label(),
            live: t.status == TokenStatus::Active,
        }
    }
}

/// The new-token form as typed.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct TokenForm {
    /// What the token is for.
    #[serde(default)]
    pub token_name: String,
    /// How many days it lasts.
    #[serde(default)]
    pub token_days: String,
}

/// The form parsed, or the errors beside its fields (the domain's words, capitalised).
fn parse(form: &TokenForm) -> Result<TokenRequest, FormErrors> {
    let mut errors = FormErrors::default();
    let name = RequiredText::of(&input::TOKEN_NAME, &form.token_name)
        .map_err(|m| errors.add("token_name", capitalise(&m)))
        .ok();
    let lifetime = TokenLifetime::parse(&form.token_days)
        .map_err(|m| errors.add("token_days", capitalise(&m)))
        .ok();
    match (name, lifetime) {
        (Some(name), Some(lifetime)) => Ok(TokenRequest { name, lifetime }),
        _ => Err(errors),
    }
}

/// `POST /account/tokens`: makes a token and shows it once.
///
/// # Errors
/// Database failures.
pub async fn create(
    state: web::Data<AppState>,
    posted: Posted<TokenForm>,
) -> Result<HttpResponse, PageError> {
    let Posted { staff, form } = posted;
    let request = match parse(&form) {
        Ok(r) => r,
        Err(errors) => {
            let page = AccountPage {
                errors,
                token_form: form,
                ..AccountPage::default()
            };
            return account_page(&state, &staff, page, StatusCode::UNPROCESSABLE_ENTITY, None)
                .await;
        }
    };
    let actor = staff.actor.clone();
    let now = state.clock.now();
    let secret = with_db(&state, move |conn| {
        Ok(tokens::create_own(conn, &actor, now, &request)?)
    })
    .await?;
    let page = AccountPage {
        new_token: secret,
        ..AccountPage::default()
    };
    account_page(&state, &staff, page, StatusCode::OK, None).await
}

/// A form with no fields besides its CSRF token.
#[derive(Deserialize)]
pub struct Empty {}

/// `POST /account/tokens/{id}/revoke`: the token stops working at once.
///
/// # Errors
/// Not found when it is not the signed-in user's live token; database failures.
pub async fn revoke(
    state: web::Data<AppState>,
    path: web::Path<i64>,
    posted: Posted<Empty>,
) -> Result<HttpResponse, PageError> {
    let actor = posted.staff.actor.clone();
    let now = state.clock.now();
    let id = path.into_inner();
    let result = with_db(&state, move |conn| {
        Ok(tokens::revoke_own(conn, &actor, now, id))
    })
    .await?;
    match result {
        Ok(()) => Ok(see_other("/account?done=token_revoked#tokens")),
        Err(ServiceError::NotFound(_)) => Err(PageError::NotFound),
        Err(other) => Err(other.into()),
    }
}
