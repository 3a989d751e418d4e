//! Typed settings, loaded once from flags and `SECTION50_*` environment variables and passed
//! down; nothing reads the environment after start-up.

use crate::domain::calendar::Proclamation;
use crate::domain::settings::ClockSettings;
use std::path::{Path, PathBuf};

/// Which database a URL names, chosen by its scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://path/to/file.db` (the embedded default).
    Sqlite(PathBuf),
    /// `postgres://…` or `postgresql://…`.
    Postgres(String),
}

impl DatabaseUrl {
    /// Parses a database URL by scheme.
    ///
    /// # Errors
    /// A message naming the accepted schemes when the scheme is unknown.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("SECTION50_DATABASE_URL: sqlite:// needs a file path, e.g. sqlite://data/section50.db".into());
            }
            Ok(DatabaseUrl::Sqlite(PathBuf::from(path)))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url.to_owned()))
        } else {
            Err(format!(
                "SECTION50_DATABASE_URL: unsupported database URL scheme in \"{}\": use sqlite://FILE or postgres://USER@HOST/DB",
                url.split("://").next().unwrap_or(url)
            ))
        }
    }
}

/// Reads a JSON list of proclamations added by the deployment (a newly proclaimed bank holiday
/// takes effect without a rebuild).
///
/// # Errors
/// When the file cannot be read or is not a list of proclamations.
pub fn load_extra_holidays(path: &Path) -> anyhow::Result<Vec<Proclamation>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read extra holidays file {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| {
        anyhow::anyhow!(
            "extra holidays file {} is not a list of proclamations: {e}",
            path.display()
        )
    })
}

/// The deadline settings of this deployment: defaults plus any extra proclaimed days.
///
/// # Errors
/// When the extra holidays file is given and unreadable.
pub fn clock_settings(extra_holidays: Option<&Path>) -> anyhow::Result<ClockSettings> {
    let mut settings = ClockSettings::default();
    if let Some(path) = extra_holidays {
        settings.extra_holidays = load_extra_holidays(path)?;
    }
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_choose_the_backend_by_scheme() {
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/x.db"),
            Ok(DatabaseUrl::Sqlite(PathBuf::from("data/x.db")))
        );
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@127.0.0.1/db"),
            Ok(DatabaseUrl::Postgres(_))
        ));
        let err = DatabaseUrl::parse("mysql://x").unwrap_err();
        assert!(err.contains("unsupported database URL scheme"), "{err}");
    }
}
