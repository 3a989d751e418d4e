//! The notice editor's paragraph syntax (`{ref:…}`, `{footnote:…}`, `>` quotes, lists), typed
//! by officers: any text either is refused or reads into parts that write back to text reading
//! into the same parts (what the editor shows is what is saved).
#![no_main]

use libfuzzer_sys::fuzz_target;
use section50::domain::notice::text::{parse_parts, parts_to_text};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parts) = parse_parts(text) else {
        return;
    };
    let written = parts_to_text(&parts);
    let again = parse_parts(&written)
        .unwrap_or_else(|e| panic!("{written:?}, written from {text:?}, is refused: {e:?}"));
    assert_eq!(again, parts, "{text:?} → {written:?} reads differently");
});
