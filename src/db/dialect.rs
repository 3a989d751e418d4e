//! The few statements that differ between SQLite and PostgreSQL: placeholders, group keys
//! computed from the case row, and date differences.

use super::stats::GroupBy;

/// `?` placeholders become `$1, $2 …` on PostgreSQL.
pub fn placeholders(sql: &str, postgres: bool) -> String {
    if !postgres {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(ch);
        }
    }
    out
}

/// The SQL for a group key computed from the case row itself (regime and periods).
pub fn row_key(by: GroupBy, postgres: bool) -> &'static str {
    match (by, postgres) {
        (GroupBy::Month, false) => "strftime('%Y-%m', c.request_received)",
        (GroupBy::Month, true) => "to_char(c.request_received, 'YYYY-MM')",
        (GroupBy::Quarter, false) => {
            "strftime('%Y', c.request_received) || '-Q' || ((CAST(strftime('%m', c.request_received) AS INTEGER) + 2) / 3)"
        }
        (GroupBy::Quarter, true) => "to_char(c.request_received, 'YYYY-\"Q\"Q')",
        (GroupBy::Authority | GroupBy::Sector, _) => "CAST(c.authority_id AS TEXT)",
        (GroupBy::Officer, _) => "COALESCE(CAST(c.officer_id AS TEXT), 'unallocated')",
        (GroupBy::Regime, _) => "c.regime",
    }
}

/// Calendar days from `a` to `b` as an integer expression.
pub fn days_between(a: &str, b: &str, postgres: bool) -> String {
    if postgres {
        format!("({b} - {a})")
    } else {
        format!("CAST(julianday({b}) - julianday({a}) AS INTEGER)")
    }
}

/// Full-text search of the register on each backend: FTS5 on SQLite (the external-content
/// table `published_notices_fts` over `published_texts`, ranked by bm25 with the authority's name weighted above the
/// abstract above the body), a weighted `tsvector` on PostgreSQL (ranked by `ts_rank`). Both
/// take the same words (letters and digits only, every one required) and give a score where
/// lower is better.
pub mod text_search {
    use crate::domain::register::{HIT_END, HIT_START};

    /// The query the backend's matcher takes for `words`.
    #[must_use]
    pub fn query(words: &[String], postgres: bool) -> String {
        if postgres {
            // plainto_tsquery: the words ANDed, stemmed and stop words dropped.
            words.join(" ")
        } else {
            // FTS5: each word a quoted string, so nothing is read as query syntax.
            words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" ")
        }
    }

    /// FROM, WHERE and score of the matching notices (`p` is `published_notices`); binds the
    /// query twice on PostgreSQL (rank and match), once on SQLite.
    #[must_use]
    pub fn matching(postgres: bool) -> (&'static str, &'static str, &'static str, usize) {
        if postgres {
            (
                "published_texts t JOIN published_notices p ON p.id = t.published_id",
                "t.search @@ plainto_tsquery('english', ?)",
                "-ts_rank(t.search, plainto_tsquery('english', ?))",
                2,
            )
        } else {
            (
                "published_notices_fts f JOIN published_notices p ON p.id = f.rowid",
                "published_notices_fts MATCH ?",
                "bm25(published_notices_fts, 10.0, 4.0, 1.0)",
                1,
            )
        }
    }

    /// A statement giving `(value = id, text = snippet)` of the notices whose ids are listed
    /// as `ids` placeholders, matched words between [`HIT_START`] and [`HIT_END`]. Binds: the
    /// query, then (PostgreSQL) the options.
    #[must_use]
    pub fn snippets(postgres: bool, ids: usize) -> String {
        let list = vec!["?"; ids].join(", ");
        if postgres {
            format!(
                "SELECT published_id AS value, ts_headline('english', body, plainto_tsquery('english', ?), ?) AS text
                 FROM published_texts WHERE published_id IN ({list})"
            )
        } else {
            format!(
                "SELECT rowid AS value, snippet(published_notices_fts, 2, char({}), char({}), ' … ', 32) AS text
                 FROM published_notices_fts WHERE published_notices_fts MATCH ? AND rowid IN ({list})",
                u32::from(HIT_START),
                u32::from(HIT_END)
            )
        }
    }

    /// `ts_headline`'s options: the markers, and about the length of FTS5's snippet.
    #[must_use]
    pub fn headline_options() -> String {
        format!(
            "StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=\" … \""
        )
    }

    /// The year of a date column.
    #[must_use]
    pub fn year(column: &str, postgres: bool) -> String {
        if postgres {
            format!("to_char({column}, 'YYYY')")
        } else {
            format!("strftime('%Y', {column})")
        }
    }
}
