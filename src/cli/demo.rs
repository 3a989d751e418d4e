//! `section50 demo [--cases N --seed S]`: loads demonstration data, a small realistic set
//! (with the seed case) or N synthetic cases.

use super::{Common, DbArgs, Outcome};
use crate::service::demo;

/// The flags of `demo`.
#[derive(clap::Args, Debug, Clone)]
pub struct Args {
    /// The database.
    #[command(flatten)]
    pub db: DbArgs,
    /// Generate this many synthetic cases instead of the small set.
    #[arg(long)]
    pub cases: Option<u32>,
    /// Random seed for synthetic cases (the same seed gives the same data).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Loads the data and prints what was made.
///
/// # Errors
/// Database failures.
pub fn run(args: &Args, common: &Common) -> anyhow::Result<Outcome> {
    let pool = args.db.open(2)?;
    let mut conn = pool.get()?;
    let now = common.clock.now();
    let summary = match args.cases {
        None => demo::small(&mut conn, now, &common.settings)?,
        Some(n) => demo::synthetic(&mut conn, now, &common.settings, n, args.seed)?,
    };
    println!("{summary}");
    Ok(Outcome::Done)
}
