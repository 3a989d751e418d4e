//! `section50 user add|token`: staff accounts from the command line (the first admin is made
//! this way).

use super::{Common, DbArgs, Outcome};
use crate::domain::input;
use crate::domain::parties::{EmailAddress, RequiredText, Role};
use crate::domain::staff::TokenLifetime;
use crate::service::tokens::{self, TokenRequest};
use crate::service::{ServiceError, users};

/// The flags of `user`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// What to do.
    #[command(subcommand)]
    pub action: Action,
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
}

/// What to do to an account.
#[derive(clap::Subcommand, Debug, Clone)]
pub enum Action {
    /// Add a member of staff; prints a one-time password (and an API token with --token).
    Add {
        /// Their email address (their sign-in name; any case finds the account).
        #[arg(long)]
        email: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// officer, manager or admin.
        #[arg(long)]
        role: String,
        /// Also issue an API token with this name (what it is for); "--token" alone names it
        /// "command line".
        #[arg(long, value_name = "NAME", num_args = 0..=1, default_missing_value = "command line")]
        token: Option<String>,
        /// Days the token lasts (1 to 366).
        #[arg(long, env = "SECTION50_TOKEN_DAYS", default_value_t = TokenLifetime::DEFAULT.get())]
        token_days: u32,
    },
    /// Issue a new API token for an existing user.
    Token {
        /// Their email address.
        #[arg(long)]
        email: String,
        /// What the token is for (shown on their account page).
        #[arg(long, alias = "label", default_value = "command line")]
        name: String,
        /// Days the token lasts (1 to 366).
        #[arg(long, env = "SECTION50_TOKEN_DAYS", default_value_t = TokenLifetime::DEFAULT.get())]
        days: u32,
    },
}

/// A token's name and lifetime parsed; a refusal names the flag (`flags`: the name's and the
/// days').
fn token_request(name: &str, days: u32, flags: [&str; 2]) -> Result<TokenRequest, String> {
    Ok(TokenRequest {
        name: RequiredText::of(&input::TOKEN_NAME, name)
            .map_err(|m| format!("{}: {m}", flags[0]))?,
        lifetime: TokenLifetime::days(days).map_err(|m| format!("{}: {m}", flags[1]))?,
    })
}

/// Adds a user or issues a token, printing the secrets once.
///
/// # Errors
/// Database failures; a refused email, name, role, token or duplicate is
/// [`Outcome::BadInput`].
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let pool = args.db.open(1)?;
    let mut conn = pool.get()?;
    let now = common.clock.now();
    match &args.action {
        Action::Add {
            email,
            name,
            role,
            token,
            token_days,
        } => {
            let email = match EmailAddress::parse(email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            let name = match RequiredText::of(&input::STAFF_NAME, name) {
                Ok(n) => n,
                Err(m) => return Ok(Outcome::BadInput(format!("--name: {m}"))),
            };
            let role = match Role::from_slug(role) {
                Ok(r) => r,
                Err(m) => return Ok(Outcome::BadInput(format!("--role: {m}"))),
            };
            let token = match token
                .as_deref()
                .map(|t| token_request(t, *token_days, ["--token", "--token-days"]))
            {
                Some(Err(m)) => return Ok(Outcome::BadInput(m)),
                Some(Ok(t)) => Some(t),
                None => None,
            };
            match users::add(&mut conn, now, &email, &name, role, token.as_ref()) {
                Ok(created) => {
                    println!(
                        "Added {} ({}) as {}.",
                        name.as_str(),
                        email.account_key(),
                        role.label()
                    );
                    println!("One-time password: {}", created.password);
                    if let (Some(t), Some(request)) = (created.token, &token) {
                        println!(
                            "API token \"{}\" for {} days (shown once): {t}",
                            request.name.as_str(),
                            request.lifetime.get()
                        );
                    }
                    Ok(Outcome::Done)
                }
                Err(ServiceError::Conflict(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
        Action::Token { email, name, days } => {
            let email = match EmailAddress::parse(email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            let request = match token_request(name, *days, ["--name", "--days"]) {
                Ok(r) => r,
                Err(m) => return Ok(Outcome::BadInput(m)),
            };
            match tokens::issue_for(&mut conn, now, &email, &request) {
                Ok(t) => {
                    println!(
                        "API token \"{}\" for {} days (shown once): {t}",
                        request.name.as_str(),
                        request.lifetime.get()
                    );
                    Ok(Outcome::Done)
                }
                Err(ServiceError::NotFound(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
    }
}
