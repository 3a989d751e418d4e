//! `section50 user add|token`: staff accounts from the command line (the first admin is made
//! this way).

use super::{Common, DbArgs, Outcome};
use crate::domain::parties::{EmailAddress, RequiredText, Role};
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
        /// Their email address (their sign-in name).
        #[arg(long)]
        email: String,
        /// Their name.
        #[arg(long)]
        name: String,
        /// officer, manager or admin.
        #[arg(long)]
        role: String,
        /// Also issue an API token.
        #[arg(long)]
        token: bool,
    },
    /// Issue a new API token for an existing user.
    Token {
        /// Their email address.
        #[arg(long)]
        email: String,
        /// What the token is for.
        #[arg(long, default_value = "issued from the command line")]
        label: String,
    },
}

/// Adds a user or issues a token, printing the secrets once.
///
/// # Errors
/// Database failures; a refused email, name, role or duplicate is [`Outcome::BadInput`].
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
        } => {
            let email = match EmailAddress::parse(email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            let name = match RequiredText::parse("name", name, 200) {
                Ok(n) => n,
                Err(m) => return Ok(Outcome::BadInput(format!("--name: {m}"))),
            };
            let role = match Role::from_slug(role) {
                Ok(r) => r,
                Err(m) => return Ok(Outcome::BadInput(format!("--role: {m}"))),
            };
            match users::add(&mut conn, now, &email, &name, role, *token) {
                Ok(created) => {
                    println!(
                        "Added {} ({}) as {}.",
                        name.as_str(),
                        email.as_str(),
                        role.label()
                    );
                    println!("One-time password: {}", created.password);
                    if let Some(t) = created.token {
                        println!("API token (shown once): {t}");
                    }
                    Ok(Outcome::Done)
                }
                Err(ServiceError::Conflict(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
        Action::Token { email, label } => {
            let email = match EmailAddress::parse(email) {
                Ok(e) => e,
                Err(m) => return Ok(Outcome::BadInput(format!("--email: {m}"))),
            };
            match users::issue_token(&mut conn, now, &email, label) {
                Ok(t) => {
                    println!("API token (shown once): {t}");
                    Ok(Outcome::Done)
                }
                Err(ServiceError::NotFound(m)) => Ok(Outcome::BadInput(m)),
                Err(e) => Err(e.into()),
            }
        }
    }
}
