//! Natural order for names people read: runs of digits compare as numbers, so "Officer 2"
//! comes before "Officer 10"; letters compare without regard to case.

use std::cmp::Ordering;

/// Compares two labels in natural order (digits as numbers, letters case-insensitively; ties
/// broken by the plain comparison so that the order is total).
#[must_use]
pub fn cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n = digits(&mut x);
                let m = digits(&mut y);
                // Compare by value: strip leading zeros, then length, then the digits.
                let (n, m) = (n.trim_start_matches('0'), m.trim_start_matches('0'));
                let order = n.len().cmp(&m.len()).then_with(|| n.cmp(m));
                if order != Ordering::Equal {
                    return order;
                }
            }
            (Some(c), Some(d)) => {
                let order = c.to_lowercase().cmp(d.to_lowercase());
                if order != Ordering::Equal {
                    return order;
                }
                x.next();
                y.next();
            }
        }
    }
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        out.push(c);
        chars.next();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cmp;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn numbers_sort_as_numbers() {
        let cases = [
            (
                "single before double digits",
                "Officer 2",
                "Officer 10",
                Less,
            ),
            ("double after single", "Officer 10", "Officer 9", Greater),
            ("same number", "Officer 3", "Officer 3", Equal),
            ("leading zeros by value", "Team 007", "Team 8", Less),
            ("letters ignore case", "alice", "Bob", Less),
            ("prefix first", "Officer", "Officer 1", Less),
            ("quarters in order", "2024-Q2", "2024-Q10", Less),
        ];
        for (name, a, b, want) in cases {
            assert_eq!(cmp(a, b), want, "{name}: {a} vs {b}");
        }
    }

    #[test]
    fn sorting_a_list() {
        let mut v = vec!["Officer 10", "Officer 2", "Officer 1", "officer 11"];
        v.sort_by(|a, b| cmp(a, b));
        assert_eq!(v, ["Officer 1", "Officer 2", "Officer 10", "officer 11"]);
    }
}
