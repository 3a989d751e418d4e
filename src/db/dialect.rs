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
