//! The timeline JSON of `POST /api/v1/timeline` and `section50 timeline`: any bytes are parsed
//! and, when they make a timeline, evaluated on two days. Refusals are expected; a panic, an
//! endless loop or a runaway allocation is a finding.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use section50::domain::deadline::evaluate;
use section50::domain::timeline::parse_timeline_json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok((timeline, settings)) = parse_timeline_json(text) else {
        return;
    };
    for as_of in [
        NaiveDate::from_ymd_opt(2026, 11, 23),
        NaiveDate::from_ymd_opt(2031, 1, 2),
    ]
    .into_iter()
    .flatten()
    {
        if let Ok(evaluation) = evaluate(&timeline, &settings, as_of) {
            // What the API sends back must serialise.
            serde_json::to_vec(&evaluation).expect("an evaluation serialises");
        }
    }
});
