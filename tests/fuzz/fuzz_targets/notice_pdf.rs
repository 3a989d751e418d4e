//! A decision notice's JSON through to the PDF, as `section50 render` and the service do it:
//! parse, resolve (numbering, cross-references, checks), typeset with typst. Refusals are
//! expected; a panic, a hang or a runaway allocation is a finding.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use section50::domain::notice::Notice;

fuzz_target!(|data: &[u8]| {
    let Ok(notice) = serde_json::from_slice::<Notice>(data) else {
        return;
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid day");
    for issued in [false, true] {
        if let Ok(resolved) = notice.resolve(issued) {
            if let Ok(pdf) = section50::pdf::render(&resolved, notice.date.unwrap_or(today)) {
                assert!(pdf.starts_with(b"%PDF-"), "typst wrote something that is not a PDF");
            }
        }
    }
});
