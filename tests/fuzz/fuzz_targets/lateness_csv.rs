//! The CSV request log of `section50 lateness`: any bytes as the file. Rows that cannot be
//! read are marked invalid and framing errors refuse the file; a panic is a finding.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use section50::domain::regime::Regime;
use section50::domain::settings::ClockSettings;

fuzz_target!(|data: &[u8]| {
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid day");
    let settings = ClockSettings::default();
    for regime in [Regime::Foia, Regime::Eir] {
        let mut input = data;
        let mut output = Vec::new();
        if let Ok((_, summary)) =
            section50::cli::lateness::run(&mut input, &mut output, regime, as_of, &settings)
        {
            assert!(summary.invalid <= summary.rows);
        }
    }
});
