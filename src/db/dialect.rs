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

    /// A statement giving `value`, the id of every notice (published or withheld) whose text
    /// holds the query bound to it. PostgreSQL's goes through `register_matching`, which reads
    /// the GIN index even for a word in every notice (migrations/postgres/…register_speed).
    #[must_use]
    pub fn matches(postgres: bool) -> &'static str {
        if postgres {
            "SELECT m.id AS value FROM register_matching(?) AS m(id)"
        } else {
            "SELECT rowid AS value FROM published_notices_fts WHERE published_notices_fts MATCH ?"
        }
    }

    /// A statement giving `(value = id, score)` of the notices listed as `ids` placeholders
    /// after the query, the more relevant the lower the score: FTS5's bm25 with the
    /// authority's name weighted 10 and the abstract 4 against the text; PostgreSQL's
    /// `ts_rank` over the same weights (A, B, C), negated. On SQLite `+rowid` keeps the ids
    /// from driving the plan: one pass of the match, not a whole match per id (2 s for 840).
    #[must_use]
    pub fn ranks(postgres: bool, ids: usize) -> String {
        let list = vec!["?"; ids].join(", ");
        if postgres {
            format!(
                "SELECT published_id AS value,
                        CAST(-ts_rank(search, plainto_tsquery('english', ?)) AS DOUBLE PRECISION) AS score
                 FROM published_texts WHERE published_id IN ({list})"
            )
        } else {
            format!(
                "SELECT rowid AS value, bm25(published_notices_fts, 10.0, 4.0, 1.0) AS score
                 FROM published_notices_fts WHERE published_notices_fts MATCH ? AND +rowid IN ({list})"
            )
        }
    }

    /// A statement giving `(value = id, text = snippet)` of the notices whose ids are listed
    /// as `ids` placeholders, matched words between [`HIT_START`] and [`HIT_END`]. Binds: the
    /// query, then (PostgreSQL) where to look first ([`near`]), then the ids.
    ///
    /// PostgreSQL's `ts_headline` parses the whole text it is given, at about 2 µs a word
    /// here: 20 notices of 300 to 900 words took 12 to 24 ms, most of a search's budget, and
    /// real notices run to thousands of words. So it is given 700 characters from a little
    /// before the first place the start of the longest word appears ([`near`]: in lower case
    /// or with a capital; `lower(body)` would cost more than it saves), and the whole text
    /// only when that start appears nowhere. Should the window hold the start but no
    /// match (another word beginning alike), the snippet is the window's text unhighlighted.
    /// FTS5's `snippet` reads the positions its index keeps.
    #[must_use]
    pub fn snippets(postgres: bool, ids: usize) -> String {
        let list = vec!["?"; ids].join(", ");
        if postgres {
            let options = headline_options();
            format!(
                "SELECT w.published_id AS value,
                        ts_headline('english',
                                    CASE WHEN w.at > 0 THEN substr(w.body, greatest(1, w.at - 200), 700) ELSE w.body END,
                                    w.q, '{options}') AS text
                 FROM (SELECT t.published_id, t.body, p.q,
                              CASE WHEN strpos(t.body, p.near) = 0 THEN strpos(t.body, initcap(p.near))
                                   WHEN strpos(t.body, initcap(p.near)) = 0 THEN strpos(t.body, p.near)
                                   ELSE least(strpos(t.body, p.near), strpos(t.body, initcap(p.near))) END AS at
                       FROM published_texts AS t,
                            (SELECT plainto_tsquery('english', ?) AS q, CAST(? AS TEXT) AS near) AS p
                       WHERE t.published_id IN ({list})) AS w"
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

    /// Where a snippet is looked for first: the start of the longest word (the first of
    /// the longest; a long word is seldom a stop word and seldom common), lower case, its
    /// first letters, up to six and at least three, so that "invoices" also finds "invoice"
    /// and "information" "informed"; empty without words.
    #[must_use]
    pub fn near(words: &[String]) -> String {
        let longest = words
            .iter()
            .rev()
            .max_by_key(|w| w.chars().count())
            .map(|w| w.to_lowercase())
            .unwrap_or_default();
        let letters = longest.chars().count();
        let keep = letters.saturating_sub(3).clamp(3, 6).min(letters);
        longest.chars().take(keep).collect()
    }

    /// `ts_headline`'s options: the markers, and about the length of FTS5's snippet (only
    /// constants: they are written into the statement).
    #[must_use]
    fn headline_options() -> String {
        format!(
            "StartSel={HIT_START}, StopSel={HIT_END}, MaxWords=32, MinWords=16, MaxFragments=2, FragmentDelimiter=\" … \""
        )
    }
}

#[cfg(test)]
mod tests {
    use super::text_search::near;

    #[test]
    fn a_snippet_is_looked_for_near_the_start_of_the_longest_word() {
        // (words, where to look, why)
        let table = [
            (
                vec!["Invoices", "police"],
                "invoi",
                "a plural finds its singular",
            ),
            (
                vec!["the", "police", "report"],
                "pol",
                "the first of the longest",
            ),
            (vec!["information"], "inform", "at most six letters"),
            (vec!["police"], "pol", "at least three letters"),
            (vec!["tax"], "tax", "a short word whole"),
            (vec!["ab"], "ab", "shorter than three: itself"),
            (vec!["Ärztin"], "ärz", "letters, not bytes"),
            (vec![], "", "no words: the start of the text"),
        ];
        for (words, expected, why) in table {
            let words: Vec<String> = words.into_iter().map(str::to_owned).collect();
            assert_eq!(near(&words), expected, "{why}");
        }
    }
}
