//! The one way a label and its text are joined for a person to read ("Withdraws the internal
//! review completed: recorded twice", "Summary: the heading is missing"). Issue 14 found a
//! timeline entry that began ": " because an empty label was joined to its text; here an empty
//! side is left out with its colon.

/// `label: text`, or whichever of the two is not blank, or an empty string.
#[must_use]
pub fn labelled(label: &str, text: &str) -> String {
    match (label.trim(), text.trim()) {
        ("", "") => String::new(),
        ("", t) => t.to_owned(),
        (l, "") => l.to_owned(),
        (l, t) => format!("{l}: {t}"),
    }
}

#[cfg(test)]
mod tests {
    use super::labelled;

    #[test]
    fn an_empty_side_leaves_no_colon() {
        let cases = [
            (
                "both",
                "Withdraws",
                "recorded twice",
                "Withdraws: recorded twice",
            ),
            ("no label", "", "recorded twice", "recorded twice"),
            ("blank label", "  ", "recorded twice", "recorded twice"),
            ("no text", "Withdraws", "", "Withdraws"),
            ("blank text", "Withdraws", " ", "Withdraws"),
            ("neither", "", "", ""),
        ];
        for (why, label, text, expected) in cases {
            assert_eq!(labelled(label, text), expected, "{why}");
        }
    }
}
