//! Helpers shared by the engine tests.

use chrono::NaiveDate;
use std::collections::{BTreeMap, BTreeSet};

/// A date from a literal `YYYY-MM-DD`.
pub fn d(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|_| panic!("bad test date {text}"))
}

/// gov.uk's bank-holidays.json for 2012–2028, per division slug: an independent source.
pub fn gov_uk() -> BTreeMap<String, BTreeSet<NaiveDate>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/gov-uk-bank-holidays-2012-2028.json"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for (division, body) in json.as_object().unwrap() {
        let set = body["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| d(e["date"].as_str().unwrap()))
            .collect();
        out.insert(division.clone(), set);
    }
    out
}
