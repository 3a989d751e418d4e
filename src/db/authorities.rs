//! Storage of public authorities: their rows parsed into [`Authority`] once, here.

use super::rows::AuthorityRow;
use crate::domain::authority::Authority;
use crate::domain::parties::{Nation, Sector};
use diesel::result::Error as DbError;

/// A stored authority in domain terms.
///
/// # Errors
/// A stored sector or nation that does not parse.
pub fn parse(row: AuthorityRow) -> Result<Authority, DbError> {
    let unreadable = |what: &str, value: &str| {
        DbError::DeserializationError(
            format!("authorities: stored {what} \"{value}\" is not known").into(),
        )
    };
    Ok(Authority {
        sector: Sector::from_slug(&row.sector).map_err(|_| unreadable("sector", &row.sector))?,
        nation: Nation::from_slug(&row.nation).map_err(|_| unreadable("nation", &row.nation))?,
        id: row.id,
        formal_name: row.formal_name,
        short_name: row.short_name,
        address: row.address,
        foi_email: row.foi_email,
    })
}
